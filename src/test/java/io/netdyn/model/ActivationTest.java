package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivationTest {
    @Test
    void derivativesMatchCentralDifferences() {
        double hstep = 1e-6;
        for (Activation a : Activation.values()) {
            for (double x = -3.05; x < 3; x += 0.1) {   // avoids the kinks at 0 and ±1
                double fd = (a.phi(x + hstep) - a.phi(x - hstep)) / (2 * hstep);
                assertEquals(fd, a.dphi(x), 1e-7, a + " at " + x);
            }
        }
    }

    @Test
    void erfMatchesReferenceValues() {
        // erf values to 16 digits (Abramowitz & Stegun Table 7.1 / high-precision tables)
        assertEquals(0.0, SpecialFunctions.erf(0), 0);
        assertEquals(0.1124629160182849, SpecialFunctions.erf(0.1), 1e-15);
        assertEquals(0.5204998778130465, SpecialFunctions.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, SpecialFunctions.erf(1), 1e-15);
        assertEquals(0.9953222650189527, SpecialFunctions.erf(2), 1e-15);
        assertEquals(0.9999779095030014, SpecialFunctions.erf(3), 1e-15);
        assertEquals(0.9999999845827421, SpecialFunctions.erf(4), 1e-15);
        assertEquals(-0.8427007929497149, SpecialFunctions.erf(-1), 1e-15);
        // continuity across the series / continued-fraction switch at 3
        assertEquals(SpecialFunctions.erf(Math.nextDown(3.0)), SpecialFunctions.erf(3), 1e-15);
    }

    @Test
    void tanhMatchesTheJdkToAFewUlpsAndIsOdd() {
        SplittableRandom rnd = new SplittableRandom(7);
        double worst = 0, worstAt = 0;
        for (int k = 0; k < 200_000; k++) {
            double x = (rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextDouble() * 6 - 4);   // 1e-4 .. 1e2
            double ref = StrictMath.tanh(x), got = SpecialFunctions.tanh(x);
            double rel = Math.abs(got - ref) / Math.abs(ref);
            if (rel > worst) { worst = rel; worstAt = x; }
        }
        assertEquals(0, worst, 1e-15, "relative error at x = " + worstAt);
        for (double x : new double[] {1e-300, 0.3, 0.625, 0.6249999, 3, 21.9, 22.1, 700}) {
            assertEquals(-SpecialFunctions.tanh(x), SpecialFunctions.tanh(-x), 0.0, "x = " + x);
        }
        assertEquals(1.0, SpecialFunctions.tanh(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, SpecialFunctions.tanh(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(0.0, SpecialFunctions.tanh(0.0), 0.0);
        assertTrue(Double.isNaN(SpecialFunctions.tanh(Double.NaN)));
    }

    @Test
    void oddnessAndLipschitzConstants() {
        for (Activation a : Activation.values()) {
            double sup = 0;
            for (double x = -5; x <= 5; x += 1e-3) sup = Math.max(sup, a.dphi(x));
            assertEquals(a.supDerivative(), sup, 1e-6, a.name());
            if (a.isOdd()) assertEquals(-a.phi(0.7), a.phi(-0.7), 1e-15, a.name());
        }
    }

    @Test
    void parseNamesAndAliases() {
        assertEquals(Activation.LOGISTIC, Activation.parse("sigmoid"));
        assertEquals(Activation.ERF, Activation.parse(" ERF "));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
    }
}
