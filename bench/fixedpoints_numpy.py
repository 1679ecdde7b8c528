#!/usr/bin/env python3
"""Fixed-point iteration benchmark, numpy equivalent of bench/FixedPointBench.java.

Same workload and algorithm as netdyn's Backend.iterateMap: `networks` tanh networks with
Cauchy weights C/N (fan-in, no bias), width N, depth L; M starts uniform in [-1,1]^N;
x <- f(x) for at most T iterations; a start stops when ||f(x)-x||_inf < tol*max(1,||f(x)||_inf)
(converged) or when ||x_{t+1} - x_{t+1-p}||_inf < tol*scale for the smallest p in 2..P while
||x_{t+1} - x_t||_inf > merge_tol*scale (a cycle). Vectorised the way one writes it in numpy:
all networks and starts as one (B, M, N) array, one batched matmul + tanh per layer, finished
starts masked; networks whose starts have all finished are dropped from the arrays every few
steps (so early exit saves work here too). Weights are drawn inside the timed region.

Prints numpy_seconds (best of reps after a warm-up), numpy_cpu_seconds and the status counts.
"""
import sys
import time

import numpy as np


def iterate(w, x0, iters, tol, period, merge_tol):
    b, m, n = x0.shape
    depth = w.shape[1]
    status = np.full((b, m), 2, np.int8)          # 0 converged, 1 cycle, 2 not converged
    evaluations = np.zeros((b, m), np.int64)
    nets = np.arange(b)                            # rows of the working arrays -> network index
    st, ev = status.copy(), evaluations.copy()     # working copies, aligned with x
    x = x0.copy()
    ring = np.empty((period, b, m, n))             # the last P iterates
    ring[0] = x
    active = np.ones((b, m), bool)
    for t in range(iters):
        y = x
        for l in range(depth):
            y = np.tanh(y @ w[:, l].transpose(0, 2, 1))              # (b', M, N) batched GEMM
        ev += active
        diff = np.abs(y - x).max(axis=2)
        scale = np.maximum(1.0, np.abs(y).max(axis=2))
        conv = active & (diff < tol * scale)
        st[conv] = 0
        still = active & ~conv & (diff > merge_tol * scale)
        for p in range(2, min(period, t + 1) + 1):
            close = still & (np.abs(y - ring[(t + 1 - p) % period]).max(axis=2) < tol * scale)
            st[close] = 1
            still &= ~close
        active &= st == 2
        x = np.where(active[:, :, None], y, x)
        ring[(t + 1) % period] = x
        if not active.any():
            break
        if t % 8 == 7:                                                # drop finished networks
            keep = active.any(axis=1)
            if not keep.all():
                gone = nets[~keep]
                status[gone], evaluations[gone] = st[~keep], ev[~keep]
                nets, st, ev, x, active = nets[keep], st[keep], ev[keep], x[keep], active[keep]
                ring, w = ring[:, keep], w[keep]
    status[nets], evaluations[nets] = st, ev
    return status, evaluations


def main():
    a = sys.argv[1:]
    networks, n, depth, m, iters, reps = (int(a[i]) if len(a) > i else d for i, d in enumerate([1024, 16, 8, 64, 200, 1]))
    rng = np.random.default_rng(1)
    best, best_cpu, result = float("inf"), 0.0, None
    for rep in range(reps + 1):                                       # rep 0: warm-up
        t0, c0 = time.perf_counter(), time.process_time()
        w = rng.standard_cauchy((networks, depth, n, n)) / n
        x0 = rng.uniform(-1, 1, (networks, m, n))
        result = iterate(w, x0, iters, 1e-8, 8, 1e-5)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if rep > 0 and wall < best:
            best, best_cpu = wall, cpu
        if rep == 0 and reps == 0:
            best, best_cpu = wall, cpu
    status, evaluations = result
    print(f"numpy_seconds={best:.4f}")
    print(f"numpy_cpu_seconds={best_cpu:.4f}")
    print(f"numpy_networks_per_s={networks / best:.1f}")
    print(f"numpy_map_evaluations={int(evaluations.sum())}")
    print("numpy_starts converged=%d cycle=%d not_converged=%d" % tuple(int((status == s).sum()) for s in range(3)))


if __name__ == "__main__":
    main()
