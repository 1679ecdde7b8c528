#!/usr/bin/env python3
"""Jacobian spectra benchmark, numpy equivalent of bench/JacobianBench.java.

Same workload: `networks` Gaussian tanh networks (sigma_w = 1.2, sigma_b = 0.1, fan-in), width N,
depth L, one input per network at the mean-field q* (computed here independently with
Gauss-Hermite quadrature), singular values of the input-output Jacobian at every `every`-th
layer. Weight generation is inside the timed region, as in the Java harness. Two variants:

  explicit  J_l = D_l W_l J_{l-1} as a batched matmul, np.linalg.svd(J, compute_uv=False)
            (the natural numpy code; its small singular values sit on a rounding floor
            ~1e-16 sigma_1 at depth),
  qr        the algorithm netdyn runs: D W Q = Q R (np.linalg.qr, batched), T <- R T, svd(T).

Prints one line per variant: numpy_<variant>_seconds=<best of reps, after one warm-up>.
"""
import sys
import time

import numpy as np


def q_star(sw2, sb2, q=1.0):
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    for _ in range(2000):
        qn = sw2 * np.sum(w * np.tanh(np.sqrt(q) * z) ** 2) + sb2
        if abs(qn - q) <= 1e-14 * qn:
            break
        q = qn
    return qn


def run(networks, n, depth, every, variant, rng):
    sw, sb = 1.2, 0.1
    q_in = (q_star(sw * sw, sb * sb) - sb * sb) / (sw * sw)
    x = rng.standard_normal((networks, n))
    x *= np.sqrt(q_in * n) / np.linalg.norm(x, axis=1, keepdims=True)
    spectra = []
    eye = np.broadcast_to(np.eye(n), (networks, n, n))
    j = eye.copy()          # explicit: J; qr: Q
    t = eye.copy()          # qr: T
    for l in range(1, depth + 1):
        w = rng.standard_normal((networks, n, n)) * (sw / np.sqrt(n))
        b = rng.standard_normal((networks, n)) * sb
        h = np.einsum('bij,bj->bi', w, x) + b
        d = 1.0 - np.tanh(h) ** 2
        if variant == 'explicit':
            j = d[:, :, None] * (w @ j)
            if l % every == 0:
                spectra.append(np.linalg.svd(j, compute_uv=False))
        else:
            j, r = np.linalg.qr(d[:, :, None] * (w @ j))
            t = r @ t
            t /= np.max(np.abs(t), axis=(1, 2), keepdims=True)   # keep the scale bounded (netdyn: powers of 2)
            if l % every == 0:
                spectra.append(np.linalg.svd(t, compute_uv=False))
        x = np.tanh(h)
    return spectra


def main():
    a = [int(v) for v in sys.argv[1:]]
    networks, n, depth, every, reps = (a + [1024, 64, 50, 10, 3][len(a):])[:5]
    rng = np.random.default_rng(1)
    for variant in ('explicit', 'qr'):
        best = float('inf')
        for rep in range(reps + 1):
            t0 = time.perf_counter()
            run(networks, n, depth, every, variant, rng)
            wall = time.perf_counter() - t0
            if rep > 0:
                best = min(best, wall)
            print(f"numpy {variant} rep {rep}{' (warm-up)' if rep == 0 else ''}: {wall:.3f} s", flush=True)
        print(f"numpy_{variant}_seconds={best:.4f}", flush=True)


if __name__ == '__main__':
    main()
