#!/usr/bin/env python3
"""Large-N propagate benchmark, numpy equivalent of bench/PropagateLargeBench.java.

Same workload: `networks` Gaussian tanh networks (sigma_w = 1.5, sigma_b = 0.1, fan-in), width N,
depth L, S probe inputs (q0 = 1, c0 = 0.3, on the sphere of radius sqrt(q0 N)); per layer
H = X W^T + b (batched matmul), Y = tanh H, and the Grams H H^T, Y Y^T, B B^T (B = 1[Y > 0] as
doubles) — the PropagationGrams netdyn returns. Weights are drawn inside the timed region
(numpy's PCG64 + ziggurat normals: far cheaper per draw than netdyn's Philox + Box-Muller, which
buys reproducibility across backends and thread counts).

Prints numpy_seconds=<best of reps, after one warm-up>.
"""
import sys
import time

import numpy as np


def run(networks, n, s, depth, rng):
    sw, sb, q0, c0 = 1.5, 0.1, 1.0, 0.3
    g = rng.standard_normal((networks, 1, n))
    x = np.sqrt(c0) * g + np.sqrt(1 - c0) * rng.standard_normal((networks, s, n))
    x *= np.sqrt(q0 * n) / np.linalg.norm(x, axis=2, keepdims=True)
    grams = []
    for _ in range(depth):
        w = rng.standard_normal((networks, n, n)) * (sw / np.sqrt(n))
        b = rng.standard_normal((networks, 1, n)) * sb
        h = (w @ x.transpose(0, 2, 1)).transpose(0, 2, 1) + b   # W X^T: 5x faster here than x @ w^T
        y = np.tanh(h)
        bits = (y > 0).astype(np.float64)
        grams.append((h @ h.transpose(0, 2, 1), y @ y.transpose(0, 2, 1), bits @ bits.transpose(0, 2, 1)))
        x = y
    return grams


def main():
    a = [int(v) for v in sys.argv[1:]]
    networks, n, s, depth, reps = (a + [8, 512, 8, 10, 3][len(a):])[:5]
    rng = np.random.default_rng(1)
    best = float('inf')
    for rep in range(reps + 1):
        t0 = time.perf_counter()
        run(networks, n, s, depth, rng)
        wall = time.perf_counter() - t0
        if rep > 0:
            best = min(best, wall)
        print(f"numpy rep {rep}{' (warm-up)' if rep == 0 else ''}: {wall:.3f} s", flush=True)
    print(f"numpy_seconds={best:.4f}", flush=True)


if __name__ == '__main__':
    main()
