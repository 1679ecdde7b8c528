#!/usr/bin/env python3
"""The peers of bench/compare.sh: netdyn's workloads W1..W5 written plainly in numpy or PyTorch.

    python3 bench/peers.py W1 --lib numpy --dtype float64 --size full --threads 2 --out peer.csv
    /usr/bin/python3 bench/peers.py W3 --lib torch --dtype float32 ...

"Plainly" means the way one writes it first: every network of the workload stacked into one
array, a batched matmul (`@` over (B, ., N) x (B, N, N) weights) and an elementwise
activation per layer, no hand-written kernels. The peer computes what netdyn's measure
computes (docs/measures/): the same networks count, N, L, starts/probes, iterations, the same
statistics (mean over networks with a 95% interval, written as netdyn's results.csv rows
depth,statistic,value,ci_low,ci_high,n), fan-in-scaled weights of the same distribution, all
drawn inside the process. It does not reproduce netdyn's random draws (netdyn's Philox
counters), so its statistics agree with netdyn's to within their intervals, not digit for digit.

Where the precision changes the algorithm it is said at the spot: with fp32 the fixed-point
tolerance 1e-8 is below fp32's epsilon (6e-8), so the fp32 peers use tol = 1e-6 (merge-tol
stays 1e-5).

Heavy arrays live in the chosen library (`xp` = numpy or torch); small per-network bookkeeping
(status flags, the statistics from the Gram matrices) is numpy float64 on the host, through
zero-copy views for torch CPU tensors.
"""
import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402


# ----------------------------------------------------------------------------- library shim

class Lib:
    """The handful of array operations that differ between numpy and torch."""

    def __init__(self, name, dtype, seed, threads):
        self.name = name
        if name == "numpy":
            self.xp = np
            self.dt = np.float32 if dtype == "float32" else np.float64
            self.rng = np.random.default_rng(seed)
        else:
            import torch
            torch.set_num_threads(threads)
            self.xp = torch
            self.dt = torch.float32 if dtype == "float32" else torch.float64
            self.gen = torch.Generator().manual_seed(seed)
        self.fp32 = dtype == "float32"

    # random draws
    def normal(self, shape):
        if self.name == "numpy":
            return self.rng.standard_normal(shape, dtype=self.dt)
        return self.xp.randn(shape, generator=self.gen, dtype=self.dt)

    def uniform(self, shape, lo, hi):
        if self.name == "numpy":
            return (lo + (hi - lo) * self.rng.random(shape, dtype=self.dt)).astype(self.dt, copy=False)
        return lo + (hi - lo) * self.xp.rand(shape, generator=self.gen, dtype=self.dt)

    def cauchy(self, shape):
        if self.name == "numpy":                 # numpy has no fp32 Cauchy: draw fp64, cast
            return self.rng.standard_cauchy(shape).astype(self.dt)
        return self.xp.empty(shape, dtype=self.dt).cauchy_(generator=self.gen)

    # array helpers
    def host(self, a):
        """numpy view of an array (zero copy for torch CPU tensors)."""
        return a if self.name == "numpy" else a.numpy()

    def dev(self, a):
        """library array from a numpy array."""
        return a if self.name == "numpy" else self.xp.from_numpy(np.ascontiguousarray(a))

    def amax(self, a, axis):
        return np.amax(a, axis=axis) if self.name == "numpy" else self.xp.amax(a, dim=axis)

    def t(self, a):
        """transpose of the last two axes (a view)."""
        return a.swapaxes(-1, -2) if self.name == "numpy" else a.transpose(-1, -2)

    def eye(self, n, batch):
        if self.name == "numpy":
            return np.broadcast_to(np.eye(n, dtype=self.dt), (batch, n, n)).copy()
        return self.xp.eye(n, dtype=self.dt).repeat(batch, 1, 1)

    def qr(self, a):
        return np.linalg.qr(a) if self.name == "numpy" else self.xp.linalg.qr(a)

    def svdvals(self, a):
        return np.linalg.svd(a, compute_uv=False) if self.name == "numpy" else self.xp.linalg.svdvals(a)

    def eigvals(self, a):
        return np.linalg.eigvals(a) if self.name == "numpy" else self.xp.linalg.eigvals(a)

    def isfinite_cols(self, a):
        """(B, N, M) -> (B, M): every entry of the column finite."""
        return self.xp.isfinite(a).all(1) if self.name == "torch" else np.isfinite(a).all(axis=1)


