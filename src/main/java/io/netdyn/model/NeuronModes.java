package io.netdyn.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The mode of one neuron on a sample set (docs/measures/modes.md, "Neuron modes"; after Lin,
 * Zhang, Feng, Zhao): given its pre-activations h_1..h_S on the S samples, is x = φ(h)
 * order-preserving, non-order-preserving or dead? The paper's operational test is not public; two are offered,
 * both with a threshold T ∈ (0,1) on the slope of φ relative to its largest slope
 * φ'_max = sup φ' (1 for tanh, relu, hardtanh, linear; 1/4 for logistic; 2/√π for erf):
 * <pre>
 *   REGION   sample s sits in a flat region of φ when φ'(h_s) ≤ T·φ'_max
 *              order-preserving      no sample flat
 *              dead                  every sample flat, all on one side (all h_s &gt; 0, or all ≤ 0)
 *              non-order-preserving  otherwise
 *   SECANT   sort the samples by h; consecutive samples (with h_(s) &lt; h_(s+1)) are merged when
 *              φ(h_(s+1)) − φ(h_(s)) ≤ T·φ'_max·(h_(s+1) − h_(s))         (secant slope ≤ T·φ'_max)
 *              order-preserving      no consecutive pair merged
 *              dead                  every consecutive pair merged (φ flat over the whole sample range)
 *              non-order-preserving  otherwise
 * </pre>
 * REGION is the pointwise reading of the definition in docs/measures/modes.md: relu is
 * order-preserving iff h &gt; 0 for all samples and dead iff h ≤ 0 for all; tanh (T = 0.1) iff |h|
 * &lt; atanh(√0.9) ≈ 1.818 for all; linear always. SECANT asks only whether the samples themselves
 * get merged: a relu neuron with one sample below 0 still keeps the ranking, and a tanh neuron
 * saturated at +1 for some samples and at −1 for others is non-order-preserving (a sign unit) under
 * both tests, never dead. Samples with equal h are not counted as merged (the neuron did not merge
 * them).
 * With fewer than two distinct h values SECANT has no pair: order-preserving.
 */
public final class NeuronModes {
    public static final int ORDER_PRESERVING = 0, NON_ORDER_PRESERVING = 1, DEAD = 2;
    public static final String[] LABELS = {"order_preserving", "non_order_preserving", "dead"};

    public enum Definition {
        REGION, SECANT;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public static Definition parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "region" -> REGION;
                case "secant" -> SECANT;
                default -> throw new IllegalArgumentException("unknown mode definition '" + text + "' (expected region or secant)");
            };
        }
    }

    private NeuronModes() {}

    /**
     * The mode of the neuron whose pre-activations are {@code h[offset + s·stride]}, s = 0..count-1.
     * {@code scratch} (length ≥ count) is only used by SECANT.
     */
    public static int classify(Activation phi, Definition def, double threshold,
                               double[] h, int offset, int stride, int count, double[] scratch) {
        double slope = threshold * phi.supDerivative();
        return def == Definition.REGION ? region(phi, slope, h, offset, stride, count)
                : secant(phi, slope, h, offset, stride, count, scratch);
    }

    private static int region(Activation phi, double slope, double[] h, int offset, int stride, int count) {
        int flat = 0, flatPositive = 0;
        for (int s = 0; s < count; s++) {
            double x = h[offset + s * stride];
            if (phi.dphi(x) <= slope) {
                flat++;
                if (x > 0) flatPositive++;
            }
        }
        if (flat == 0) return ORDER_PRESERVING;
        if (flat == count && (flatPositive == 0 || flatPositive == count)) return DEAD;
        return NON_ORDER_PRESERVING;
    }

    private static int secant(Activation phi, double slope, double[] h, int offset, int stride, int count, double[] sorted) {
        for (int s = 0; s < count; s++) sorted[s] = h[offset + s * stride];
        Arrays.sort(sorted, 0, count);
        int pairs = 0, merged = 0;
        double prevH = sorted[0], prevPhi = phi.phi(prevH);
        for (int s = 1; s < count; s++) {
            double x = sorted[s];
            if (x == prevH) continue;
            double fx = phi.phi(x);
            pairs++;
            if (fx - prevPhi <= slope * (x - prevH)) merged++;
            prevH = x;
            prevPhi = fx;
        }
        if (merged == 0) return ORDER_PRESERVING;
        return merged == pairs ? DEAD : NON_ORDER_PRESERVING;
    }
}
