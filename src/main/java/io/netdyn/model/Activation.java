package io.netdyn.model;

import java.util.Locale;

/** The activations φ of docs/model.md ("Activations") with their derivatives φ'. */
public enum Activation {
    TANH(true, 1.0) {
        public double phi(double x) { return SpecialFunctions.tanh(x); }
        public double dphi(double x) { double t = SpecialFunctions.tanh(x); return 1 - t * t; }
    },
    /** σ(x) = 1/(1+e^-x), σ' = σ(1-σ). */
    LOGISTIC(false, 0.25) {
        public double phi(double x) { return 1 / (1 + Math.exp(-x)); }
        public double dphi(double x) { double s = phi(x); return s * (1 - s); }
    },
    /** clamp(x, -1, 1); φ' = 1 inside (-1,1), 0 outside. */
    HARDTANH(true, 1.0) {
        public double phi(double x) { return x < -1 ? -1 : (x > 1 ? 1 : x); }
        public double dphi(double x) { return (x > -1 && x < 1) ? 1 : 0; }
    },
    RELU(false, 1.0) {
        public double phi(double x) { return x > 0 ? x : 0; }
        public double dphi(double x) { return x > 0 ? 1 : 0; }
    },
    LINEAR(true, 1.0) {
        public double phi(double x) { return x; }
        public double dphi(double x) { return 1; }
    },
    /** erf(x); φ' = (2/√π) e^{-x²}. */
    ERF(true, 2 / Math.sqrt(Math.PI)) {
        public double phi(double x) { return SpecialFunctions.erf(x); }
        public double dphi(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
    };

    private final boolean odd;
    private final double supDerivative;

    Activation(boolean odd, double supDerivative) {
        this.odd = odd;
        this.supDerivative = supDerivative;
    }

    public abstract double phi(double x);

    public abstract double dphi(double x);

    /** φ(-x) = -φ(x): without bias, 0 is a fixed point and fixed points come in ± pairs. */
    public boolean isOdd() { return odd; }

    /** sup |φ'|, the Lipschitz constant used by the contraction bound. */
    public double supDerivative() { return supDerivative; }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Activation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("sigmoid")) return LOGISTIC;
        for (Activation a : values()) if (a.label().equals(t)) return a;
        throw new IllegalArgumentException("unknown activation '" + text
                + "' (expected tanh, logistic, hardtanh, relu, linear, erf)");
    }
}