# ----------------------------------------------------------------------------- summaries

def t975(df):
    """Student-t 0.975 quantile (Cornish-Fisher expansion; exact enough for an interval)."""
    z = 1.959963984540054
    if df <= 0:
        return math.nan
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) \
        + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)


def summary(values):
    """mean, ci_low, ci_high, n over the finite values (netdyn's Summary)."""
    v = np.asarray(values, np.float64).ravel()
    v = v[np.isfinite(v)]
    n = v.size
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    m = float(v.mean())
    if n < 2:
        return m, math.nan, math.nan, n
    h = t975(n - 1) * float(v.std(ddof=1)) / math.sqrt(n)
    return m, m - h, m + h, n


class Rows:
    def __init__(self):
        self.rows = []

    def mean(self, depth, stat, values):
        self.rows.append((depth, stat) + summary(values))

    def maximum(self, depth, stat, values):
        v = np.asarray(values, np.float64).ravel()
        v = v[np.isfinite(v)]
        self.rows.append((depth, stat, float(v.max()) if v.size else math.nan, math.nan, math.nan, v.size))

    def write(self, path):
        with open(path, "w") as f:
            f.write("depth,statistic,value,ci_low,ci_high,n\n")
            for d, s, v, lo, hi, n in self.rows:
                f.write(f"{d},{s},{v!r},{lo!r},{hi!r},{n}\n")


# ----------------------------------------------------------------------------- W1 fixed points

