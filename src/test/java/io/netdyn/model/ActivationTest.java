package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
