#!/usr/bin/env python3
"""netdyn against the peers a user would write (bench/peers.py), whole processes, one table.

Run through bench/compare.sh (which builds the jar and finds the Pythons). Every workload of
bench/workloads.py runs as separate processes — `java -jar target/netdyn.jar sweep ...` (JVM
start included) and `python3 bench/peers.py ...` (interpreter and imports included) — in rounds:
each round runs every implementation once, the order rotated from round to round, so netdyn
and each peer alternate. Medians over the rounds, ratios peer / netdyn (> 1: netdyn is faster),
and a check that each peer's statistics agree with netdyn's (different random draws: agreement
within the 95% intervals, not digit for digit). Writes a markdown report.
"""
import argparse
import csv
import datetime
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import workloads  # noqa: E402

PEERS = {  # name -> (python kind, lib, dtype, W2 variant)
    "numpy fp32": ("numpy", "numpy", "float32", "qr"),
    "numpy fp64": ("numpy", "numpy", "float64", "qr"),
    "torch fp32": ("torch", "torch", "float32", "qr"),
    "torch fp64": ("torch", "torch", "float64", "qr"),
}
EXPLICIT = {  # W2 only: the explicit product, what one writes first (wrong small singular values)
    "numpy fp32 explicit": ("numpy", "numpy", "float32", "explicit"),
    "numpy fp64 explicit": ("numpy", "numpy", "float64", "explicit"),
    "torch fp32 explicit": ("torch", "torch", "float32", "explicit"),
    "torch fp64 explicit": ("torch", "torch", "float64", "explicit"),
}


# ----------------------------------------------------------------------------- machine

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def cpu_jiffies():
    """(busy, total) jiffies of all CPUs from /proc/stat, or None."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v) - idle, sum(v)


CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_busy(seconds=0.5):
    """Cores busy with other work right now (from /proc/stat over `seconds`), or NaN."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + (v[4] if len(v) > 4 else 0)
    try:
        t0, i0 = snap()
        time.sleep(seconds)
        t1, i1 = snap()
    except OSError:
        return math.nan
    total = t1 - t0
    return (os.cpu_count() or 1) * (1 - (i1 - i0) / total) if total > 0 else math.nan


def wait_quiet(max_wait, limit=0.3):
    """Waits (up to max_wait s) until other work uses < `limit` cores; returns the busy cores seen."""
    deadline = time.time() + max_wait
    busy = cpu_busy()
    while busy > limit and time.time() < deadline:
        time.sleep(3)
        busy = cpu_busy()
    return busy


