package io.netdyn.train;

import io.netdyn.model.NetworkWeights;
import java.util.Locale;

/**
 * The optimizers (docs/training.md, "Optimizers"), one step t = 1, 2, … on every parameter θ
 * with gradient g, learning rate η and weight decay λ:
 * <pre>
 *   sgd          u = g
 *   momentum:B   v ← B·v + g,  u = v                                   (heavy ball, PyTorch convention)
 *   adam         m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 *                u = (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε)               (β1 0.9, β2 0.999, ε 1e-8)
 *   then         θ ← θ − η·(u + λ·θ)     λ on the weights W_l only, never on the biases b_l
 * </pre>
 * The decay is decoupled (outside the moments, as AdamW); for sgd it is the same as an L2 term
 * ½λ‖W‖² in the loss. The moments live in an {@link OptimizerState} the caller carries.
 *
 * @param beta the momentum B (momentum), β1 (adam), unused 0 (sgd)
 */
public record Optimizer(Kind kind, double beta, double beta2, double epsilon) {

    public enum Kind { SGD, MOMENTUM, ADAM }

    public static final double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999, ADAM_EPSILON = 1e-8;

    public Optimizer {
        if (kind == null) throw new IllegalArgumentException("optimizer kind is required");
        if (kind == Kind.MOMENTUM && !(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("momentum B must be in [0, 1), got " + beta);
        }
        if (kind == Kind.ADAM && !(beta >= 0 && beta < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
            throw new IllegalArgumentException("adam needs β1, β2 in [0, 1) and ε > 0, got " + beta + ", " + beta2 + ", " + epsilon);
        }
    }

    public static Optimizer sgd() { return new Optimizer(Kind.SGD, 0, 0, 0); }
    public static Optimizer momentum(double b) { return new Optimizer(Kind.MOMENTUM, b, 0, 0); }
    public static Optimizer adam() { return new Optimizer(Kind.ADAM, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON); }

    /** Parses {@code sgd}, {@code momentum:B} or {@code adam}. */
    public static Optimizer parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] p = t.split(":", -1);
        switch (p[0]) {
            case "sgd":
                if (p.length == 1) return sgd();
                break;
            case "adam":
                if (p.length == 1) return adam();
                break;
            case "momentum":
                if (p.length == 2) {
                    double b;
                    try {
                        b = Double.parseDouble(p[1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("optimizer '" + text + "': B must be a number, got '" + p[1] + "'");
                    }
                    if (!(b >= 0 && b < 1)) throw new IllegalArgumentException("optimizer '" + text + "': momentum B must be in [0, 1)");
                    return momentum(b);
                }
                throw new IllegalArgumentException("optimizer '" + text + "': write momentum:B, e.g. momentum:0.9");
            default:
                throw new IllegalArgumentException("unknown optimizer '" + text + "' (expected sgd, momentum:B or adam)");
        }
        throw new IllegalArgumentException("optimizer '" + text + "' takes no ':' arguments (expected sgd, momentum:B or adam)");
    }

    public String label() {
        return switch (kind) {
            case SGD -> "sgd";
            case MOMENTUM -> "momentum:" + beta;
            case ADAM -> "adam";
        };
    }

    /** How many moment tensors per parameter tensor the state keeps: 0, 1 or 2. */
    public int moments() {
        return switch (kind) {
            case SGD -> 0;
            case MOMENTUM -> 1;
            case ADAM -> 2;
        };
    }

    /**
     * One step: θ ← θ − η·(u(g) + λ·θ) for W_l and b_l of {@code w} (λ on W_l only), with gradient
     * {@code g} (the same shape), advancing {@code state}.
     */
    public void update(NetworkWeights w, NetworkWeights g, OptimizerState state, double lr, double decay) {
        state.check(this, w);
        long t = ++state.steps;
        double c1 = 0, c2 = 0;
        if (kind == Kind.ADAM) {
            c1 = 1 - Math.pow(beta, t);
            c2 = 1 - Math.pow(beta2, t);
        }
        for (int l = 0; l < w.depth(); l++) {
            apply(w.w()[l], g.w()[l], state, 2 * l, lr, decay, c1, c2);
            apply(w.b()[l], g.b()[l], state, 2 * l + 1, lr, 0, c1, c2);
        }
    }

    private void apply(double[] theta, double[] grad, OptimizerState st, int tensor, double lr, double decay,
                       double c1, double c2) {
        switch (kind) {
            case SGD -> {
                for (int e = 0; e < theta.length; e++) theta[e] -= lr * (grad[e] + decay * theta[e]);
            }
            case MOMENTUM -> {
                double[] v = st.first[tensor];
                for (int e = 0; e < theta.length; e++) {
                    v[e] = beta * v[e] + grad[e];
                    theta[e] -= lr * (v[e] + decay * theta[e]);
                }
            }
            case ADAM -> {
                double[] m = st.first[tensor], v = st.second[tensor];
                for (int e = 0; e < theta.length; e++) {
                    double ge = grad[e];
                    m[e] = beta * m[e] + (1 - beta) * ge;
                    v[e] = beta2 * v[e] + (1 - beta2) * ge * ge;
                    double u = (m[e] / c1) / (Math.sqrt(v[e] / c2) + epsilon);
                    theta[e] -= lr * (u + decay * theta[e]);
                }
            }
        }
    }
}
