package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.model.Activation;
import org.junit.jupiter.api.Test;

/** φ' from values in the CPU hot loops against the reference. */
class FastActivationTest {

    @Test
    void derivativesFromValuesMatchTheReference() {
        for (Activation a : Activation.values()) {
            for (double x = -5; x <= 5; x += 0.37) {
                double v = a.phi(x);
                assertEquals(a.dphi(x), FastActivation.dphi(a, x, v), 1e-14, a + " dphi at " + x);
            }
        }
    }
}
