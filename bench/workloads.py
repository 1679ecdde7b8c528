"""The benchmark workloads W1..W5, shared by bench/compare.py, bench/peers.py, bench/profile.sh
and bench/gpu-check.sh, so that netdyn and its peers are always given the same sizes.

Each workload is a dict of sizes; `netdyn_args(name, sizes)` turns it into the `netdyn sweep`
options, `peers.py` reads the same dict. Sizes: "full" (the documented benchmark), "quick"
(seconds, for `compare.sh --quick`), "gpu" (scaled up so the cuda backend runs >= 1 s,
see bench/gpu-check.sh).
"""

# Fixed settings common to every size (what the workload *is*).
#   W1 fixed points: tanh, cauchy:1 (fan-in C/N), no bias, starts uniform in [-1,1]^N,
#      tol 1e-8, merge-tol 1e-5, cycles 2..8, --newton off (iteration, merging, stability).
#   W2 Jacobian spectra: tanh, gaussian:1 (fan-in), no bias, one input per network at the
#      mean-field q* (= 0 here: tanh, sigma_w = 1, sigma_b = 0), singular values only.
#   W3, W4 propagation: tanh, gaussian:1, no bias, probes on the sphere q0 = 1, c0 = 0.
#   W5 training: tanh, gaussian:1, no bias (the biases start at 0 and are trained), task
#      autoencode:random:P (P patterns uniform in (-0.8, 0.8)^N, targets = inputs, mse), full
#      batch, Adam (beta1 .9, beta2 .999, eps 1e-8, no decay), lr 1e-3; the measure run on the
#      trained networks is `weights` (spectra of the N x N layers: a few ms, the time is training).
SIZES = {
    "full": {
        "W1": dict(networks=1024, width=16, depth=8, starts=64, iters=200),
        "W2": dict(networks=1024, width=64, depths=[10, 20, 30, 40, 50]),
        "W3": dict(networks=10000, width=16, depth=20, probes=8),
        "W4": dict(networks=8, width=512, depth=10, probes=8),
        "W5": dict(networks=1024, width=32, depth=4, patterns=8, steps=1000, lr=1e-3),
    },
    "quick": {
        "W1": dict(networks=64, width=16, depth=8, starts=16, iters=50),
        "W2": dict(networks=32, width=32, depths=[5, 10]),
        "W3": dict(networks=500, width=16, depth=10, probes=8),
        "W4": dict(networks=2, width=256, depth=4, probes=8),
        "W5": dict(networks=64, width=32, depth=4, patterns=8, steps=100, lr=1e-3),
    },
    # GPU check (bench/gpu-check.sh): the full workloads scaled up so that the device work is
    # ~0.5-1.5 s by the roofline models of docs/gpu.md (the full sizes are milliseconds on an
    # H100-class GPU, below the JVM and CUDA start-up), while the CPU side of the same size stays
    # under ~1 min on a 16-core host. W3 is host-bound on the cuda backend (the statistics of
    # the Gram matrices run on the CPU) and W4 is launch-bound: no size within the CPU side's
    # time budget gives them 1 s of device work (docs/performance.md, "GPU check").
    "gpu": {
        "W1": dict(networks=32768, width=16, depth=8, starts=64, iters=200),
        "W2": dict(networks=16384, width=64, depths=[10, 20, 30, 40, 50]),
        "W3": dict(networks=100000, width=16, depth=20, probes=8),
        "W4": dict(networks=256, width=512, depth=10, probes=8),
        "W5": dict(networks=4096, width=32, depth=4, patterns=8, steps=1000, lr=1e-3),
    },
}

TITLES = {
    "W1": "fixed points",
    "W2": "Jacobian spectra",
    "W3": "propagation",
    "W4": "large-N propagation",
    "W5": "training",
}


def describe(name, s):
    """One line of the workload's sizes, for tables."""
    if name == "W1":
        return (f"{s['networks']} nets, N = {s['width']}, L = {s['depth']}, {s['starts']} starts, "
                f"{s['iters']} iterations, tanh, cauchy:1, --newton off")
    if name == "W2":
        d = s["depths"]
        return (f"{s['networks']} nets, N = {s['width']}, depths {d[0]}:{d[-1]}:{d[1] - d[0] if len(d) > 1 else 1}, "
                f"tanh, gaussian:1, singular values only")
    if name == "W5":
        return (f"{s['networks']} nets, N = {s['width']}, L = {s['depth']}, tanh, gaussian:1, autoencode:random:{s['patterns']}, "
                f"full batch, Adam, lr {s['lr']:g}, {s['steps']} steps")
    return f"{s['networks']} nets, N = {s['width']}, L = {s['depth']}, {s['probes']} probes, tanh, gaussian:1"


def depth_list(s):
    d = s["depths"]
    if len(d) == 1:
        return str(d[0])
    step = d[1] - d[0]
    return f"{d[0]}:{d[-1]}:{step}"


def netdyn_args(name, s):
    """The `netdyn sweep` options of workload `name` at sizes `s` (no --out/--threads/--backend)."""
    if name == "W1":
        return ["--measures", "fixedpoints", "--widths", str(s["width"]), "--depths", str(s["depth"]),
                "--dist", "cauchy:1", "--activation", "tanh", "--networks", str(s["networks"]),
                "--starts", str(s["starts"]), "--max-iter", str(s["iters"]), "--newton", "off"]
    if name == "W2":
        return ["--measures", "jacobian", "--widths", str(s["width"]), "--depths", depth_list(s),
                "--dist", "gaussian:1", "--activation", "tanh", "--networks", str(s["networks"]),
                "--jacobian-eigenvalues", "false"]
    if name in ("W3", "W4"):
        return ["--measures", "propagation", "--widths", str(s["width"]), "--depths", f"1:{s['depth']}",
                "--dist", "gaussian:1", "--activation", "tanh", "--networks", str(s["networks"]),
                "--probes", str(s["probes"])]
    if name == "W5":
        return ["--measures", "weights", "--widths", str(s["width"]), "--depths", str(s["depth"]),
                "--dist", "gaussian:1", "--activation", "tanh", "--networks", str(s["networks"]),
                "--task", f"autoencode:random:{s['patterns']}", "--optimizer", "adam", "--lr", f"{s['lr']:g}",
                "--batch-size", "0", "--steps", str(s["steps"])]
    raise ValueError(name)


# The statistics compared between netdyn's results.csv and a peer's (same names, same meaning),
# and the depths at which they are shown in the report.
CHECK = {
    "W1": ["q_stable_mean", "p_q0", "converged_frac", "cycle_frac", "not_converged_frac",
           "spectral_radius_mean", "iterations_mean", "basin_max_mean"],
    "W2": ["m1", "m2", "logsigma_mean", "sigma_max", "condition_log10"],
    "W3": ["q", "c", "cos_mean", "d_theta_mean", "hamming_mean", "effective_rank", "sv_ratio",
           "distinct_outputs"],
    "W4": ["q", "c", "cos_mean", "d_theta_mean", "hamming_mean", "effective_rank", "sv_ratio",
           "distinct_outputs"],
    "W5": ["spectral_norm", "log_norm"],
}


if __name__ == "__main__":
    # python3 bench/workloads.py args W1 gpu   -> the netdyn sweep options, one per line
    # python3 bench/workloads.py describe W1 gpu
    import sys
    cmd, name, size = sys.argv[1:4]
    if cmd == "args":
        print("\n".join(netdyn_args(name, SIZES[size][name])))
    elif cmd == "describe":
        print(describe(name, SIZES[size][name]))
    else:
        sys.exit(f"workloads.py: unknown command {cmd}")