def fixed_points(lib, s, rows):
    """fixedpoints measure with --newton off at one depth: iterate M starts per network, merge
    converged end points and cycles, spectral radius of J_f at each point, statistics.

    The starts of a network are the columns of an (N, M) block, so a layer is one batched
    matmul W (B, N, N) @ X (B, N, M) and the inf-norms reduce over axis 1 (numpy reduces a short
    last axis several times slower: rows (B, M, N) made this peer ~2x slower)."""
    xp = lib.xp
    b, n, depth, m, iters = s["networks"], s["width"], s["depth"], s["starts"], s["iters"]
    tol = 1e-6 if lib.fp32 else 1e-8
    merge_tol, period = 1e-5, 8

    wts = lib.cauchy((depth, b, n, n)) / n         # C/N fan-in, layer-major: wts[l] is (B, N, N)
    x = lib.uniform((b, n, m), -1.0, 1.0)         # starts uniform in [-1, 1]^N, as columns

    status = np.full((b, m), 2, np.int8)          # 0 converged, 1 cycle, 2 not converged, 3 diverged
    iterations = np.zeros((b, m), np.int64)
    points = np.zeros((b, m, n))                   # end point of every start (fp64 on the host)
    residual = np.full((b, m), np.nan)
    cyc_period = np.zeros((b, m), np.int64)

    nets = np.arange(b)                            # working row -> network index
    w = wts
    ring = xp.zeros((period, b, n, m), dtype=lib.dt)   # the last P iterates x_{t+1-P} .. x_t
    ring[0] = x
    active = np.ones((b, m), bool)
    for t in range(iters):
        y = x
        for l in range(depth):
            y = xp.tanh(w[l] @ y)
        diff = lib.host(lib.amax(abs(y - x), 1))                 # (b', M)
        scale = np.maximum(1.0, lib.host(lib.amax(abs(y), 1)))
        finite = lib.host(lib.isfinite_cols(y))

        div = active & ~finite
        conv = active & finite & (diff < tol * scale)
        cand = active & finite & ~conv & (diff > merge_tol * scale)
        closed = np.zeros_like(active)
        per = np.zeros(active.shape, np.int64)
        if cand.any():
            for p in range(2, min(period, t + 1) + 1):            # smallest period first
                dp = lib.host(lib.amax(abs(y - ring[(t + 1 - p) % period]), 1))
                hit = cand & ~closed & (dp < tol * scale)
                per[hit] = p
                closed |= hit

        done = div | conv | closed
        if done.any():
            yh = lib.host(y)
            rb, rm = np.nonzero(done)
            g = nets[rb]
            iterations[g, rm] = t + 1
            status[g, rm] = np.where(conv[rb, rm], 0, np.where(closed[rb, rm], 1, 3))
            points[g, rm] = yh[rb, :, rm]
            residual[g, rm] = np.where(div[rb, rm], np.nan, diff[rb, rm])
            cyc_period[g, rm] = per[rb, rm]
            if closed.any():                         # canonical orbit point: lexicographically first
                cb, cm = np.nonzero(closed)
                eps = merge_tol * scale[cb, cm]
                rh = lib.host(ring)
                best = yh[cb, :, cm].copy()
                for k in range(1, period):
                    use = per[cb, cm] > k
                    if not use.any():
                        continue
                    other = rh[(t + 1 - k) % period, cb, :, cm]
                    less = lex_less(other, best, eps) & use
                    best[less] = other[less]
                points[nets[cb], cm] = best
            active &= ~done

        x = y
        ring[(t + 1) % period] = y
        if not active.any():
            break
        if t % 8 == 7:                               # drop networks whose starts all finished
            keep = active.any(axis=1)
            if not keep.all():
                ki = np.nonzero(keep)[0]
                kd = lib.dev(ki)
                nets, active = nets[ki], active[ki]
                x, w, ring = x[kd], w[:, kd], ring[:, kd]

    # starts still running after T steps: their last iterate
    rb, rm = np.nonzero(active)
    if rb.size:
        xh = lib.host(x)
        points[nets[rb], rm] = xh[rb, :, rm]
        iterations[nets[rb], rm] = iters

    # merge converged end points per network (greedy in start order, as netdyn), and cycles
    conv_all = status == 0
    cand_of = merge(points, conv_all, merge_tol)               # (b, m): index of its point, -1
    cyc_all = status == 1
    cyc_of = merge(points, cyc_all, merge_tol, cyc_period)

    # spectral radius of J_f at every distinct point: J = D_L W_L ... D_1 W_1
    pb, pm = np.nonzero((cand_of == np.arange(m)[None, :]) & conv_all)
    rho = np.full(pb.size, np.nan)
    if pb.size:
        kd = lib.dev(pb)
        xq = lib.dev(points[pb, pm].astype(np.float32 if lib.fp32 else np.float64))[:, :, None]
        jac = lib.eye(n, pb.size)
        for l in range(depth):
            wl = wts[l][kd]                                    # (P, N, N)
            a = xp.tanh(wl @ xq)                               # (P, N, 1)
            jac = (1 - a * a) * (wl @ jac)                     # D_l W_l J
            xq = a
        ev = lib.host(lib.eigvals(jac))
        rho = np.abs(ev).max(axis=1).astype(np.float64)
    stable = rho < 1

    # per-network values (docs/measures/fixedpoints.md)
    q_stable = np.zeros(b)
    q_unstable = np.zeros(b)
    rho_max = np.full(b, np.nan)
    basin_max = np.zeros(b)
    res_max = np.full(b, np.nan)
    basins = np.zeros((b, m), np.int64)
    np.add.at(basins, (np.nonzero(conv_all)[0], cand_of[conv_all]), 1)
    for k in range(pb.size):
        nb, sm = pb[k], pm[k]
        if stable[k]:
            q_stable[nb] += 1
            rho_max[nb] = rho[k] if np.isnan(rho_max[nb]) else max(rho_max[nb], rho[k])
            basin_max[nb] = max(basin_max[nb], basins[nb, sm] / m)
        else:
            q_unstable[nb] += 1
        res_max[nb] = residual[nb, sm] if np.isnan(res_max[nb]) else max(res_max[nb], residual[nb, sm])
    conv_n = conv_all.sum(axis=1)
    it_mean = np.where(conv_n > 0, (iterations * conv_all).sum(axis=1) / np.maximum(conv_n, 1), np.nan)
    n_cycles = (cyc_of == np.arange(m)[None, :]) & cyc_all
    period_max = np.where(n_cycles, cyc_period, 0).max(axis=1)

    L = depth
    rows.mean(L, "q_stable_mean", q_stable)
    rows.mean(L, "p_q0", q_stable == 0)
    rows.mean(L, "p_q1", q_stable == 1)
    rows.mean(L, "p_q2plus", q_stable >= 2)
    rows.mean(L, "q_unstable_mean", q_unstable)
    rows.mean(L, "q_reached_mean", q_stable)            # without Newton every point was reached
    rows.mean(L, "converged_frac", conv_n / m)
    rows.mean(L, "not_converged_frac", ((status == 2) | (status == 3)).sum(axis=1) / m)
    rows.mean(L, "cycle_frac", cyc_all.sum(axis=1) / m)
    rows.mean(L, "p_cycle", n_cycles.any(axis=1))
    rows.mean(L, "p_unique_attractor", (q_stable == 1) & (conv_n == m))
    rows.mean(L, "spectral_radius_mean", rho_max)
    rows.mean(L, "iterations_mean", it_mean)
    rows.mean(L, "basin_max_mean", basin_max)
    rows.maximum(L, "q_stable_max", q_stable)
    rows.maximum(L, "spectral_radius_max", rho_max)
    rows.maximum(L, "residual_max", res_max)
    rows.maximum(L, "cycle_period_max", period_max)


