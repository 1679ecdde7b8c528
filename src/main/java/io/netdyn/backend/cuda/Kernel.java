package io.netdyn.backend.cuda;

import static io.netdyn.backend.cuda.ArgType.F64;
import static io.netdyn.backend.cuda.ArgType.I32;
import static io.netdyn.backend.cuda.ArgType.I64;
import static io.netdyn.backend.cuda.ArgType.PTR_F64;
import static io.netdyn.backend.cuda.ArgType.PTR_I32;

import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import io.netdyn.model.WormholeInputs;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.Optimizer;
import io.netdyn.train.TrainSettings;
import java.util.Optional;

/**
 * Every {@code extern "C"} entry point in {@code kernels/*.cu}, with its parameter types and,
 * below, its typed launcher: the only way Java launches a kernel (no free strings, no
 * {@code Object...}). Devices resolve every symbol once when they open; the emulator checks
 * each signature against the compiled function (KernelSignatureTest).
 */
public enum Kernel {
    /** kernels/philox_stream.cu: out (n,4) = Philox4x32-10(counters (n,4), keys (n,2)). */
    PHILOX_STREAM("netdyn_philox_stream", PTR_I32, PTR_I32, PTR_I32, I32),
    /** kernels/philox_stream.cu: out (n) = unit draw (kind, param) of the Philox words (n,4). */
    UNIT_DRAWS_F64("netdyn_unit_draws_f64", PTR_I32, PTR_F64, I32, I32, F64),
    /** kernels/pointwise.cu: phi (n) = φ(x), dphi (n) = φ'(x). */
    ACTIVATION_F64("netdyn_activation_f64", PTR_F64, PTR_F64, PTR_F64, I32, I32),
    /** kernels/selftest.cu: sum += Σ x (n); blocks_ok += blocks whose threads all met. */
    SELFTEST_BLOCK_SUM_F64("netdyn_selftest_block_sum_f64", PTR_F64, PTR_F64, PTR_I32, I32),
    /** kernels/linalg_batched.cu: sigma (B, min(m,n)), sweeps (B) of A (B, m, n); one block per matrix. */
    JACOBI_SVD_F64("netdyn_jacobi_svd_f64", PTR_F64, PTR_F64, PTR_I32, I32, I32),
    /** kernels/linalg_batched.cu: eig (B, n), sweeps (B) of symmetric A (B, n, n); one block per matrix. */
    JACOBI_EIGH_F64("netdyn_jacobi_eigh_f64", PTR_F64, PTR_F64, PTR_I32, I32),
    /** kernels/linalg_batched.cu: Householder QR, qr (B, m, n) and tau (B, n) of A (B, m, n). */
    HOUSEHOLDER_QR_F64("netdyn_householder_qr_f64", PTR_F64, PTR_F64, PTR_F64, I32, I32),
    /** kernels/wormhole.cu: maxnorm(n) networks, probe distances, wormhole error, σ2/σ1 of H_d (WormholeResult); block per network. */
    WORMHOLE_F64("netdyn_wormhole_f64",
            PTR_F64, PTR_F64, PTR_F64, PTR_F64, PTR_F64,  // dTheta, dThetaFlipped, d, hamming, error
            PTR_F64, PTR_F64, PTR_I32,            // svRatio, scratch (null when shared), sv depths
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, I32,              // k, n rows, depth, pairs, sv depth count
            I32, I32, F64,                        // variant negative, inputs gaussian, alpha
            I32),                                 // workspace in shared
    /** kernels/wormhole.cu: sel (B, k) = the maxnorm top-k rows of y (B, n), best first (the wormhole's selection alone; tests). */
    MAXNORM_SELECT_F64("netdyn_maxnorm_select_f64", PTR_F64, PTR_I32, I32, I32, I32),
    /** kernels/linalg_batched.cu (test-only): q (B, n, n) = haar.cuh's Householder.haarFromGaussian of g (B, n, n); tau (B, n) scratch. */
    HAAR_F64("netdyn_haar_f64", PTR_F64, PTR_F64, PTR_F64, I32),
    /** kernels/propagate.cu: per-layer Gram matrices of a batch of networks (PropagationGrams). */
    PROPAGATE_F64("netdyn_propagate_f64",
            PTR_F64, PTR_F64, PTR_F64, PTR_F64,   // h_gram, y_gram, bit_gram, scratch
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, I32,              // N, depth, probes, activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            F64, F64,                             // q0, c0
            I32, I32, I32),                       // tile rows, tile cols, state in shared
    /** kernels/sample_weights.cu: W_l (B, N, N) and b_l (B, N) of B networks (TensorSampler order), grid-stride. */
    SAMPLE_LAYER_F64("netdyn_sample_layer_f64",
            PTR_F64, PTR_F64,                     // W, bias
            I64, I64,                             // seed, first network
            I32, I32, I32,                        // networks, N, layer (1-based)
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64),                       // bias kind (-1 none), param, multiplier
    /** kernels/sample_weights.cu: W (B, N, N) ← Householder.haarFromGaussian(W_b)·mult in place (haar.cuh), tau (B, N) scratch; block per network. */
    HAAR_LAYER_F64("netdyn_haar_layer_f64", PTR_F64, PTR_F64, I32, F64),
    /** kernels/gemm.cu: C_b = α op(A_b) op(B_b) + β C_b, row-major, strided batch (TiledGemm). */
    GEMM_STRIDED_BATCHED_F64("netdyn_gemm_strided_batched_f64",
            I32, I32, I32, I32, I32, F64,         // trans a, trans b, M, N, K, alpha
            PTR_F64, I64, I32, I64,               // A, element offset, lda, stride
            PTR_F64, I64, I32, I64, F64,          // B, element offset, ldb, stride, beta
            PTR_F64, I64, I32, I64, I32),         // C, element offset, ldc, stride, batch
    /** kernels/propagate_large.cu: probe inputs X_0 (B, S, N) (ProbeInputs), one block per network. */
    PROPAGATE_PROBES_F64("netdyn_propagate_probes_f64",
            PTR_F64, PTR_F64, I64, I64,           // X, scratch (B, N + S), seed, first network
            I32, I32, F64, F64),                  // N, probes, q0, c0
    /** kernels/propagate_large.cu: H (B, S, N) = b (B, N) broadcast over the probes. */
    BIAS_ROWS_F64("netdyn_bias_rows_f64", PTR_F64, PTR_F64, I32, I32, I32),
    /** kernels/propagate_large.cu: X = φ(H), bits = 1[Y > 0] (Y = H if last linear else X), element-wise. */
    PROPAGATE_ACTIVATE_F64("netdyn_propagate_activate_f64", PTR_F64, PTR_F64, PTR_F64, I64, I32, I32),
    /** kernels/iterate_map.cu: x ← f_l(x) from M starts per network and depth, early exit (FixedPointRun). */
    ITERATE_MAP_F64("netdyn_iterate_map_f64",
            PTR_F64, PTR_I32, PTR_I32, PTR_F64, PTR_I32,  // points, iterations, status, residual, period
            PTR_I32, PTR_F64, PTR_F64,            // depths, weights (global; null when shared), state
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, I32,              // N, max depth, depth count, starts, chunks per network
            I32, F64, F64, F64,                   // start gaussian, lo, hi, scale
            I32, I32,                             // activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            I32, F64, I32, F64,                   // max iter, tol, max period, merge tol
            I32),                                 // weights in shared
    /** kernels/lyapunov.cu: Σ ln|R_ii| of the QR of D_l W_l Q_{l−1} along depth (LyapunovRun.logRSum). */
    LYAPUNOV_DEPTH_F64("netdyn_lyapunov_depth_f64",
            PTR_F64, PTR_F64, PTR_F64,            // logr, given points (null: random), scratch (null when shared)
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, F64, I32,         // N, depth, k, points, input length q, activation
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            I32),                                 // workspace in shared
    /** kernels/lyapunov.cu: largest exponent per application of the iterated map f_m (LyapunovRun.mapLambda). */
    LYAPUNOV_MAP_F64("netdyn_lyapunov_map_f64",
            PTR_F64, PTR_F64, PTR_I32, PTR_F64,   // lam, given points (null: random), map depths, scratch (null when shared)
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, F64,              // N, max map depth, depth count, points, input length q
            I32, I32, I32,                        // steps, activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            I32),                                 // workspace in shared
    /**
     * kernels/jacobian_spectra.cu: ln σ of the QR-factored Jacobians J_l at requested depths
     * (JacobianSpectra.logSigma) and, when asked, ln|λ|, arg λ of the explicit Q·T (eigLogAbs, eigArg).
     */
    JACOBIAN_SPECTRA_F64("netdyn_jacobian_spectra_f64",
            PTR_F64, PTR_F64, PTR_F64,            // logsig, eig ln|λ|, eig arg λ (both null without eigenvalues)
            PTR_F64, PTR_F64, PTR_I32,            // given points (null: random), scratch (null when shared), depths
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, F64,              // N, max depth, depth count, points, input length q
            I32, I32,                             // activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            I32, I32),                            // eigenvalues, workspace in shared
    /** kernels/newton_map.cu: jac (P, N, N) = J_{f_l}(x) at a PointSet's points; block per network. */
    MAP_JACOBIANS_F64("netdyn_map_jacobians_f64",
            PTR_F64, PTR_F64, PTR_I32, PTR_I32,   // jac, x, offsets, depths
            PTR_F64, PTR_F64,                     // weights (global; null when shared), scratch
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, I32,              // N, max depth, depth count, activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            I32),                                 // weights in shared
    /** kernels/modes.cu: neuron mode counts (B, L, 3) and sample-/weight-space basin radii (B, D, Sb) (ModesResult). */
    MODES_F64("netdyn_modes_f64",
            PTR_I32, PTR_F64, PTR_F64, PTR_I32, PTR_F64,  // mode counts, sample radius, weight radius, basin depths, scratch
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, I32,              // N, depth, samples, activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            F64, F64,                             // q0, c0
            I32, F64,                             // definition (0 region, 1 secant), flat slope threshold·sup φ'
            I32, I32, I32, I32,                   // basin samples, directions, basin depth count, kept layers D_b
            F64, F64,                             // basin max, basin tol
            I64, I32),                            // workspace doubles per block, workspace in shared
    /** kernels/train.cu: k optimizer steps of networks in training, one block per network (Backend.train). */
    TRAIN_F64("netdyn_train_f64",
            PTR_F64, PTR_F64, PTR_F64,            // weights, first moment, second moment (null when unused), in place
            PTR_F64, PTR_F64, PTR_F64, PTR_F64,   // gradient, h and a, δ (ping-pong), per-sample losses (workspaces)
            PTR_I32, PTR_I32, PTR_I32, PTR_I32,   // shuffle and batch indices, steps before the call, updates done, diverged
            PTR_F64, PTR_F64, PTR_I32, PTR_F64,   // x, y (null for labels), labels (null for targets), Adam bias corrections
            I64, I64,                             // seed, first network
            I32, I32, I32, I32,                   // N, depth, activation, last_linear
            I32, I32, I32, I32, I32,              // samples P, classes, batch size, loss, optimizer
            F64, F64, F64, F64, F64,              // β (momentum B or β1), β2, ε, η, λ
            I32, I32, I32),                       // t base of the bias corrections, steps of this launch, weights in shared
    /** kernels/newton_map.cu: damped Newton on f_l(x) − x from a PointSet's points, all steps in one launch (NewtonRun). */
    NEWTON_MAP_F64("netdyn_newton_map_f64",
            PTR_F64, PTR_F64, PTR_I32, PTR_I32,   // x out, residual, converged, iterations
            PTR_F64, PTR_I32, PTR_I32,            // x, offsets, depths
            PTR_F64, PTR_F64,                     // weights (global; null when shared), scratch
            I64, I64,                             // seed, first network
            I32, I32, I32, I32, I32,              // N, max depth, depth count, activation, last_linear
            I32, F64, F64,                        // weight kind, param, multiplier
            I32, F64, F64,                        // bias kind (-1 none), param, multiplier
            PTR_F64, I32,                         // explicit layers (null: sampled), layers per network
            I32, F64, I32);                       // Newton max iter, tol, weights in shared

    private final String symbol;
    private final ArgType[] parameters;

    Kernel(String symbol, ArgType... parameters) {
        this.symbol = symbol;
        this.parameters = parameters;
    }

    public String symbol() { return symbol; }

    ArgType[] parameters() { return parameters; }

    /** The emulator's signature string of this kernel, e.g. "IIIi". */
    public String signature() { return ArgType.codes(parameters); }

    KernelArgs args() { return new KernelArgs(this); }

    // ---- typed launchers -------------------------------------------------------------------

    /** Most blocks an element-wise launch uses; the kernels are grid-stride loops. */
    static final int MAX_ELEMENTWISE_BLOCKS = 4096;

    /** out (n,4) uint32 = Philox4x32-10 of counters (n,4) under keys (n,2). */
    public static void philoxStream(Device d, DeviceBuffer counters, DeviceBuffer keys, DeviceBuffer out, int n) {
        d.launch(PHILOX_STREAM, LaunchConfig.elementwise(n, d.preferredBlockThreads(), MAX_ELEMENTWISE_BLOCKS),
                PHILOX_STREAM.args().ptrI32(counters).ptrI32(keys).ptrI32(out).i32(n));
    }

    /** out (n) = the unit draw of {@code kind} (α or ν in {@code param}) from Philox words (n,4). */
    public static void unitDraws(Device d, DeviceBuffer words, DeviceBuffer out, int n, Distribution.Kind kind, double param) {
        d.launch(UNIT_DRAWS_F64, LaunchConfig.elementwise(n, d.preferredBlockThreads(), MAX_ELEMENTWISE_BLOCKS),
                UNIT_DRAWS_F64.args().ptrI32(words).ptrF64(out).i32(n).i32(distributionCode(kind)).f64(param));
    }

    /** phi (n) = φ(x), dphi (n) = φ'(x). */
    public static void activation(Device d, DeviceBuffer x, DeviceBuffer phi, DeviceBuffer dphi, int n, Activation act) {
        d.launch(ACTIVATION_F64, LaunchConfig.elementwise(n, d.preferredBlockThreads(), MAX_ELEMENTWISE_BLOCKS),
                ACTIVATION_F64.args().ptrF64(x).ptrF64(phi).ptrF64(dphi).i32(n).i32(activationCode(act)));
    }

    /** sum[0] += Σ x (n) and blocksOk[0] += 1 per consistent block, over {@code config}'s grid. */
    public static void selftestBlockSum(Device d, LaunchConfig config, DeviceBuffer x, DeviceBuffer sum,
                                        DeviceBuffer blocksOk, int n) {
        d.launch(SELFTEST_BLOCK_SUM_F64, config,
                SELFTEST_BLOCK_SUM_F64.args().ptrF64(x).ptrF64(sum).ptrI32(blocksOk).i32(n));
    }

    /**
     * Gram matrices of networks {@code first .. first+networks-1}: hGram, yGram, bitGram each
     * (networks, L, S, S); {@code scratch} (networks, 2, S, N) doubles unless the plan keeps the
     * state in shared memory (then null).
     */
    public static void propagate(Device d, PropagatePlan plan, Architecture arch, ProbeInputs probes, long seed,
                                 long first, int networks, DeviceBuffer hGram, DeviceBuffer yGram,
                                 DeviceBuffer bitGram, DeviceBuffer scratch, DeviceLayers explicit) {
        d.launch(PROPAGATE_F64, new LaunchConfig(networks, plan.threads(), plan.sharedBytes()),
                PROPAGATE_F64.args().ptrF64(hGram).ptrF64(yGram).ptrF64(bitGram).ptrF64(scratch)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(arch.depth()).i32(probes.count())
                        .i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .f64(probes.q0()).f64(probes.c0())
                        .i32(plan.tileRows()).i32(plan.tileCols()).i32(plan.stateInShared() ? 1 : 0));
    }

    /**
     * W (networks, N, N) and bias (networks, N) of layer {@code layer} (1-based) of networks
     * {@code first .. first+networks-1} of {@code arch}, scaled by its multipliers (TensorSampler).
     */
    public static void sampleLayer(Device d, int threads, Architecture arch, long seed, long first, int networks,
                                   int layer, DeviceBuffer w, DeviceBuffer bias) {
        sampleLayer(d, threads, arch, arch.weightMultiplier(), seed, first, networks, layer, w, bias);
    }

    /**
     * {@link #sampleLayer} with the weight multiplier {@code wMult} in place of the architecture's:
     * 1 for orthogonal weights, whose unit Gaussians {@link #haarLayer} orthogonalises and scales.
     */
    public static void sampleLayer(Device d, int threads, Architecture arch, double wMult, long seed, long first,
                                   int networks, int layer, DeviceBuffer w, DeviceBuffer bias) {
        Distribution wd = arch.weights();
        Optional<Distribution> b = arch.bias();
        long total = (long) networks * arch.width() * (arch.width() + 1L);
        d.launch(SAMPLE_LAYER_F64, elementwise(total, threads),
                SAMPLE_LAYER_F64.args().ptrF64(w).ptrF64(bias).i64(seed).i64(first)
                        .i32(networks).i32(arch.width()).i32(layer)
                        .i32(distributionCode(wd.kind())).f64(wd.param()).f64(wMult)
                        .i32(b.map(x -> distributionCode(x.kind())).orElse(-1))
                        .f64(b.map(Distribution::param).orElse(Double.NaN)).f64(arch.biasMultiplier()));
    }

    /**
     * Orthogonal weights: each W_b (networks, n, n), sampled by {@link #sampleLayer} with multiplier
     * 1, becomes the CPU's Haar matrix times {@code mult} (TensorSampler.weights), in place; tau holds
     * ≥ networks·n doubles of scratch. One block of {@code threads} per network, no shared memory.
     */
    public static void haarLayer(Device d, int threads, DeviceBuffer w, DeviceBuffer tau, int networks, int n, double mult) {
        d.launch(HAAR_LAYER_F64, new LaunchConfig(networks, threads, 0),
                HAAR_LAYER_F64.args().ptrF64(w).ptrF64(tau).i32(n).f64(mult));
    }

    /**
     * Row-major strided-batched C_b = α·op(A_b)·op(B_b) + β·C_b (kernels/gemm.cu; {@link TiledGemm}
     * documents the arguments). Nothing is launched when the batch or C is empty.
     */
    public static void gemmStridedBatched(Device d, int threads, boolean transA, boolean transB, int m, int n, int k,
                                          double alpha, DeviceBuffer a, long offA, int lda, long strideA,
                                          DeviceBuffer b, long offB, int ldb, long strideB, double beta,
                                          DeviceBuffer c, long offC, int ldc, long strideC, int batch) {
        long blocks = (long) batch * ((m + 63) / 64) * ((n + 63) / 64);
        if (blocks == 0) return;
        if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("GEMM grid of " + blocks + " blocks");
        d.launch(GEMM_STRIDED_BATCHED_F64, new LaunchConfig((int) blocks, threads, 0),
                GEMM_STRIDED_BATCHED_F64.args().i32(transA ? 1 : 0).i32(transB ? 1 : 0).i32(m).i32(n).i32(k).f64(alpha)
                        .ptrF64(a).i64(offA).i32(lda).i64(strideA)
                        .ptrF64(b).i64(offB).i32(ldb).i64(strideB).f64(beta)
                        .ptrF64(c).i64(offC).i32(ldc).i64(strideC).i32(batch));
    }

    /** X (networks, S, N) = the probe inputs of networks {@code first ..}; scratch (networks, N + S) doubles. */
    public static void propagateProbes(Device d, int threads, ProbeInputs probes, int n, long seed, long first,
                                       int networks, DeviceBuffer x, DeviceBuffer scratch) {
        d.launch(PROPAGATE_PROBES_F64, new LaunchConfig(networks, threads, 0),
                PROPAGATE_PROBES_F64.args().ptrF64(x).ptrF64(scratch).i64(seed).i64(first)
                        .i32(n).i32(probes.count()).f64(probes.q0()).f64(probes.c0()));
    }

    /** H (networks, S, N) = bias (networks, N) broadcast over the S rows. */
    public static void biasRows(Device d, int threads, DeviceBuffer h, DeviceBuffer bias, int networks, int s, int n) {
        d.launch(BIAS_ROWS_F64, elementwise((long) networks * s * n, threads),
                BIAS_ROWS_F64.args().ptrF64(h).ptrF64(bias).i32(networks).i32(s).i32(n));
    }

    /** X = φ(H), bits = 1[Y > 0] with Y = H if {@code lastLinear} else X; {@code count} elements. */
    public static void propagateActivate(Device d, int threads, DeviceBuffer h, DeviceBuffer x, DeviceBuffer bits,
                                         long count, Activation act, boolean lastLinear) {
        d.launch(PROPAGATE_ACTIVATE_F64, elementwise(count, threads),
                PROPAGATE_ACTIVATE_F64.args().ptrF64(h).ptrF64(x).ptrF64(bits).i64(count)
                        .i32(activationCode(act)).i32(lastLinear ? 1 : 0));
    }

    /** A grid-stride launch over {@code n} elements (n may exceed an int). */
    private static LaunchConfig elementwise(long n, int threads) {
        long blocks = Math.max(1, Math.min(MAX_ELEMENTWISE_BLOCKS, (n + threads - 1) / threads));
        return new LaunchConfig((int) blocks, threads, 0);
    }

    /**
     * Fixed-point iteration of networks {@code first .. first+networks-1} of {@code arch}
     * ({@link io.netdyn.backend.Backend#iterateMap}); outputs (networks, D, M[, N]) as in
     * {@link io.netdyn.backend.FixedPointRun}, status as int; {@code depths} (D) int on the device;
     * {@code weights} (networks·chunks, Lmax·(N²+N)) unless the plan keeps them shared (then null);
     * {@code state} (networks·chunks, (5+P)·N, threads) doubles.
     */
    public static void iterateMap(Device d, IterateMapPlan plan, Architecture arch, StartPoints starts,
                                  IterationSettings s, long seed, long first, int networks, int maxDepth,
                                  DeviceBuffer depths, int depthCount, DeviceBuffer points, DeviceBuffer iterations,
                                  DeviceBuffer status, DeviceBuffer residual, DeviceBuffer period,
                                  DeviceBuffer weights, DeviceBuffer state, DeviceLayers explicit) {
        StartPoints.Box box = starts.box();
        d.launch(ITERATE_MAP_F64, new LaunchConfig(networks * plan.chunks(), plan.threads(), plan.sharedBytes()),
                ITERATE_MAP_F64.args().ptrF64(points).ptrI32(iterations).ptrI32(status).ptrF64(residual).ptrI32(period)
                        .ptrI32(depths).ptrF64(weights).ptrF64(state)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(maxDepth).i32(depthCount).i32(starts.count()).i32(plan.chunks())
                        .i32(box.gaussian() ? 1 : 0).f64(box.lo()).f64(box.hi()).f64(box.scale())
                        .i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .i32(s.maxIter()).f64(s.tol()).i32(s.maxPeriod()).f64(s.mergeTol())
                        .i32(plan.weightsInShared() ? 1 : 0));
    }

    /**
     * Lyapunov sums along depth of networks {@code first .. first+networks-1} of {@code arch} at
     * {@code points} input points each: logr (networks, P, L, k) as {@link io.netdyn.backend.LyapunovRun#logRSum};
     * {@code given} (networks, P, N) or null for random points of length {@code q};
     * {@code scratch} (networks·P, {@link LyapunovPlan#workspaceDoubles}) unless the plan keeps the workspace shared (then null).
     */
    public static void lyapunovDepth(Device d, LyapunovPlan plan, Architecture arch, int k, double q, long seed,
                                     long first, int networks, DeviceBuffer logr, DeviceBuffer given,
                                     DeviceBuffer scratch, DeviceLayers explicit) {
        d.launch(LYAPUNOV_DEPTH_F64, new LaunchConfig(networks * plan.points(), plan.threads(), plan.sharedBytes()),
                LYAPUNOV_DEPTH_F64.args().ptrF64(logr).ptrF64(given).ptrF64(scratch)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(arch.depth()).i32(k).i32(plan.points()).f64(q)
                        .i32(activationCode(arch.activation()))
                        .layers(arch, explicit)
                        .i32(plan.workspaceInShared() ? 1 : 0));
    }

    /**
     * Iterated-map exponents of networks {@code first .. first+networks-1} of {@code arch} at
     * {@code points} input points each: lam (networks, P, D) as {@link io.netdyn.backend.LyapunovRun#mapLambda}
     * for the {@code depthCount} map depths ({@code mapDepths}, int on the device, increasing, the
     * last = {@code maxDepth}) over {@code steps} steps; {@code given} (networks, P, N) or null for
     * random points of length {@code q}; {@code scratch} (networks·P, {@link LyapunovMapPlan#workspaceDoubles})
     * unless the plan keeps the workspace shared (then null).
     */
    public static void lyapunovMap(Device d, LyapunovMapPlan plan, Architecture arch, double q, long seed, long first,
                                   int networks, int maxDepth, DeviceBuffer mapDepths, int depthCount, int steps,
                                   DeviceBuffer lam, DeviceBuffer given, DeviceBuffer scratch, DeviceLayers explicit) {
        d.launch(LYAPUNOV_MAP_F64, new LaunchConfig(networks * plan.points(), plan.threads(), plan.sharedBytes()),
                LYAPUNOV_MAP_F64.args().ptrF64(lam).ptrF64(given).ptrI32(mapDepths).ptrF64(scratch)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(maxDepth).i32(depthCount).i32(plan.points()).f64(q)
                        .i32(steps).i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .i32(plan.workspaceInShared() ? 1 : 0));
    }

    /**
     * ln σ of the input–output Jacobians of networks {@code first .. first+networks-1} of
     * {@code arch} at {@code points} input points each and the {@code depthCount} requested depths
     * ({@code depths}, int on the device, increasing, the last = {@code maxDepth}): logSigma
     * (networks, P, D, N) as {@link io.netdyn.backend.JacobianSpectra#logSigma}; when
     * {@code eigLogAbs} and {@code eigArg} are not null, the eigenvalues too, in the same layout
     * ({@link io.netdyn.backend.JacobianSpectra#eigLogAbs}, {@code eigArg}); {@code given}
     * (networks, P, N) or null for random points of length {@code q}; {@code scratch}
     * (networks·P, {@link JacobianSpectraPlan#workspaceDoubles}) unless the plan keeps the workspace shared (then null).
     */
    public static void jacobianSpectra(Device d, JacobianSpectraPlan plan, Architecture arch, double q, long seed,
                                       long first, int networks, int maxDepth, DeviceBuffer depths, int depthCount,
                                       DeviceBuffer logSigma, DeviceBuffer eigLogAbs, DeviceBuffer eigArg,
                                       DeviceBuffer given, DeviceBuffer scratch, DeviceLayers explicit) {
        if ((eigLogAbs == null) != (eigArg == null)) throw new IllegalArgumentException("eigLogAbs and eigArg go together");
        d.launch(JACOBIAN_SPECTRA_F64, new LaunchConfig(networks * plan.points(), plan.threads(), plan.sharedBytes()),
                JACOBIAN_SPECTRA_F64.args().ptrF64(logSigma).ptrF64(eigLogAbs).ptrF64(eigArg)
                        .ptrF64(given).ptrF64(scratch).ptrI32(depths)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(maxDepth).i32(depthCount).i32(plan.points()).f64(q)
                        .i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .i32(eigLogAbs != null ? 1 : 0).i32(plan.workspaceInShared() ? 1 : 0));
    }

    /**
     * J_{f_l}(x) at the points of networks {@code first .. first+networks-1}: {@code offsets}
     * (networks·D + 1) int of a {@link io.netdyn.backend.PointSet} (not rebased), {@code x} (P, N)
     * this launch's points, {@code jac} (P, N, N) row-major; {@code weights} (networks, Lmax·(N²+N))
     * unless the plan keeps them shared (then null); {@code scratch} (networks, plan's scratch).
     */
    public static void mapJacobians(Device d, NewtonMapPlan plan, Architecture arch, long seed, long first,
                                    int networks, int maxDepth, DeviceBuffer offsets, DeviceBuffer depths,
                                    int depthCount, DeviceBuffer x, DeviceBuffer jac, DeviceBuffer weights,
                                    DeviceBuffer scratch, DeviceLayers explicit) {
        d.launch(MAP_JACOBIANS_F64, new LaunchConfig(networks, plan.threads(), plan.sharedBytes()),
                MAP_JACOBIANS_F64.args().ptrF64(jac).ptrF64(x).ptrI32(offsets).ptrI32(depths)
                        .ptrF64(weights).ptrF64(scratch)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(maxDepth).i32(depthCount)
                        .i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .i32(plan.weightsInShared() ? 1 : 0));
    }

    /**
     * Neuron modes and basin radii ({@link io.netdyn.backend.Backend#modes}) of networks
     * {@code first .. first+networks-1} of {@code arch}: modeCounts (networks, L, 3) int,
     * sampleRadius and weightRadius (networks, D, Sb) as {@link io.netdyn.backend.ModesResult};
     * {@code depths} (D) int on the device; {@code scratch} (networks, {@link ModesPlan#workspaceDoubles})
     * unless the plan keeps the workspace shared (then null).
     */
    public static void modes(Device d, ModesPlan plan, Architecture arch, ModesRequest req, long seed,
                             long first, int networks, DeviceBuffer modeCounts, DeviceBuffer sampleRadius,
                             DeviceBuffer weightRadius, DeviceBuffer depths, DeviceBuffer scratch, DeviceLayers explicit) {
        ProbeInputs samples = req.samples();
        d.launch(MODES_F64, new LaunchConfig(networks, plan.threads(), plan.sharedBytes()),
                MODES_F64.args().ptrI32(modeCounts).ptrF64(sampleRadius).ptrF64(weightRadius).ptrI32(depths).ptrF64(scratch)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(arch.depth()).i32(samples.count())
                        .i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .f64(samples.q0()).f64(samples.c0())
                        .i32(req.definition() == NeuronModes.Definition.REGION ? 0 : 1)
                        .f64(req.threshold() * arch.activation().supDerivative())
                        .i32(req.basinSamples()).i32(req.basinDirections()).i32(req.basinDepthCount()).i32(plan.held())
                        .f64(req.basinMax()).f64(req.basinTol())
                        .i64(plan.workspaceDoubles()).i32(plan.workspaceInShared() ? 1 : 0));
    }

    /**
     * Newton ({@link io.netdyn.backend.Backend#newtonMap}) from the points of networks
     * {@code first .. first+networks-1}, laid out as in {@link #mapJacobians}; outputs xOut (P, N),
     * residual (P), converged (P) int 0/1, iterations (P) int.
     */
    public static void newtonMap(Device d, NewtonMapPlan plan, Architecture arch, IterationSettings s, long seed,
                                 long first, int networks, int maxDepth, DeviceBuffer offsets, DeviceBuffer depths,
                                 int depthCount, DeviceBuffer x, DeviceBuffer xOut, DeviceBuffer residual,
                                 DeviceBuffer converged, DeviceBuffer iterations, DeviceBuffer weights,
                                 DeviceBuffer scratch, DeviceLayers explicit) {
        d.launch(NEWTON_MAP_F64, new LaunchConfig(networks, plan.threads(), plan.sharedBytes()),
                NEWTON_MAP_F64.args().ptrF64(xOut).ptrF64(residual).ptrI32(converged).ptrI32(iterations)
                        .ptrF64(x).ptrI32(offsets).ptrI32(depths).ptrF64(weights).ptrF64(scratch)
                        .i64(seed).i64(first)
                        .i32(arch.width()).i32(maxDepth).i32(depthCount)
                        .i32(activationCode(arch.activation())).i32(arch.lastLinear() ? 1 : 0)
                        .layers(arch, explicit)
                        .i32(s.newtonMaxIter()).f64(s.tol()).i32(plan.weightsInShared() ? 1 : 0));
    }

    /**
     * sigma (B, min(m,n)) = singular values of the m×n matrices a (B, m, n), descending;
     * sweeps (B) the Jacobi sweeps used (null: not recorded). B = config's blocks
     * ({@link BatchedLinalg} sizes the config).
     */
    /**
     * {@code steps} optimizer steps of the networks of one {@link TrainPlan} chunk (kernels/train.cu),
     * weights and moments advanced in place on the device; {@code done} and {@code diverged} (int per
     * network) carry over between launches of one call.
     */
    public static void train(Device d, TrainPlan plan, TrainOps.Buffers b, NetworkShape shape, TrainSettings s, boolean xent, long seed, long first, int networks,
                             int tBase, int steps) {
        Optimizer o = s.optimizer();
        d.launch(TRAIN_F64, new LaunchConfig(networks, plan.threads(), plan.sharedBytes()),
                TRAIN_F64.args().ptrF64(b.weights()).ptrF64(b.firstMoment()).ptrF64(b.secondMoment())
                        .ptrF64(b.grad()).ptrF64(b.acts()).ptrF64(b.delta()).ptrF64(b.losses())
                        .ptrI32(b.order()).ptrI32(b.step0()).ptrI32(b.done()).ptrI32(b.diverged())
                        .ptrF64(b.x()).ptrF64(b.y()).ptrI32(b.labels()).ptrF64(b.biasCorrections())
                        .i64(seed).i64(first)
                        .i32(shape.width()).i32(shape.depth()).i32(activationCode(shape.activation())).i32(shape.lastLinear() ? 1 : 0)
                        .i32(plan.samples()).i32(plan.classes()).i32(s.batchSize()).i32(xent ? 1 : 0).i32(o.kind().ordinal())
                        .f64(o.beta()).f64(o.beta2()).f64(o.epsilon()).f64(s.learningRate()).f64(s.weightDecay())
                        .i32(tBase).i32(steps).i32(plan.weightsInShared() ? 1 : 0));
    }

    public static void jacobiSvd(Device d, LaunchConfig config, DeviceBuffer a, DeviceBuffer sigma,
                                 DeviceBuffer sweeps, int m, int n) {
        d.launch(JACOBI_SVD_F64, config, JACOBI_SVD_F64.args().ptrF64(a).ptrF64(sigma).ptrI32(sweeps).i32(m).i32(n));
    }

    /** eig (B, n) = eigenvalues of the symmetric a (B, n, n), descending; sweeps (B) or null. */
    public static void jacobiEigh(Device d, LaunchConfig config, DeviceBuffer a, DeviceBuffer eig,
                                  DeviceBuffer sweeps, int n) {
        d.launch(JACOBI_EIGH_F64, config, JACOBI_EIGH_F64.args().ptrF64(a).ptrF64(eig).ptrI32(sweeps).i32(n));
    }

    /** qr (B, m, n), tau (B, n) = Householder QR of a (B, m, n), m ≥ n, in the layout of Householder.factor. */
    public static void householderQr(Device d, LaunchConfig config, DeviceBuffer a, DeviceBuffer qr,
                                     DeviceBuffer tau, int m, int n) {
        d.launch(HOUSEHOLDER_QR_F64, config,
                HOUSEHOLDER_QR_F64.args().ptrF64(a).ptrF64(qr).ptrF64(tau).i32(m).i32(n));
    }

    /**
     * The wormhole ({@link io.netdyn.backend.Backend#wormhole}) of networks {@code first ..
     * first+networks-1}: dTheta, dThetaFlipped, d, hamming, error (networks, L, P) and svRatio
     * (networks, L) as in {@link io.netdyn.backend.WormholeResult}; {@code svDepths} (S) int on
     * the device, ascending; {@code scratch} (networks, {@link WormholePlan#workspaceDoubles})
     * unless the plan keeps the workspace shared (then null).
     */
    public static void wormhole(Device d, WormholePlan plan, WormholeRequest req, long seed, long first,
                                int networks, DeviceBuffer svDepths, DeviceBuffer dTheta, DeviceBuffer dThetaFlipped,
                                DeviceBuffer dist, DeviceBuffer hamming, DeviceBuffer error, DeviceBuffer svRatio,
                                DeviceBuffer scratch) {
        d.launch(WORMHOLE_F64, new LaunchConfig(networks, plan.threads(), plan.sharedBytes()),
                WORMHOLE_F64.args().ptrF64(dTheta).ptrF64(dThetaFlipped).ptrF64(dist).ptrF64(hamming).ptrF64(error)
                        .ptrF64(svRatio).ptrF64(scratch).ptrI32(svDepths)
                        .i64(seed).i64(first)
                        .i32(plan.k()).i32(plan.rows()).i32(plan.depth()).i32(plan.pairs()).i32(plan.svCount())
                        .i32(req.variant() == MaxNormConstruction.Variant.NEGATIVE ? 1 : 0)
                        .i32(req.inputs() == WormholeInputs.GAUSSIAN ? 1 : 0).f64(req.alpha())
                        .i32(plan.workspaceInShared() ? 1 : 0));
    }

    /**
     * sel (B, k) = the k rows of each y (B, n) the maxnorm construction keeps (key |y_i|, or −y_i
     * when {@code negative}; ties to the lower row), best first; B = config's blocks.
     */
    public static void maxnormSelect(Device d, LaunchConfig config, DeviceBuffer y, DeviceBuffer sel, int n, int k,
                                     boolean negative) {
        d.launch(MAXNORM_SELECT_F64, config, MAXNORM_SELECT_F64.args().ptrF64(y).ptrI32(sel).i32(n).i32(k).i32(negative ? 1 : 0));
    }

    /** q (B, n, n) = Householder.haarFromGaussian of each g (B, n, n); tau (B, n) scratch. B = config's blocks. */
    public static void haar(Device d, LaunchConfig config, DeviceBuffer g, DeviceBuffer q, DeviceBuffer tau, int n) {
        d.launch(HAAR_F64, config, HAAR_F64.args().ptrF64(g).ptrF64(q).ptrF64(tau).i32(n));
    }

    // ---- model enums -> kernel codes (kernels/activations.cuh ActKind, distributions.cuh DistKind)

    static int activationCode(Activation a) {
        return switch (a) {
            case TANH -> 0;
            case LOGISTIC -> 1;
            case HARDTANH -> 2;
            case RELU -> 3;
            case LINEAR -> 4;
            case ERF -> 5;
        };
    }

    static int distributionCode(Distribution.Kind k) {
        return switch (k) {
            case GAUSSIAN -> 0;
            case UNIFORM -> 1;
            case CAUCHY -> 2;
            case STABLE -> 3;
            case STUDENT -> 4;
            case ORTHOGONAL -> 5;
        };
    }
}
