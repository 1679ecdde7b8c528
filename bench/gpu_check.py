#!/usr/bin/env python3
"""Helpers of bench/gpu-check.sh: the cpu-vs-cuda results.csv comparison, the roofline
predictions of docs/gpu.md for the W1..W5 workloads, and the markdown table.

    python3 bench/gpu_check.py compare CPU_DIR CUDA_DIR     # exit 0 when the two agree
    python3 bench/gpu_check.py predict --size gpu           # the predictions, one per workload
    python3 bench/gpu_check.py report --work DIR --size gpu --out FILE.md

Agreement (same rows, then per value, ci_low, ci_high: |a − b| ≤ rel·max(|a|, |b|) + abs):

- propagation, jacobian: rel 1e-9, abs 1e-12. The kernels are the CPU's sums in the CPU's
  order; a GPU contracts multiply-adds to FMA, which moves results by rounding (the emulator,
  without FMA, is within 1e-12 of the CPU). The abs term is for means of zero-mean quantities
  (c, cos_mean ≈ 1e-4 here), whose relative difference is their rounding over a tiny mean.
- fixedpoints: rel 2e-2, abs 1e-6 (the bound of GpuSweepTest), residual_max abs 1e-8 (= --tol:
  both sides are below it by construction). Fixed-point statistics count discrete outcomes: a
  chaotic start (heavy-tailed cauchy weights: ~20% of the starts never settle) amplifies an ulp
  of FMA rounding into a different orbit, and a start whose step size crosses the tolerance one
  step earlier or later changes iterations_mean; a few starts out of 10^6 may change status.
- n (the networks behind a value) must be equal (fixedpoints: within 2%, e.g. the networks with a
  stable point behind spectral_radius_mean); theory columns are host code on both sides.
The largest relative difference seen per statistic is printed, so looser bounds can be tightened
from real runs.
"""
import argparse
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import workloads  # noqa: E402

KEY = ("measure", "width", "depth", "dist", "activation", "bias", "statistic")
VALUES = ("value", "ci_low", "ci_high", "theory")


def tolerance(measure, statistic):
    if measure == "fixedpoints":
        if statistic == "residual_max":
            return 0.0, 1e-8
        return 2e-2, 1e-6
    return 1e-9, 1e-12


def read(path):
    with open(path) as f:
        return {tuple(r[k] for k in KEY): r for r in csv.DictReader(f)}


def compare(cpu_csv, cuda_csv):
    """(ok, lines): lines describe the problems and the largest differences per statistic."""
    a, b = read(cpu_csv), read(cuda_csv)
    lines = []
    if set(a) != set(b):
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        lines.append(f"different rows: {len(only_a)} only on cpu, {len(only_b)} only on cuda "
                     f"(first: {(only_a or only_b)[0]})")
        return False, lines
    ok = True
    worst = {}
    for k, ra in a.items():
        rb = b[k]
        measure, stat = k[0], k[6]
        na, nb = int(ra["n"]), int(rb["n"])
        if na != nb and not (measure == "fixedpoints" and abs(na - nb) <= 0.02 * max(na, nb)):
            ok = False
            lines.append(f"{stat} depth {k[2]}: n {ra['n']} vs {rb['n']}")
        rel, ab = tolerance(measure, stat)
        for col in VALUES:
            x, y = float(ra[col]), float(rb[col])
            if math.isnan(x) and math.isnan(y) or x == y:
                d = 0.0
            elif not (math.isfinite(x) and math.isfinite(y)):
                d = math.inf
            else:
                d = abs(x - y)
            scale = max(abs(x), abs(y)) if math.isfinite(x) and math.isfinite(y) else 0.0
            r = d / scale if scale > 0 else (0.0 if d == 0 else math.inf)
            w = worst.setdefault(stat, [0.0, 0.0])
            w[0], w[1] = max(w[0], r), max(w[1], d)
            if d > rel * scale + ab:
                if ok or len(lines) < 12:
                    lines.append(f"{stat} depth {k[2]} {col}: cpu {x!r} cuda {y!r} (|Δ| {d:.3g}, rel {r:.3g})")
                ok = False
    lines.append("largest relative difference per statistic: " +
                 ", ".join(f"{s} {w[0]:.2g}" for s, w in sorted(worst.items())))
    return ok, lines


