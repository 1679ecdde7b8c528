package io.netdyn.model;

import static io.netdyn.model.NeuronModes.DEAD;
import static io.netdyn.model.NeuronModes.NON_ORDER_PRESERVING;
import static io.netdyn.model.NeuronModes.ORDER_PRESERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.model.NeuronModes.Definition;
import org.junit.jupiter.api.Test;

/** The two neuron-mode tests of docs/measures/modes.md ("Neuron modes") on hand-made pre-activations. */
class NeuronModesTest {
    static final double T = 0.1;

    static int mode(Activation a, Definition d, double... h) {
        return NeuronModes.classify(a, d, T, h, 0, 1, h.length, new double[h.length]);
    }

    @Test
    void reluWithAllPositivePreActivationsIsOrderPreserving() {
        for (Definition d : Definition.values()) {
            assertEquals(ORDER_PRESERVING, mode(Activation.RELU, d, 0.3, 2, 1e-9, 7, 0.5), d.label());
            assertEquals(DEAD, mode(Activation.RELU, d, -0.3, -2, 0, -7), d.label());
            assertEquals(NON_ORDER_PRESERVING, mode(Activation.RELU, d, -0.3, -2, 1, 3), d.label());
        }
        // one sample below 0 merges nothing: only the pointwise region test calls it non-order-preserving
        assertEquals(NON_ORDER_PRESERVING, mode(Activation.RELU, Definition.REGION, -0.3, 1, 3));
        assertEquals(ORDER_PRESERVING, mode(Activation.RELU, Definition.SECANT, -0.3, 1, 3));
    }

    @Test
    void linearIsAlwaysOrderPreserving() {
        for (Definition d : Definition.values()) {
            assertEquals(ORDER_PRESERVING, mode(Activation.LINEAR, d, -1e6, 1e6, 0, 3, -40, 1e-12), d.label());
        }
    }

    @Test
    void aSaturatedTanhNeuronIsDeadAndASignUnitIsNot() {
        for (Definition d : Definition.values()) {
            assertEquals(DEAD, mode(Activation.TANH, d, 5, 6.5, 8, 12), d.label());
            assertEquals(DEAD, mode(Activation.TANH, d, -5, -6.5, -8), d.label());
            assertEquals(NON_ORDER_PRESERVING, mode(Activation.TANH, d, -5, -6, 5, 6), d.label() + ": a sign unit");
            assertEquals(NON_ORDER_PRESERVING, mode(Activation.TANH, d, -0.5, 0.2, 5, 6), d.label());
            assertEquals(ORDER_PRESERVING, mode(Activation.TANH, d, -0.5, 0.2, 0.9, -1.1), d.label());
        }
        // region boundary: tanh'(h) = 1 - tanh² = T at |h| = atanh(√(1-T)) ≈ 1.818
        double edge = 0.5 * Math.log((1 + Math.sqrt(1 - T)) / (1 - Math.sqrt(1 - T)));
        assertEquals(ORDER_PRESERVING, mode(Activation.TANH, Definition.REGION, 0, edge - 1e-9));
        assertEquals(NON_ORDER_PRESERVING, mode(Activation.TANH, Definition.REGION, 0, edge + 1e-9));
    }

    @Test
    void theThresholdIsRelativeToTheLargestSlope() {
        // logistic: σ' ≤ T·(1/4) ⇔ |h| ≥ 2·acosh(1/√T) ≈ 3.64 for T = 0.1
        double edge = 2 * Math.log(1 / Math.sqrt(T) + Math.sqrt(1 / T - 1));
        assertEquals(ORDER_PRESERVING, mode(Activation.LOGISTIC, Definition.REGION, -edge + 1e-9, 0, edge - 1e-9));
        assertEquals(DEAD, mode(Activation.LOGISTIC, Definition.REGION, edge + 1e-9, edge + 3));
        assertEquals(ORDER_PRESERVING, mode(Activation.HARDTANH, Definition.SECANT, -0.9, 0, 0.9));
        assertEquals(DEAD, mode(Activation.HARDTANH, Definition.SECANT, 1, 2, 30));
        assertEquals(ORDER_PRESERVING, mode(Activation.TANH, Definition.SECANT, 1, 1, 1), "equal h: no pair, nothing merged");
    }
}
