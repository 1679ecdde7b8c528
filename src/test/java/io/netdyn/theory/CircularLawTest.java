package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CircularLawTest {

    @Test
    void fanInScalingGivesRadiusSigma() {
        assertEquals(1.7, CircularLaw.forEntries(1.7 * 1.7 / 256, 256).radius(), 1e-14);
    }

    @Test
    void modulusLaw() {
        CircularLaw c = new CircularLaw(2.0);
        assertEquals(0.25, c.cdfModulus(1.0), 1e-15);
        assertEquals(0.0, c.cdfModulus(-1), 0);
        assertEquals(1.0, c.cdfModulus(5), 0);
        assertEquals(0.5, c.densityModulus(1.0), 1e-15);
        assertEquals(0.0, c.densityModulus(2.5), 0);
        // density of |λ| integrates to the CDF
        int n = 10_000;
        double s = 0, h = 1.3 / n;
        for (int i = 0; i < n; i++) s += c.densityModulus((i + 0.5) * h) * h;
        assertEquals(c.cdfModulus(1.3), s, 1e-9);
        assertEquals(1 / (4 * Math.PI), c.density(0.5, -1.0), 1e-15);
        assertEquals(0.0, c.density(1.5, 1.5), 0);
    }
}
