package io.netdyn.spec;

import java.util.Locale;

/**
 * Every sweep setting, in one place: its CLI name (also its key in a JSON spec), argument
 * name, default and help text. The CLI, the JSON reader and {@code --help} all read this
 * table, so a default is written once.
 */
public enum SweepOption {
    WIDTHS("widths", "LIST", "32", "layer widths N: list 2,4,8 or range 1:40 or 1:40:2"),
    DEPTHS("depths", "LIST", "1:20", "depths L reported (one pass over the deepest network gives all)"),
    DIST("dist", "DISTS", "gaussian:1", "weight distributions, comma-separated grid axis: gaussian:S uniform:S "
            + "cauchy:S stable:ALPHA:S student:NU:S orthogonal:S"),
    BIAS("bias", "DISTS", "none", "bias distributions (unscaled), comma-separated grid axis, or none"),
    ACTIVATION("activation", "NAMES", "tanh", "activations, comma-separated grid axis: tanh logistic hardtanh relu linear erf"),
    SCALING("scaling", "MODE", "default", "weight scaling: default (fan-in except uniform/orthogonal), fan-in, none"),
    LAST_LINEAR("last-linear", null, "false", "make the last layer of every depth linear (output h_L instead of φ(h_L))"),
    WEIGHTS("weights", "FILE", "none", "imported networks: the B trained networks of an .npz or .safetensors file "
            + "(arrays W1..WL, optional b1..bL, or PyTorch state_dict names; docs/model.md) instead of sampled ones; width N, depths 1:L and the "
            + "networks come from the file (--networks, --dist, --bias, --scaling are ignored); every measure but wormhole"),
    NETWORKS("networks", "COUNT", "100", "random networks per grid cell"),
    MEASURES("measures", "LIST", "propagation", "measures to run, comma-separated"),
    SEED("seed", "SEED", "1", "sweep seed (64-bit); the same seed gives the same networks on every backend"),
    BACKEND("backend", "NAME", "auto", "cpu, cuda, or auto (cuda when usable, else cpu); cuda-emu: testing only, "
            + "the cuda backend on the CPU kernel emulator (slow)"),
    THREADS("threads", "COUNT", "0", "CPU worker threads; 0 = all available processors, "
            + "at most SLURM_CPUS_PER_TASK and the cgroup CPU quota"),
    BATCH("batch", "COUNT", "0", "networks per backend call; 0 = as many as the memory budget allows"),
    SHARD("shard", "I/N", "1/1", "compute only shard I's share of the grid cells (1-based I; cells spread over the N "
            + "shards by estimated cost; one job of an array, e.g. Slurm); netdyn merge joins the N output directories into the single run's files"),
    OUT("out", "DIR", "netdyn-out", "output directory for results.csv and manifest.json"),
    OVERWRITE("overwrite", null, "false", "replace results already in --out instead of refusing"),
    REPORT("report", "BOOL", "true", "also write report.html: every statistic against depth (or width), intervals, "
            + "theory curves, the run's manifest; self-contained (true/false)"),
    RESUME("resume", null, "false", "checkpoint every finished cell in OUT/.netdyn-checkpoint and reuse the cells a killed "
            + "or preempted run of the same sweep left there; the final files equal an uninterrupted run's"),
    // ---- training (--task): every cell x --lr x depth is trained; measures run at each of --steps ----
    TASK("task", "NAME[:ARGS]", "none", "train every network before measuring it: autoencode:random:P autoencode:binary:P "
            + "autoencode:glyphs teacher:NOISE classify:gauss:C[:S] modadd:P (docs/training.md), or none; with a task the "
            + "depths become a grid axis of training cost (network i at depth d is the first d layers of network i, "
            + "trained at depth d) and the measures run at each of --steps on the trained networks"),
    TRAIN_SAMPLES("train-samples", "P", "0", "training: training samples; 0 = the task's default"),
    TEST_SAMPLES("test-samples", "P", "0", "training: test samples; 0 = the task's default"),
    OPTIMIZER("optimizer", "NAME", "adam", "training: sgd, momentum:B or adam"),
    LR("lr", "LIST", "0.001", "training: learning rates, comma-separated grid axis, each > 0"),
    WEIGHT_DECAY("weight-decay", "LAMBDA", "0", "training: decoupled weight decay on the W_l, >= 0"),
    BATCH_SIZE("batch-size", "B", "0", "training: samples per step; 0 = full batch"),
    LOSS("loss", "NAME", "auto", "training: mse or xent; auto = the task's (mse for autoencode and teacher, xent for classify and modadd)"),
    STEPS("steps", "LIST", "0,100,1000", "training: optimizer steps at which every measure runs, increasing; 0 = at initialisation"),
    MEMORY_TOL("memory-tol", "TOL", "0.05", "training: a sample is memorised when its attractor x* has ||x*-x|| <= TOL·||x||"),
    CORRUPTION("corruption", "KIND", "noise:0.1", "training: corruption of the recall copies: noise:S or mask:Q"),
    SAVE_WEIGHTS("save-weights", null, "false", "training: also write the trained networks of every cell x lr x depth at "
            + "each of --steps as OUT/weights/*.npz, in the --weights format"),
    PROBES("probes", "COUNT", "16", "propagation, modes: probe inputs S per network (modes: the sample set)"),
    Q0("q0", "Q", "1", "propagation, modes; jacobian, lyapunov of imported networks (or without a finite q*): "
            + "input length (1/N)||x||^2"),
    INPUT_CORR("input-corr", "C", "0", "propagation, modes: pairwise correlation c0 of the probe inputs, in [0,1]"),
    DISTINCT_TOL("distinct-tol", "TOL", "1e-3", "propagation: outputs closer than TOL·max(|y_i|,|y_j|) count as one"),
    STARTS("starts", "M", "64", "fixedpoints: starting points per network (and as many Newton-search starts)"),
    MAX_ITER("max-iter", "T", "1000", "fixedpoints: iterations x <- f(x) per start"),
    TOL("tol", "TOL", "1e-8", "fixedpoints: converged when ||f(x)-x||_inf < TOL·max(1,||x||_inf)"),
    MERGE_TOL("merge-tol", "TOL", "1e-5", "fixedpoints: points closer than TOL·max(1,||x||_inf) are one point"),
    NEWTON("newton", "MODE", "search", "fixedpoints: polish (refine converged points), search (also Newton from random "
            + "starts: finds unstable points), off"),
    START_BOX("start-box", "BOX", "auto", "fixedpoints: start distribution LO:HI (uniform box) or gaussian:S; "
            + "auto = -1:1, or 0:1 for logistic"),
    CYCLES("cycles", "P", "8", "fixedpoints: detect cycles of period 2..P (1 = no cycle detection)"),
    JACOBIAN_EVERY("jacobian-every", "K", "0", "jacobian: spectra at depths K, 2K, ... up to the deepest depth; 0 = at the --depths"),
    JACOBIAN_EIGENVALUES("jacobian-eigenvalues", "BOOL", "true", "jacobian: also eigenvalues of the square Jacobians (true/false)"),
    ESD_BINS("esd-bins", "B", "60", "jacobian, weights, fixedpoints: histogram bins per cell, depth and quantity in esd.csv, esd_weights.csv, fixedpoints_esd.csv"),
    LYAPUNOV_K("lyapunov-k", "K", "0", "lyapunov: tangent vectors (exponents) along depth; 0 = all N"),
    MAP_STEPS("map-steps", "T", "100", "lyapunov: steps of the iterated map x <- f(x) per depth, first half discarded; 0 = skip"),
    MODES_DEF("modes-def", "NAME", "region", "modes: neuron-mode test: region (a sample is flat where phi' <= T·max phi') "
            + "or secant (consecutive samples merge where the secant slope <= T·max phi')"),
    MODES_THRESHOLD("modes-threshold", "T", "0.1", "modes: relative slope threshold T of --modes-def, in (0,1)"),
    BASIN_SAMPLES("basin-samples", "COUNT", "4", "modes: probe inputs whose basin radii are measured "
            + "(the first min(COUNT, --probes)); 0 = no basins"),
    BASIN_DIRECTIONS("basin-directions", "COUNT", "4", "modes: random directions per basin radius (radius = min over them)"),
    BASIN_MAX("basin-max", "R", "1", "modes: largest relative perturbation tried (input ||dx||/||x||, "
            + "weights ||dW_l||_F/||W_l||_F); no class change within it = censored"),
    BASIN_TOL("basin-tol", "TOL", "1e-3", "modes: bisection tolerance of basin radii, relative to --basin-max, in (0,1)"),
    OVERPARAM("overparam", "RATIOS", "4", "wormhole: maxnorm over-parameterisation ratios n/k >= 1 (k = width), "
            + "comma-separated axis of this measure"),
    WORMHOLE_VARIANT("wormhole-variant", "NAME", "maxabs", "wormhole: maxnorm keeps the k largest |y_i| (maxabs) "
            + "or the k most negative y_i (negative)"),
    WORMHOLE_INPUTS("wormhole-inputs", "DIST", "uniform", "wormhole: entries of training and test inputs: uniform U(0,1), "
            + "gaussian N(0,1), or file:PATH.npz (array X, one input vector per row; network b uses row b mod M and the next P rows)"),
    WORMHOLE_PAIRS("wormhole-pairs", "COUNT", "16", "wormhole: inputs I_a per network, each paired with its training input I_b (1 allowed; decidability needs 2)"),
    WORMHOLE_ALPHA("wormhole-alpha", "ALPHA", "100", "wormhole: alpha of cipher = v - alpha·u_b (v a unit message)");

    private final String key;
    private final String argName;
    private final String defaultValue;
    private final String help;

    SweepOption(String key, String argName, String defaultValue, String help) {
        this.key = key;
        this.argName = argName;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() { return key; }

    /** Null for a flag (takes no value). */
    public String argName() { return argName; }

    public boolean isFlag() { return argName == null; }

    public String defaultValue() { return defaultValue; }

    public String help() { return help; }

    public static SweepOption byKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '-');
        for (SweepOption o : values()) if (o.key.equals(k)) return o;
        return null;
    }
}
