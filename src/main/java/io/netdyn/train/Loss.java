package io.netdyn.train;

import java.util.Locale;

/**
 * The training losses (docs/training.md, "Losses"), per sample s with network output z = f(x_s);
 * a batch's loss is the mean over its B samples, L = (1/B) Σ_s ℓ_s.
 * <pre>
 *   mse    ℓ = ½ Σ_{i<N} (z_i − y_i)²                          ∂ℓ/∂z_i = z_i − y_i
 *   xent   ℓ = log Σ_{j<C} e^{z_j} − z_c   (c the label)       ∂ℓ/∂z_j = softmax_j(z_0..z_{C−1}) − [j = c], j < C;  0 for j ≥ C
 * </pre>
 * xent reads only the first C outputs as logits (the other N − C outputs are free); its
 * log-sum-exp subtracts max_j z_j first.
 */
public enum Loss {
    MSE,
    XENT;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Loss parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "mse" -> MSE;
            case "xent", "cross-entropy", "crossentropy" -> XENT;
            default -> throw new IllegalArgumentException("unknown loss '" + text + "' (expected mse or xent)");
        };
    }

    /** Throws when this loss cannot be computed on {@code s} (mse needs targets, xent labels). */
    void check(Samples s) {
        if (this == XENT && s.classes() == 0) {
            throw new IllegalArgumentException("loss xent needs class labels, but the task has regression targets (use mse)");
        }
        if (this == MSE && s.classes() > 0) {
            throw new IllegalArgumentException("loss mse needs regression targets, but the task has class labels (use xent)");
        }
    }

    /**
     * ℓ of sample {@code index} of {@code s} at output {@code z}; when {@code dz} is not null it
     * receives scale · ∂ℓ/∂z (all N entries written).
     */
    double value(double[] z, Samples s, int index, double[] dz, double scale) {
        return value(z, 0, s, index, dz, 0, scale);
    }

    /**
     * The same with the output at z[zo ..] and scale · ∂ℓ/∂z into dz[dzo ..] (the same arithmetic;
     * for trainers that keep a batch of outputs in one array).
     */
    public double value(double[] z, int zo, Samples s, int index, double[] dz, int dzo, double scale) {
        int n = s.width();
        if (this == MSE) {
            double[] y = s.y();
            int off = index * n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double d = z[zo + i] - y[off + i];
                sum += 0.5 * d * d;
                if (dz != null) dz[dzo + i] = scale * d;
            }
            return sum;
        }
        int c = s.classes(), label = s.labels()[index];
        double max = z[zo];
        for (int j = 1; j < c; j++) max = Math.max(max, z[zo + j]);
        double sum = 0;
        for (int j = 0; j < c; j++) sum += Math.exp(z[zo + j] - max);
        double lse = max + Math.log(sum);
        if (dz != null) {
            for (int j = 0; j < c; j++) dz[dzo + j] = scale * (Math.exp(z[zo + j] - max) / sum - (j == label ? 1 : 0));
            for (int j = c; j < n; j++) dz[dzo + j] = 0;
        }
        return lse - z[zo + label];
    }
}
