package io.netdyn.backend.cuda;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The random pieces shared by the emulator tests of the operations at input points (lyapunov,
 * the map exponent, jacobianSpectra): which activations they cycle through, the points, the
 * batch. Case t varies them deterministically so every test meets given points, q = 0, network
 * indices past 2^31 and one- and two-network batches.
 */
final class PointCases {
    /**
     * ERF is left out: the kernel's erf is libm's, the CPU's a series; their ulp differences
     * reach 1e-8 in the smallest exponents of saturated deep erf networks (R_ii ~ e^-18,
     * relative error ε/R_ii).
     */
    static final Activation[] ACTIVATIONS = {Activation.TANH, Activation.RELU, Activation.LOGISTIC, Activation.HARDTANH,
        Activation.LINEAR, Activation.TANH};

    /** Weights from ordered to chaotic (σ_w 0.8..2), one bounded distribution. */
    static final List<Distribution> WEIGHTS = List.of(Distribution.gaussian(0.8), Distribution.gaussian(1),
            Distribution.gaussian(1.5), Distribution.uniform(1.5), Distribution.gaussian(2));
    static final List<Optional<Distribution>> BIASES = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.3)));

    private PointCases() {}

    /** 1 or 2 points per network for {@code count} networks of width n: given ones every 4th case, else random (q = 0 every 5th when {@code zeroQ}). */
    static InputPoints points(Random r, int t, int count, int n, boolean zeroQ) {
        int p = 1 + r.nextInt(2);
        return t % 4 == 3 ? InputPoints.given(p, gaussians(r, count * p * n))
                : InputPoints.random(p, zeroQ && t % 5 == 0 ? 0 : 0.2 + r.nextDouble());
    }

    /** {@code count} networks of {@code arch}, a random seed, first index past 2^31 every 3rd case. */
    static NetworkBatch batch(Random r, int t, Architecture arch, int count) {
        return new NetworkBatch(arch, r.nextLong(), t % 3 == 0 ? (1L << 31) + 3 : r.nextInt(1000), count);
    }

    static double[] gaussians(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextGaussian();
        return x;
    }
}