def run_cmd(cmd, env, timeout, log):
    """Runs cmd; returns (wall s, cpu s, rc). stdout/stderr go to `log`."""
    t0 = time.perf_counter()
    with open(log, "ab") as lf:
        p = subprocess.Popen(cmd, env=env, stdout=lf, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            _, status, ru = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
        except KeyboardInterrupt:
            p.kill()
            raise
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, p.returncode


def sweep_seconds(log):
    """The sweep's own time from netdyn's last stderr line ("netdyn: cpu backend, 2.5 s; wrote ...");
    the log holds every attempt of a repeated run, so the last such line is this run's."""
    found = math.nan
    try:
        with open(log, errors="replace") as f:
            for line in f:
                if "backend, " in line and " s; wrote" in line:
                    found = float(line.split("backend, ", 1)[1].split(" s;", 1)[0])
    except (OSError, ValueError):
        pass
    return found


def run_timed(cmd, env, timeout, log):
    """(wall s, cpu s, rc, others): others = cores other processes kept busy during the run (all
    CPU time the machine spent minus this process's own, over the wall time)."""
    wrapped = ["timeout", "-k", "10", str(int(timeout))] + cmd if shutil.which("timeout") else cmd
    j0 = cpu_jiffies()
    wall, cpu, rc = run_cmd(wrapped, env, timeout, log)
    j1 = cpu_jiffies()
    others = math.nan
    if j0 and j1 and wall > 0:
        others = max(0.0, ((j1[0] - j0[0]) / CLK_TCK - cpu) / wall)
    return wall, cpu, rc, others


# ----------------------------------------------------------------------------- results check

def read_rows(path):
    out = {}
    try:
        with open(path) as f:
            for r in csv.DictReader(f):
                out[(int(r["depth"]), r["statistic"])] = (float(r["value"]), float(r["ci_low"]),
                                                          float(r["ci_high"]), int(r["n"]))
    except (OSError, ValueError, KeyError):
        pass
    return out


def agree(a, b):
    """Same statistic from two independent samples: |Δ| within 2x the combined half-widths
    (or equal when both intervals are degenerate)."""
    va, la, ha, _ = a
    vb, lb, hb, _ = b
    if not (math.isfinite(va) and math.isfinite(vb)):
        return False
    wa = (ha - la) / 2 if math.isfinite(ha - la) else 0.0
    wb = (hb - lb) / 2 if math.isfinite(hb - lb) else 0.0
    tol = 2 * math.hypot(wa, wb) + 1e-12 * max(1.0, abs(va))
    return abs(va - vb) <= tol


def fmt(v):
    if not math.isfinite(v):
        return "NaN" if v != v else ("∞" if v > 0 else "−∞")
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e4):
        return f"{v:.3g}"
    return f"{v:.4g}"


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, 1 round, no waiting for a quiet machine")
    ap.add_argument("--runs", type=int, default=None, help="rounds (default 3; 1 with --quick)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", default="W1,W2,W3,W4,W5", help="comma list of workloads")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma list of " + ", ".join(PEERS))
    ap.add_argument("--no-explicit", action="store_true", help="W2: skip the explicit-product peers")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "netdyn.jar"))
    ap.add_argument("--java", default="java")
    ap.add_argument("--via", choices=["launcher", "jar"], default="launcher",
                    help="start netdyn as bin/netdyn (class-data archive; made once before the first timed run) "
                         "or as java -jar")
    ap.add_argument("--python", default=sys.executable, help="Python with numpy (numpy peers)")
    ap.add_argument("--torch-python", default="", help="Python with torch (torch peers); empty = none")
    ap.add_argument("--torch-note", default="", help="why torch is missing, for the report")
    ap.add_argument("--out", default=None, help="markdown report (default bench/results/compare-DATE.md)")
    ap.add_argument("--max-wait", type=float, default=None, help="s to wait for a quiet machine before each run")
    ap.add_argument("--timeout", type=float, default=None, help="s per process")
    ap.add_argument("--noisy", type=float, default=0.25,
                    help="a run during which other processes used more cores than this is repeated")
    ap.add_argument("--reruns", type=int, default=2, help="repeats of a noisy run (the last one is kept)")
    a = ap.parse_args()

    size = "quick" if a.quick else "full"
    runs = a.runs or (1 if a.quick else 3)
    max_wait = a.max_wait if a.max_wait is not None else (0 if a.quick else 120)
    timeout = a.timeout or (120 if a.quick else 900)
    names = [w.strip() for w in a.only.split(",") if w.strip()]
    peers = [p.strip() for p in a.peers.split(",") if p.strip()]
    for p in peers:
        if p not in PEERS:
            sys.exit(f"compare: unknown peer {p!r}")
    if not a.torch_python:
        peers = [p for p in peers if PEERS[p][0] != "torch"]
    date = datetime.date.today().isoformat()
    out = a.out or os.path.join(HERE, "results", f"compare-{date}{'-quick' if a.quick else ''}.md")
    if not a.out:                                       # never overwrite an earlier report of the day
        base, k = out[:-3], 2
        while os.path.exists(out):
            out, k = f"{base}-{k}.md", k + 1
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    work = tempfile.mkdtemp(prefix="netdyn-compare-")
    log = os.path.join(work, "processes.log")

    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[k] = str(a.threads)

    def peer_cmd(pname, spec, w, csv_out):
        kind, lib, dtype, variant = spec
        py = a.python if kind == "numpy" else a.torch_python
        return [py, os.path.join(HERE, "peers.py"), w, "--lib", lib, "--dtype", dtype, "--size", size,
                "--variant", variant, "--threads", str(a.threads), "--out", csv_out]

    if a.via == "launcher":
        netdyn_cmd = [os.path.join(ROOT, "bin", "netdyn")]
        env["NETDYN_JAR"] = os.path.abspath(a.jar)
        if a.java != "java":
            env["JAVA_HOME"] = os.path.dirname(os.path.dirname(shutil.which(a.java) or a.java))
        # the archive is made on the launcher's first run (once per jar build), as Python caches its
        # bytecode: not part of any timed run
        subprocess.run(netdyn_cmd + ["info"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        netdyn_cmd = [a.java, "-jar", a.jar]

    print(f"compare: {size} sizes, {runs} round(s), --threads {a.threads}, peers: {', '.join(peers) or 'none'}; "
          f"logs in {work}", flush=True)
    load_before = loadavg()
    results = {}      # (w, impl) -> list of (wall, cpu, rc, busy)
    outputs = {}      # (w, impl) -> results csv of the last run
    impls_of = {}
    for w in names:
        s = workloads.SIZES[size][w]
        impls = ["netdyn"] + peers
        if w == "W2" and not a.no_explicit:
            impls += [p + " explicit" for p in peers]
        impls_of[w] = impls
        print(f"{w} {workloads.TITLES[w]}: {workloads.describe(w, s)}", flush=True)
        for r in range(runs):
            k = r % len(impls)
            for impl in impls[k:] + impls[:k]:
                busy = wait_quiet(max_wait) if max_wait > 0 else math.nan
                if impl == "netdyn":
                    d = os.path.join(work, f"{w}-netdyn")
                    cmd = netdyn_cmd + ["sweep"] + workloads.netdyn_args(w, s) + [
                        "--threads", str(a.threads), "--backend", "cpu", "--report", "false",
                        "--overwrite", "--out", d]
                    res_csv = os.path.join(d, "results.csv")
                else:
                    spec = PEERS.get(impl) or EXPLICIT[impl]
                    res_csv = os.path.join(work, f"{w}-{impl.replace(' ', '-')}.csv")
                    cmd = peer_cmd(impl, spec, w, res_csv)
                plog = os.path.join(work, f"{w}-{impl.replace(' ', '-')}-{r + 1}.log")
                with open(log, "a") as lf:
                    lf.write(f"### {w} {impl} round {r + 1}: {' '.join(cmd)} (output: {plog})\n")
                for attempt in range(1 + a.reruns):
                    wall, cpu, rc, others = run_timed(cmd, env, timeout, plog)
                    noisy = math.isfinite(others) and others > a.noisy
                    if not noisy or attempt == a.reruns or a.quick:
                        break
                    print(f"  round {r + 1} {impl:22s} {wall:8.2f} s  other work used {others:.2f} cores "
                          f"during the run: again", flush=True)
                    busy = wait_quiet(max_wait) if max_wait > 0 else math.nan
                inner = sweep_seconds(plog) if impl == "netdyn" else math.nan
                results.setdefault((w, impl), []).append((wall, cpu, rc, others, inner))
                outputs[(w, impl)] = res_csv
                flag = "" if rc == 0 else f"  FAILED rc={rc} (see {plog})"
                print(f"  round {r + 1} {impl:22s} {wall:8.2f} s  (cpu {cpu:7.2f} s, other work "
                      f"{others:.2f} cores, load {loadavg()}){flag}", flush=True)
    load_after = loadavg()

    # ------------------------------------------------------------------ tables
    def med(w, impl):
        rs = results.get((w, impl), [])
        ok = [x[0] for x in rs if x[2] == 0]
        return statistics.median(ok) if ok and len(ok) == len(rs) else math.nan

    lines = []
    add = lines.append
    add(f"# netdyn against plain numpy and PyTorch — {date}{' (quick sizes)' if a.quick else ''}")
    add("")
    add(f"Produced by `bash bench/compare.sh{' --quick' if a.quick else ''}`. Machine: {os.cpu_count()} cores "
        f"(`nproc` {nproc()}), {cpu_model()}, {platform.machine()}, {mem_gib():.0f} GiB; {java_version(a.java)}; "
        f"numpy {module_version(a.python, 'numpy')} ({blas_of(a.python)}); "
        + (f"torch {module_version(a.torch_python, 'torch')} ({torch_blas()})" if a.torch_python
           else f"torch: not run ({a.torch_note or 'no Python with torch'})")
        + f". Threads: netdyn `--threads {a.threads}`, peers OMP/OPENBLAS/MKL_NUM_THREADS={a.threads} and "
        f"`torch.set_num_threads({a.threads})`. Load average before {load_before}, after {load_after}.")
    add("")
    add(f"netdyn started as `{' '.join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in netdyn_cmd)}`"
        + (" (the launcher: java -jar with its class-data archive, made before the first timed run)."
           if a.via == "launcher" else "."))
    add("")
    add(f"Wall time of whole processes (netdyn: JVM start, sweep, results.csv/manifest; peer: interpreter, "
        f"imports, the same computation and statistics), median of {runs} alternated round(s); "
        f"ratio = peer time / netdyn time (> 1: netdyn is faster).")
    add("")
    cols = peers
    add("| workload | netdyn s | " + " | ".join(f"{p} s" for p in cols) + " | "
        + " | ".join(f"{p} / netdyn" for p in cols) + " |")
    add("|---|---:|" + "---:|" * (2 * len(cols)))
    for w in names:
        nd = med(w, "netdyn")
        title = f"{w} {workloads.TITLES[w]}"
        add(f"| {title} | {fmt_s(nd)} | " + " | ".join(fmt_s(med(w, p)) for p in cols) + " | "
            + " | ".join(fmt_r(med(w, p), nd) for p in cols) + " |")
        if w == "W2" and not a.no_explicit:
            add(f"| {w} peers with the explicit product (wrong small σ, see below) | — | "
                + " | ".join(fmt_s(med(w, p + ' explicit')) for p in cols) + " | "
                + " | ".join(fmt_r(med(w, p + ' explicit'), nd) for p in cols) + " |")
    add("")
    add("Workloads (sizes in `bench/workloads.py`):")
    add("")
    for w in names:
        add(f"- **{w}** {workloads.TITLES[w]}: {workloads.describe(w, workloads.SIZES[size][w])}; "
            f"netdyn `sweep {' '.join(workloads.netdyn_args(w, workloads.SIZES[size][w]))} "
            f"--threads {a.threads} --backend cpu --report false`")
    add("")

    add("Every run: wall s (CPU s of the process; cores other processes kept busy during it — a run above "
        f"{a.noisy} was repeated up to {a.reruns} times; for netdyn also the sweep's own time as it reports it, "
        "i.e. without JVM start and class loading):")
    add("")
    add("| workload | implementation | runs: wall s (CPU s, other work[, sweep s]) |")
    add("|---|---|---|")
    for w in names:
        for impl in impls_of[w]:
            rs = results.get((w, impl), [])
            cells = "; ".join(f"{x[0]:.2f} ({x[1]:.2f}, {x[3]:.1f}" + (f", {x[4]:.1f}" if math.isfinite(x[4]) else "")
                              + ")" + ("" if x[2] == 0 else f" rc={x[2]}") for x in rs)
            add(f"| {w} | {impl} | {cells} |")
    add("")

    add("Statistics check: the peer's value beside netdyn's (mean over networks, netdyn's 95% interval), at "
        "the deepest depth; ✓ = within 2× the combined interval half-widths (independent random draws), "
        "✗ = not.")
    add("")
    for w in names:
        s = workloads.SIZES[size][w]
        depth = s["depths"][-1] if w == "W2" else s["depth"]
        ndr = read_rows(outputs.get((w, "netdyn"), ""))
        others = [i for i in impls_of[w] if i != "netdyn"]
        add(f"**{w}** (depth {depth})")
        add("")
        add("| statistic | netdyn [95%] | " + " | ".join(others) + " |")
        add("|---|---|" + "---|" * len(others))
        for stat in workloads.CHECK[w]:
            k = (depth, stat)
            if k not in ndr:
                add(f"| {stat} | (missing) |" + " |" * len(others))
                continue
            v, lo, hi, _ = ndr[k]
            cells = []
            for impl in others:
                pr = read_rows(outputs.get((w, impl), ""))
                if k not in pr:
                    cells.append("—")
                    continue
                cells.append(f"{fmt(pr[k][0])} {'✓' if agree(ndr[k], pr[k]) else '✗'}")
            add(f"| {stat} | {fmt(v)} [{fmt(lo)}, {fmt(hi)}] | " + " | ".join(cells) + " |")
        add("")

    text = "\n".join(lines) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print()
    print(text)
    print(f"compare: wrote {out}")
    failed = [k for k, rs in results.items() if any(x[2] != 0 for x in rs)]
    if failed:
        print("compare: failed runs: " + ", ".join(f"{w} {i}" for w, i in failed) + f" (log {log})")
        return 1
    return 0


def fmt_s(v):
    return "failed" if not math.isfinite(v) else f"{v:.2f}"


def fmt_r(p, nd):
    return "—" if not (math.isfinite(p) and math.isfinite(nd)) else f"**{p / nd:.2f}**"


def nproc():
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def mem_gib():
    try:
        with open("/proc/meminfo") as f:
            return int(f.readline().split()[1]) / 2 ** 20
    except (OSError, ValueError):
        return math.nan


def java_version(java):
    try:
        p = subprocess.run([java, "-version"], capture_output=True, text=True)
        first = (p.stderr or p.stdout).splitlines()[0]
        return first.replace('"', "")
    except (OSError, IndexError):
        return "java ?"


def module_version(py, mod):
    if not py:
        return "?"
    try:
        return subprocess.run([py, "-c", f"import {mod}; print({mod}.__version__)"], capture_output=True,
                              text=True, timeout=60).stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def blas_of(py):
    code = ("import numpy, io, contextlib\n"
            "try:\n"
            "    c = numpy.show_config(mode='dicts')['Build Dependencies']['blas']\n"
            "    print(c.get('name', '?'), c.get('version', ''))\n"
            "except Exception:\n"
            "    print('blas ?')\n")
    try:
        return subprocess.run([py, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "blas ?"


def torch_blas():
    """Debian's torch calls the libblas.so.3 alternative: say which one it is."""
    for p in ("/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/libblas.so.3"):
        if os.path.exists(p):
            real = os.path.realpath(p)
            kind = "OpenBLAS" if "openblas" in real else ("reference BLAS" if "/blas/" in real else "BLAS")
            return f"libblas.so.3 → {kind}"
    return "BLAS ?"


if __name__ == "__main__":
    sys.exit(main())
