package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class GaussHermiteTest {

    @Test
    void defaultRuleHasExactGaussianMoments() {
        GaussHermite g = GaussHermite.DEFAULT;
        assertEquals(101, g.size());
        assertEquals(1.0, g.expect(z -> 1), 1e-14);
        assertEquals(1.0, g.expect(z -> z * z), 1e-13);
        assertEquals(3.0, g.expect(z -> z * z * z * z), 1e-12);
        assertEquals(15.0, g.expect(z -> Math.pow(z, 6)), 1e-11);
        assertEquals(0.0, g.expect(z -> z * z * z), 1e-12);
    }

    @Test
    void threePointRuleIsExactOnlyUpToDegreeFive() {
        GaussHermite g = new GaussHermite(3);
        assertArrayEquals(new double[] {-Math.sqrt(3), 0, Math.sqrt(3)}, g.nodes(), 1e-14);
        assertArrayEquals(new double[] {1 / 6.0, 2 / 3.0, 1 / 6.0}, g.weights(), 1e-14);
        assertEquals(3.0, g.expect(z -> z * z * z * z), 1e-13);
        // degree 6 > 2n-1: the rule gives 2·(1/6)·27 = 9, not 15
        assertEquals(9.0, g.expect(z -> Math.pow(z, 6)), 1e-12);
    }

    @Test
    void largeRulesDoNotOverflow() {
        for (int n : new int[] {150, 200, 300}) {
            GaussHermite g = new GaussHermite(n);
            double[] z = g.nodes(), w = g.weights();
            for (int i = 0; i < n; i++) {
                assertTrue(Double.isFinite(z[i]) && Double.isFinite(w[i]) && w[i] >= 0, "n=" + n + " i=" + i);
                if (i > 0) assertTrue(z[i] > z[i - 1], "nodes strictly increasing, n=" + n);
                assertEquals(-z[n - 1 - i], z[i], 1e-12);
            }
            // largest root of He_n is close to sqrt(4n+2) - O(n^{-1/6})
            assertTrue(z[n - 1] > Math.sqrt(4.0 * n + 2) - 2 && z[n - 1] < Math.sqrt(4.0 * n + 2), "n=" + n);
            assertEquals(1.0, g.expect(x -> 1), 1e-13, "n=" + n);
            assertEquals(1.0, g.expect(x -> x * x), 1e-12, "n=" + n);
            assertEquals(3.0, g.expect(x -> x * x * x * x), 1e-11, "n=" + n);
            assertEquals(105.0, g.expect(x -> Math.pow(x, 8)), 1e-8, "n=" + n);
        }
    }

    @Test
    void tanhSquaredMatchesBruteForceSimpson() {
        double simpson = simpson(z -> Math.pow(Math.tanh(z), 2) * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI), -14, 14, 400_000);
        double gh = GaussHermite.DEFAULT.expect(z -> Math.pow(Math.tanh(z), 2));
        assertEquals(simpson, gh, 1e-11); // measured GH-101 error: 5.6e-12 (exact 0.394294490397841174)
        assertEquals(0.3942, gh, 1e-4); // sanity: E tanh(z)^2 ≈ 0.394
    }

    static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
        double h = (b - a) / n, s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        return s * h / 3;
    }
}