def lex_less(u, v, eps):
    """Row-wise: u lexicographically before v, coordinates within eps equal."""
    lt = u < v - eps[:, None]
    gt = u > v + eps[:, None]
    decided = lt | gt
    first = decided.argmax(axis=1)
    r = np.arange(u.shape[0])
    return decided[r, first] & lt[r, first]


def merge(points, mask, tol, period=None):
    """Greedy merging in start order, vectorised over networks: start s joins the first earlier
    representative within tol*max(1, |u|, |v|) (and of the same period, for cycles); returns the
    representative's start index per start (-1 where mask is false)."""
    b, m, n = points.shape
    rep = np.full((b, m), -1, np.int64)
    is_rep = np.zeros((b, m), bool)
    norm = np.abs(points).max(axis=2)
    for s in range(m):
        if not mask[:, s].any():
            continue
        if s > 0:
            d = np.abs(points[:, :s] - points[:, s:s + 1]).max(axis=2)          # (b, s)
            close = d <= tol * np.maximum(1.0, np.maximum(norm[:, :s], norm[:, s:s + 1]))
            close &= is_rep[:, :s]
            if period is not None:
                close &= period[:, :s] == period[:, s:s + 1]
            has = close.any(axis=1)
            first = close.argmax(axis=1)
        else:
            has = np.zeros(b, bool)
            first = np.zeros(b, np.int64)
        ms = mask[:, s]
        rep[ms & has, s] = first[ms & has]
        new = ms & ~has
        rep[new, s] = s
        is_rep[new, s] = True
    return rep


# ----------------------------------------------------------------------------- W2 Jacobian spectra

def q_star_tanh(sw2, sb2):
    """Mean-field fixed point of the tanh length map (from q = 1); 0 for sigma_b = 0, sigma_w <= 1."""
    if sb2 == 0 and sw2 <= 1:
        return 0.0
    z, wts = np.polynomial.hermite_e.hermegauss(101)
    wts = wts / wts.sum()
    q = 1.0
    for _ in range(10000):
        qn = sw2 * float(np.sum(wts * np.tanh(math.sqrt(q) * z) ** 2)) + sb2
        if abs(qn - q) <= 1e-14 * qn:
            return qn
        q = qn
    return q


