package io.netdyn.backend.cpu;

import io.netdyn.model.Activation;

/**
 * φ' from the already computed value v = φ(x) in the hot loops of the CPU backend: 1 − v²
 * for tanh, v(1 − v) for logistic (no second transcendental), else the reference
 * {@link Activation#dphi}.
 */
final class FastActivation {
    private FastActivation() {}

    static double dphi(Activation a, double x, double v) {
        return switch (a) {
            case TANH -> 1 - v * v;
            case LOGISTIC -> v * (1 - v);
            default -> a.dphi(x);
        };
    }
}
