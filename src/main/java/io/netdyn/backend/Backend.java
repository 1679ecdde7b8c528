package io.netdyn.backend;

import io.netdyn.model.IterationSettings;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import io.netdyn.train.TrainResult;

/**
 * The compute contract every backend implements (docs/architecture.md): coarse operations over a
 * whole {@link NetworkBatch} (sampled or explicit networks), each of which a GPU does in a few
 * kernel launches. Measures are written once against this interface; a backend knows nothing of
 * CSV, CLI or statistics. Arguments are checked by {@link OperationChecks}, the same on every backend.
 *
 * <p>Results are deterministic: the same batch gives bit-identical arrays for any thread
 * count on the CPU backend.
 *
 * <p>Adding an operation: also add its forwarding line to {@link DelegatingBackend}, through
 * which the CUDA backend runs every operation it has no kernel for on the CPU.
 */
public interface Backend extends AutoCloseable {

    /** Which backend this is: {@link BackendKind#CPU}, {@link BackendKind#CUDA} or {@link BackendKind#CUDA_EMU}. */
    BackendKind kind();

    /** The kind's label ("cpu", "cuda", "cuda-emu"), as manifests record it. */
    default String name() { return kind().label(); }

    /** A human description of the device (CPU model and threads, or GPU name and memory). */
    String device();

    /** Worker threads (CPU) or streams (GPU) this backend uses. */
    int threads();

    /** Bytes of working memory one network of {@code arch} needs in {@link #propagate}. */
    long propagateBytesPerNetwork(NetworkBatch batch, ProbeInputs probes);

    /**
     * Sends the S probe inputs through every network of the batch and returns, for every
     * layer l = 1..L, the S×S Gram matrices of the pre-activations h_l, of the depth-l
     * outputs y_l and of their sign bits 1[y_l > 0] (see {@link PropagationGrams}).
     */
    PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes);

    /** Bytes of working memory one network needs in {@link #jacobianSpectra} (result + scratch). */
    long jacobianBytesPerNetwork(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues);

    /**
     * Input–output Jacobian spectra (docs/measures/jacobian.md) of every network of the batch at every input
     * point: one running product J_l = D_l W_l J_{l-1} up to the deepest requested depth; at
     * each depth of {@code depths} (strictly increasing, within 1..arch depth) the singular
     * values and, if {@code eigenvalues}, the eigenvalues of J_l (see {@link JacobianSpectra}).
     */
    JacobianSpectra jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues);

    /** Bytes of working memory one network needs in {@link #lyapunov} (result + scratch). */
    long lyapunovBytesPerNetwork(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps);

    /**
     * Lyapunov exponents (docs/measures/lyapunov.md): k tangent vectors through all L = arch depth layers with
     * a Householder QR per layer, and, when {@code mapSteps} &gt; 0, the largest exponent of the
     * iterated depth-m map for every m in {@code mapDepths} (strictly increasing, ≤ L); see
     * {@link LyapunovRun}. 1 ≤ k ≤ N.
     */
    LyapunovRun lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps);

    // ---- Fixed points (docs/measures/fixedpoints.md): iteration, Newton, Jacobians of the depth-l map ----

    /**
     * Bytes of working memory one network needs in the fixed-point operations for these
     * depths and starts: result slots, Newton point sets and all L layers of the network
     * (N²·L doubles), which the iteration must hold at once.
     */
    long fixedPointBytesPerNetwork(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings);

    /**
     * Iterates x ← f_l(x), f_l = the first l layers, for every network, every depth l of
     * {@code depths} and the M starts of {@code starts} (drawn by the backend from the STARTS
     * stream, tensor {@link StartPoints#TENSOR_ITERATE}), with early exit on
     * convergence, on a cycle of period ≤ P and on overflow (see {@link FixedPointRun}).
     * A GPU does this in one launch: a block per network × chunk of starts, all layers and
     * iterations inside.
     */
    FixedPointRun iterateMap(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings);

    /**
     * Damped Newton on g(x) = f_l(x) − x from every point of {@code points} (group b·D + d is
     * network b at depth {@code depths[d]}), at most {@code settings.newtonMaxIter()} steps;
     * converged when ‖g‖∞ &lt; tol·max(1, ‖x‖∞) (see {@link NewtonRun}).
     */
    NewtonRun newtonMap(NetworkBatch batch, int[] depths, PointSet points, IterationSettings settings);

    /**
     * J_{f_l}(x) = D_l W_l ··· D_1 W_1 at every point of {@code points} (group b·D + d as in
     * {@link #newtonMap}); point p's N×N row-major matrix at {@code [p·N², (p+1)·N²)}.
     */
    double[] mapJacobians(NetworkBatch batch, int[] depths, PointSet points);

    // ---- Neuron modes and basins (docs/measures/modes.md) ----

    /** Bytes of working memory one network needs in {@link #modes} (result + scratch). */
    long modesBytesPerNetwork(NetworkBatch batch, ModesRequest request);

    /**
     * Neuron modes of every layer on the request's samples and sample-/weight-space basin
     * radii at the request's basin depths, for every network (see {@link ModesRequest},
     * {@link ModesResult}). A GPU does the modes in one launch (block per network, all layers)
     * and the basin scans as batched forward passes of (network × sample × direction × step).
     */
    ModesResult modes(NetworkBatch batch, ModesRequest request);

    // ---- Wormhole on maxnorm networks (docs/measures/wormhole.md) ----

    /** Bytes of working memory one network needs in {@link #wormhole} (result + scratch). */
    long wormholeBytesPerNetwork(NetworkBatch batch, WormholeRequest request);

    /**
     * Builds every network of the batch as a maxnorm(n) construction of width k = arch width
     * and depth L (the arch's activation, distributions and bias are ignored) and records, per
     * depth and input pair, the output cosine, sign-Hamming distance and wormhole
     * reconstruction error, and σ2/σ1 of the product H_d (see {@link WormholeRequest},
     * {@link WormholeResult}). A GPU does one launch per layer over all networks (R x, top-k,
     * gather, W·[H | Z]).
     */
    WormholeResult wormhole(NetworkBatch batch, WormholeRequest request);

    // ---- Training (docs/training.md) ----

    /** Bytes of working memory one network of {@code batch} needs in {@link #train} (scratch, not its weights and state). */
    long trainBytesPerNetwork(TrainingBatch batch);

    /**
     * Takes {@code steps} more optimizer steps (0 = only evaluate) on every network of the batch,
     * updating its weights and optimizer state in place, then evaluates each on the task's training
     * and test sets. Result k is network slot k ({@link TrainResult}: steps applied, divergence,
     * losses). Coarse like every operation: all networks and all steps in one call (a GPU keeps the
     * weights and moments on the device for all of them). Deterministic: the same bits for any
     * thread count, and the same bits whether the steps come in one call or several.
     */
    TrainResult[] train(TrainingBatch batch, int steps);

    @Override
    void close();
}