def jacobian(lib, s, rows, variant):
    """jacobian measure, singular values only: the input-output Jacobian J_l = D_l W_l ... D_1 W_1
    of every network at one input at q*, its singular values at the requested depths.

    variant 'qr'       the product kept factored, D W Q = Q R, T <- R T, sigma(J) = sigma(T)
                       (netdyn's algorithm; accurate down to the floating-point range);
    variant 'explicit' J <- D W J as a batched matmul, svd(J): what one writes first, but its
                       small singular values sit on a rounding floor ~eps*sigma_1, so
                       condition_log10 and logsigma_mean saturate at depth (see performance.md).
    """
    xp = lib.xp
    b, n, depths = s["networks"], s["width"], s["depths"]
    sw, sb = 1.0, 0.0
    q_in = (q_star_tanh(sw * sw, sb * sb) - sb * sb) / (sw * sw)
    x = lib.normal((b, 1, n))                                 # a random point on the sphere q_in
    x = x * (math.sqrt(q_in * n) / (x * x).sum(-1, keepdims=True) ** 0.5)
    want = set(depths)
    logs = {}
    j = lib.eye(n, b)                    # explicit: J; qr: Q
    tri = lib.eye(n, b)                  # qr: T (rescaled)
    log_scale = np.zeros(b)              # qr: ln of the factor taken out of T
    for l in range(1, depths[-1] + 1):
        wt = lib.normal((b, n, n)) * (sw / math.sqrt(n))      # W^T, i.i.d.
        h = x @ wt                                           # (b, 1, N): h = W x
        a = xp.tanh(h)
        d = lib.t(1 - a * a)                                 # (b, N, 1): D as a column
        if variant == "explicit":
            j = d * (lib.t(wt) @ j)
            if l in want:
                sv = lib.host(lib.svdvals(j)).astype(np.float64)
                with np.errstate(divide="ignore"):
                    logs[l] = np.log(sv)
        else:
            j, r = lib.qr(d * (lib.t(wt) @ j))
            tri = r @ tri
            mx = lib.amax(lib.amax(abs(tri), 2), 1)          # (b,)
            tri = tri / mx[:, None, None]
            log_scale += np.log(lib.host(mx).astype(np.float64))
            if l in want:
                sv = lib.host(lib.svdvals(tri)).astype(np.float64)
                with np.errstate(divide="ignore"):
                    logs[l] = np.log(sv) + log_scale[:, None]
        x = a
    for l in depths:
        ls = logs[l]                                          # (b, N), descending
        with np.errstate(over="ignore", invalid="ignore"):
            sig2 = np.exp(2 * ls)
            rows.mean(l, "m1", sig2.mean(axis=1))
            rows.mean(l, "m2", (sig2 * sig2).mean(axis=1))
            rows.mean(l, "logsigma_mean", ls.mean(axis=1) / l)
            rows.mean(l, "sigma_max", np.exp(ls[:, 0]))
            rows.mean(l, "condition_log10", (ls[:, 0] - ls[:, -1]) / math.log(10))
        fin = ls[np.isfinite(ls)]
        np.histogram(fin, bins=60)                            # esd.csv's log-sigma histogram


# ----------------------------------------------------------------------------- W3, W4 propagation

def propagation(lib, s, rows):
    """propagation measure: S probes per network through L layers, the Gram matrices of the
    pre-activations, outputs and sign bits at every depth, the statistics from them."""
    xp = lib.xp
    b, n, depth, sp = s["networks"], s["width"], s["depth"], s["probes"]
    sw, q0, c0, distinct_tol = 1.0, 1.0, 0.0, 1e-3
    g = lib.normal((b, 1, n))
    x = math.sqrt(c0) * g + math.sqrt(1 - c0) * lib.normal((b, sp, n))
    x = x * (math.sqrt(q0 * n) / (x * x).sum(-1, keepdims=True) ** 0.5)
    grams = []
    for _ in range(depth):
        wt = lib.normal((b, n, n)) * (sw / math.sqrt(n))    # W^T, i.i.d.
        h = x @ wt                                          # (b, S, N): rows h_s = W x_s
        y = xp.tanh(h)
        bits = (y > 0).to(lib.dt) if lib.name == "torch" else (y > 0).astype(lib.dt)
        grams.append((lib.host(h @ lib.t(h)), lib.host(y @ lib.t(y)), lib.host(bits @ lib.t(bits))))
        x = y
    iu, ju = np.triu_indices(sp, 1)
    for l, (gh, gy, gb) in enumerate(grams, start=1):
        gh, gy, gb = (a.astype(np.float64) for a in (gh, gy, gb))
        dh = np.diagonal(gh, axis1=1, axis2=2)
        dy = np.diagonal(gy, axis1=1, axis2=2)
        db = np.diagonal(gb, axis1=1, axis2=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = gh[:, iu, ju] / np.sqrt(dh[:, iu] * dh[:, ju])
            cos = gy[:, iu, ju] / np.sqrt(dy[:, iu] * dy[:, ju])
        ham = (db[:, iu] + db[:, ju] - 2 * gb[:, iu, ju]) / n
        ev = np.sqrt(np.maximum(np.linalg.eigvalsh(gy), 0))[:, ::-1]     # sigma_k, descending
        tot = ev.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = ev / tot
            ent = -np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0).sum(axis=1)
            ok = (tot[:, 0] > 0) & np.isfinite(tot[:, 0])
            erank = np.where(ok, np.exp(ent), np.nan)
            ratio = np.where(ok, ev[:, 1] / ev[:, 0], np.nan)
        d2 = dy[:, :, None] + dy[:, None, :] - 2 * gy
        scl = np.maximum(dy[:, :, None], dy[:, None, :])
        close = np.tril(d2 <= distinct_tol ** 2 * scl, -1)                 # j < i
        distinct = (~close.any(axis=2)).sum(axis=1)
        rows.mean(l, "q", np.trace(gh, axis1=1, axis2=2) / (sp * n))
        rows.mean(l, "c", c.mean(axis=1))
        rows.mean(l, "cos_mean", cos.mean(axis=1))
        rows.mean(l, "d_mean", ((1 - cos) / 2).mean(axis=1))
        rows.mean(l, "d_theta_mean", (np.arccos(np.clip(cos, -1, 1)) / math.pi).mean(axis=1))
        rows.mean(l, "hamming_mean", ham.mean(axis=1))
        rows.mean(l, "effective_rank", erank)
        rows.mean(l, "sv_ratio", ratio)
        rows.mean(l, "distinct_outputs", distinct)


