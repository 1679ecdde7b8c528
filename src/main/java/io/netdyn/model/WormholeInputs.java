package io.netdyn.model;

import java.util.Locale;

/**
 * The noise inputs of the wormhole measure (docs/measures/wormhole.md, "Inputs and the
 * wormhole"), per network b, drawn from the
 * {@link Streams#PROBES} stream (layer 0, element p·k + i):
 * <pre>
 *   tensor {@value #TENSOR_TRAIN}  the training input I_b       (1 vector)
 *   tensor {@value #TENSOR_TEST}   the other inputs I_a^(p)      (P vectors, p = 0..P-1)
 *   tensor {@value #TENSOR_MESSAGE}   the message v               (1 vector, N(0,1) entries, then unit norm)
 * </pre>
 * Entry distribution of I_b and I_a: {@link #UNIFORM} U(0,1) — non-negative noise, as
 * Lai &amp; Jin's wormhole script (U(0,255); the scale is irrelevant, only directions
 * matter), so every pair has cos(I_a, I_b) ≈ 3/4 and the outputs collapse onto +u_b; or
 * {@link #GAUSSIAN} N(0,1) — zero-mean (their collapse experiments use U(−a, a)), so the
 * outputs of unrelated inputs collapse onto ±u_b with equal odds.
 */
public enum WormholeInputs {
    UNIFORM,
    GAUSSIAN;

    /** Tensor ids in {@link Streams#PROBES} (0–2 belong to the propagation and Jacobian probes). */
    public static final int TENSOR_TRAIN = 32, TENSOR_TEST = 33, TENSOR_MESSAGE = 34;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static WormholeInputs parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "uniform" -> UNIFORM;
            case "gaussian", "normal" -> GAUSSIAN;
            default -> throw new IllegalArgumentException("unknown wormhole input distribution '" + text + "' (expected uniform or gaussian)");
        };
    }

    /** Writes {@code count} vectors of length k (row-major) of {@code tensor} into {@code out}. */
    public void fill(long seed, long network, int tensor, int count, int k, double[] out, int[] block) {
        for (int e = 0; e < count * k; e++) {
            Streams.PROBES.block(seed, network, 0, tensor, e, block);
            double u0 = Philox4x32.uniform(block[0]);
            out[e] = this == UNIFORM ? u0 : Distribution.gaussian(block[0], block[1]);
        }
    }

    /** The unit-norm message v of {@code network} (length k) into {@code out}. */
    public static void message(long seed, long network, int k, double[] out, int[] block) {
        double norm2 = 0;
        for (int i = 0; i < k; i++) {
            Streams.PROBES.block(seed, network, 0, TENSOR_MESSAGE, i, block);
            out[i] = Distribution.gaussian(block[0], block[1]);
            norm2 += out[i] * out[i];
        }
        double f = 1 / Math.sqrt(norm2);
        for (int i = 0; i < k; i++) out[i] *= f;
    }
}
