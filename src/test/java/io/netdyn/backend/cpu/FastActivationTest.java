package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast tanh of the CPU hot loops against the JDK reference. */
class FastActivationTest {

    @Test
    void tanhMatchesMathTanhToAFewUlps() {
        SplittableRandom rnd = new SplittableRandom(7);
        double worst = 0, worstAt = 0;
        for (int k = 0; k < 200_000; k++) {
            double x = (rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextDouble() * 6 - 4);   // 1e-4 .. 1e2
            double ref = Math.tanh(x), got = FastActivation.tanh(x);
            double rel = Math.abs(got - ref) / Math.abs(ref);
            if (rel > worst) { worst = rel; worstAt = x; }
        }
        assertTrue(worst < 1e-15, "relative error " + worst + " at x = " + worstAt);
    }

    @Test
    void tanhIsOddAndHandlesSpecialValues() {
        for (double x : new double[] {1e-300, 0.3, 0.625, 0.6249999, 3, 21.9, 22.1, 700}) {
            assertEquals(-FastActivation.tanh(x), FastActivation.tanh(-x), 0.0, "x = " + x);
        }
        assertEquals(0.0, FastActivation.tanh(0.0), 0.0);
        assertEquals(1.0, FastActivation.tanh(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, FastActivation.tanh(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(FastActivation.tanh(Double.NaN)));
    }

    @Test
    void derivativesFromValuesMatchTheReference() {
        for (Activation a : Activation.values()) {
            for (double x = -5; x <= 5; x += 0.37) {
                double v = FastActivation.phi(a, x);
                assertEquals(a.phi(x), v, 1e-15, a + " phi at " + x);
                assertEquals(a.dphi(x), FastActivation.dphi(a, x, v), 1e-14, a + " dphi at " + x);
            }
        }
    }
}