# ----------------------------------------------------------------------------- W5 training

def training(lib, s, rows):
    """--task autoencode:random:P with full-batch Adam for T steps, then the weights measure's
    spectral_norm (lambda_max of W W^T = sigma_max^2) and log_norm (log10 ||W||_F^2) per layer.

    All B networks stacked: W (B, N, N) with rows W[i, :], b (B, 1, N); the P patterns x (P, N)
    shared by every network. Forward h = x W^T + b, a = tanh(h); loss (1/P) sum_s 1/2 ||a_L - x||^2;
    backward delta = g * (1 - a^2), dW = delta^T x_prev, db = sum_s delta, g_prev = delta W;
    Adam on every W and b (m, v moments, bias corrections 1 - beta^t)."""
    xp = lib.xp
    b, n, depth, p, steps, lr = s["networks"], s["width"], s["depth"], s["patterns"], s["steps"], s["lr"]
    b1, b2, eps = 0.9, 0.999, 1e-8
    x = lib.uniform((p, n), -0.8, 0.8)
    ws = [lib.normal((b, n, n)) * (1 / math.sqrt(n)) for _ in range(depth)]
    bs = [xp.zeros_like(ws[0][:, :1, :]) for _ in range(depth)]
    params = [t for l in range(depth) for t in (ws[l], bs[l])]
    m = [xp.zeros_like(t) for t in params]
    v = [xp.zeros_like(t) for t in params]
    for t in range(1, steps + 1):
        acts = [x]
        for l in range(depth):
            acts.append(xp.tanh(acts[-1] @ lib.t(ws[l]) + bs[l]))
        g = (acts[-1] - x) * (1.0 / p)
        grads = [None] * (2 * depth)
        for l in range(depth - 1, -1, -1):
            d = g * (1 - acts[l + 1] * acts[l + 1])
            grads[2 * l] = lib.t(d) @ acts[l]
            grads[2 * l + 1] = d.sum(1, keepdims=True) if lib.name == "numpy" else d.sum(1, keepdim=True)
            if l > 0:
                g = d @ ws[l]
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        for k, th in enumerate(params):
            gk = grads[k]
            m[k] *= b1
            m[k] += (1 - b1) * gk
            v[k] *= b2
            v[k] += (1 - b2) * gk * gk
            th -= lr * ((m[k] / c1) / (xp.sqrt(v[k] / c2) + eps))
    for l in range(depth):
        w = lib.host(ws[l]).astype(np.float64)
        sv = np.linalg.svd(w, compute_uv=False)
        rows.mean(l + 1, "spectral_norm", sv[:, 0] ** 2)
        rows.mean(l + 1, "log_norm", np.log10((w * w).sum(axis=(1, 2))))


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workload", choices=["W1", "W2", "W3", "W4", "W5"])
    ap.add_argument("--lib", choices=["numpy", "torch"], default="numpy")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float64")
    ap.add_argument("--size", choices=sorted(workloads.SIZES), default="full")
    ap.add_argument("--variant", choices=["qr", "explicit"], default="qr", help="W2 only")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="results CSV (depth,statistic,value,ci_low,ci_high,n)")
    a = ap.parse_args()
    lib = Lib(a.lib, a.dtype, a.seed, a.threads)
    s = workloads.SIZES[a.size][a.workload]
    rows = Rows()
    if a.workload == "W1":
        fixed_points(lib, s, rows)
    elif a.workload == "W2":
        jacobian(lib, s, rows, a.variant)
    elif a.workload == "W5":
        training(lib, s, rows)
    else:
        propagation(lib, s, rows)
    if a.out:
        rows.write(a.out)


if __name__ == "__main__":
    main()