# ----------------------------------------------------------------------------- roofline predictions

# H100 SXM figures used throughout docs/gpu.md (an H200 has the same fp64 rate and SM count,
# and more memory bandwidth): fp64 34 TFLOP/s, int32 16 T op/s, HBM 3 TB/s, L1-bound fp64
# multiply-adds ~8 TFLOP/s, 132 SMs, PCIe ~25 GB/s effective for large copies.
FP64, INT, HBM, L1, SMS, PCIE = 34e12, 16e12, 3e12, 8e12, 132, 25e9


def predict(w, s):
    """(seconds of device work, how) from the roofline models of docs/gpu.md."""
    if w == "W1":
        # iterate_map, "predicted H100 (L1 roofline)": flops = M·T̄·l·(2N² + 20N) per network. With
        # ~20% of the starts never settling, every warp of 32 starts runs to T: T̄ = T.
        n, l, m, t, b = s["width"], s["depth"], s["starts"], s["iters"], s["networks"]
        fl = b * m * t * l * (2 * n * n + 20 * n)
        return fl / L1, f"iterate_map L1 roofline: {fl:.2g} flop / 8 TFLOP/s (T̄ = T)"
    if w == "W2":
        # jacobian_spectra "predicted v1 (latency model: 4 blocks/SM × 132 SMs)": N = 64 costs
        # ≈ 150 µs per layer and ≈ 1.5 ms per singular-value depth per block.
        n, b, d = s["width"], s["networks"], s["depths"]
        waves = math.ceil(b / (4 * SMS))
        per = (d[-1] * 150e-6 + len(d) * 1.5e-3) * (n / 64) ** 3
        return waves * per, f"jacobian_spectra latency model: {waves} waves × {per * 1e3:.1f} ms"
    if w == "W3":
        # propagate (small N): max(int, fp64) terms of "Roofline of propagate" + the Gram stacks
        # over PCIe (3·L·S²·8 bytes per network); the host statistics are not modelled.
        n, l, sp, b = s["width"], s["depth"], s["probes"], s["networks"]
        it = 80 * l * (n * n + n)
        fl = it + 2 * l * sp * n * n + 4 * l * sp * (sp + 1) / 2 * n + 30 * l * sp * n
        by = 3 * l * sp * sp * 8
        t = b * max(it / INT, fl / FP64) + b * by / PCIE
        return t, f"propagate: {b * max(it / INT, fl / FP64) * 1e3:.2g} ms kernel + {b * by / 1e9:.2g} GB to the host"
    if w == "W4":
        # large-N path: per network and layer N² draws (80 int ops) and 16·N² bytes of W traffic,
        # plus ~7 launches per layer at ~10 µs ("Roofline of the large-N propagate path").
        n, l, b = s["width"], s["depth"], s["networks"]
        work = b * l * (80 * n * n / INT + 16 * n * n / HBM)
        return work + 7 * l * 10e-6, f"large-N path: {work * 1e3:.2g} ms work + {7 * l} launches × 10 µs"
    if w == "W5":
        # train "latency model" ("Roofline of train"): one block per network, 2 blocks per SM;
        # a step is 4L + 4 barrier-separated phases of ≈ 0.6 µs each; ⌈B / (2·132)⌉ waves.
        n, l, b, t = s["width"], s["depth"], s["networks"], s["steps"]
        waves = math.ceil(b / (2 * SMS))
        per = (4 * l + 4) * 0.6e-6 * max(1.0, (n / 32) ** 2)
        return waves * t * per, f"train latency model: {waves} waves × {t} steps × {per * 1e6:.1f} µs"
    raise ValueError(w)


# ----------------------------------------------------------------------------- report

def steps(work):
    """steps.tsv: name, rc, seconds, note (gpu-check.sh appends one line per step)."""
    out = {}
    try:
        with open(os.path.join(work, "steps.tsv")) as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 3:
                    out[p[0]] = (int(p[1]), float(p[2]), p[3] if len(p) > 3 else "")
    except OSError:
        pass
    return out


def report(work, size, out, header):
    st = steps(work)
    lines = [header, ""]

    def stat(name):
        if name not in st:
            return "not run", math.nan
        rc, sec, note = st[name]
        if rc == 0:
            return "ok", sec
        what = {124: "timed out", 137: "killed (timeout)", -1: "skipped"}.get(rc, f"failed (rc {rc})")
        return f"{what}{': ' + note if note else ''}", math.nan

    for name in ("build", "info", "gpu-tests"):
        if name in st:
            rc, secs, note = st[name]
            if rc == -1:
                lines.append(f"- {name}: {note or 'not run'}")
            else:
                lines.append(f"- {name}: {'ok' if rc == 0 else stat(name)[0]} ({secs:.1f} s)"
                             f"{' — ' + note if note and rc == 0 else ''}")
    su_cpu, su_cuda = stat("startup-cpu")[1], stat("startup-cuda")[1]
    lines.append(f"- start-up (a one-network sweep): cpu {fmt(su_cpu)} s, cuda {fmt(su_cuda)} s "
                 "(JVM, CUDA context, module load)")
    lines.append("")
    lines.append("| workload | cpu s | cuda s | measured speed-up | roofline device s (docs/gpu.md) | "
                 "predicted speed-up = cpu s / (cuda start-up + roofline) | measured / predicted | cpu = cuda results.csv |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---|")
    notes = []
    for w in ("W1", "W2", "W3", "W4", "W5"):
        s = workloads.SIZES[size][w]
        cs, c = stat(f"{w}-cpu")
        gs, g = stat(f"{w}-cuda")
        pred, how = predict(w, s)
        meas = c / g if math.isfinite(c) and math.isfinite(g) and g > 0 else math.nan
        psu = c / (su_cuda + pred) if math.isfinite(c) and math.isfinite(su_cuda) else math.nan
        ratio = meas / psu if math.isfinite(meas) and math.isfinite(psu) and psu > 0 else math.nan
        cpu_csv = os.path.join(work, f"{w}-cpu", "results.csv")
        cuda_csv = os.path.join(work, f"{w}-cuda", "results.csv")
        if os.path.exists(cpu_csv) and os.path.exists(cuda_csv):
            ok, why = compare(cpu_csv, cuda_csv)
            agree = "yes" if ok else "**no**"
            notes.append(f"- {w}: {'agree' if ok else 'DIFFER'}; " + "; ".join(why))
        else:
            agree = "—"
        cell_c = fmt(c) if math.isfinite(c) else cs
        cell_g = fmt(g) if math.isfinite(g) else gs
        lines.append(f"| {w} {workloads.TITLES[w]} ({workloads.describe(w, s)}) | {cell_c} | {cell_g} | "
                     f"{fmt(meas)}× | {pred:.3g} ({how}) | {fmt(psu)}× | {fmt(ratio)} | {agree} |")
    lines.append("")
    lines += notes
    text = "\n".join(lines) + "\n"
    with open(out, "w") as f:
        f.write(text)
    return text


def fmt(v):
    return "—" if not math.isfinite(v) else (f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("cpu_dir")
    c.add_argument("cuda_dir")
    p = sub.add_parser("predict")
    p.add_argument("--size", default="gpu")
    r = sub.add_parser("report")
    r.add_argument("--work", required=True)
    r.add_argument("--size", default="gpu")
    r.add_argument("--out", required=True)
    r.add_argument("--header", default="# GPU check")
    a = ap.parse_args()
    if a.cmd == "compare":
        ok, lines = compare(os.path.join(a.cpu_dir, "results.csv"), os.path.join(a.cuda_dir, "results.csv"))
        print(("agree: " if ok else "DIFFER: ") + "; ".join(lines))
        return 0 if ok else 1
    if a.cmd == "predict":
        for w in ("W1", "W2", "W3", "W4", "W5"):
            t, how = predict(w, workloads.SIZES[a.size][w])
            print(f"{w}: {t:.3g} s  ({how})")
        return 0
    print(report(a.work, a.size, a.out, a.header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
