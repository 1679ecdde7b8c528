package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.*;

import io.netdyn.model.Activation;
import io.netdyn.model.SpecialFunctions;
import org.junit.jupiter.api.Test;

class FreeJacobianDensityTest {

    @Test
    void depthOneLinearIsMarchenkoPastur() {
        FreeJacobianDensity f = FreeJacobianDensity.linear(1.0, 1);
        MarchenkoPastur mp = new MarchenkoPastur(1, 1);
        assertEquals(4.0, f.upperEdge(), 1e-9);
        assertEquals(0.0, f.lowerEdge(), 0);
        for (double x : new double[] {1e-6, 0.01, 0.5, 1, 2, 3.5, 3.99})
            assertEquals(mp.density(x), f.density(x), 1e-8 * mp.density(x), "λ=" + x);
        for (double x : new double[] {0.3, 1, 2.5})
            assertEquals(mp.cdf(x), f.cdf(x), 1e-7, "x=" + x);
        assertTrue(f.density(4.5) < 1e-8, "no mass beyond the edge");
    }

    @Test
    void linearMomentsAreFussCatalan() {
        for (int depth : new int[] {2, 3, 5}) {
            FreeJacobianDensity f = FreeJacobianDensity.linear(1.0, depth);
            assertEquals(FussCatalan.upperEdge(depth), f.upperEdge(), 1e-8 * f.upperEdge());
            assertEquals(1.0, f.moment(0), 1e-3, "mass, L=" + depth);
            assertEquals(1.0, f.moment(1), 1e-3, "m1, L=" + depth);
            assertEquals(depth + 1.0, f.moment(2), 1e-3 * (depth + 1), "m2, L=" + depth);
            double m3 = FussCatalan.momentDouble(depth, 3);
            assertEquals(m3, f.moment(3), 1e-3 * m3, "m3, L=" + depth);
            // cdf = 1 − ∫_x^{λ+} ρ: close to 0 just above 0 only if the integral is right
            assertEquals(0.0, f.cdf(1e-40), 1e-3, "L=" + depth);
        }
    }

    @Test
    void weightScaleStretchesTheSpectrum() {
        FreeJacobianDensity one = FreeJacobianDensity.linear(1.0, 2);
        FreeJacobianDensity two = FreeJacobianDensity.linear(2.0, 2); // JJᵀ scales by σ_w^{2L} = 4
        assertEquals(4 * one.upperEdge(), two.upperEdge(), 1e-8);
        for (double x : new double[] {0.1, 1, 5, 20})
            assertEquals(one.density(x / 4) / 4, two.density(x), 1e-8 * two.density(x), "λ=" + x);
        assertEquals(4.0, two.moment(1), 4e-3);
    }

    @Test
    void reluHasAnAtomAtZeroAndTheDesignMoments() {
        MeanField mf = new MeanField(Activation.RELU, 2.0, 0.0);
        for (int depth : new int[] {1, 3}) {
            FreeJacobianDensity f = FreeJacobianDensity.of(mf, depth);
            assertEquals(0.5, f.atomAtZero(), 1e-13);
            assertEquals(0.5, f.moment(0), 1e-3, "continuous mass p, L=" + depth);
            assertEquals(1.0, f.moment(1), 1e-3, "m1 = (σ_w² μ1)^L, L=" + depth);
            assertEquals(1 + 2.0 * depth, f.moment(2), 1e-3 * (1 + 2 * depth), "m2/m1² = 1 + L/p, L=" + depth);
            assertEquals(0.5, f.cdf(0), 1e-15);
            assertEquals(0.5, f.cdf(1e-40), 1e-3, "cdf just above 0 is the atom, L=" + depth);
        }
    }

    @Test
    void reluDepthOneIsMarchenkoPasturOfTheActiveRows() {
        // D W Wᵀ D keeps pN rows of W: nonzero eigenvalues follow MP(γ = p, σ_w²), weight p
        double sw2 = 2.0, p = 0.5;
        FreeJacobianDensity f = FreeJacobianDensity.of(new MeanField(Activation.RELU, sw2, 0.0), 1);
        MarchenkoPastur mp = new MarchenkoPastur(p, sw2);
        assertEquals(mp.lowerEdge(), f.lowerEdge(), 1e-9);
        assertEquals(mp.upperEdge(), f.upperEdge(), 1e-9);
        for (double x : new double[] {0.3, 1, 3, 5.5})
            assertEquals(p * mp.density(x), f.density(x), 1e-7 * mp.density(x), "λ=" + x);
        assertTrue(f.density(0.1) < 1e-8, "gap below the lower edge");
    }

    @Test
    void tanhMomentsMatchMeanFieldFormulas() {
        MeanField mf = new MeanField(Activation.TANH, 1.5, 0.05);
        for (int depth : new int[] {1, 4}) {
            FreeJacobianDensity f = FreeJacobianDensity.of(mf, depth);
            assertEquals(0.0, f.atomAtZero(), 0);
            assertEquals(1.0, f.moment(0), 1e-4, "L=" + depth);
            assertEquals(mf.jacobianM1(depth), f.moment(1), 1e-5 * mf.jacobianM1(depth), "L=" + depth);
            assertEquals(mf.jacobianM2(depth), f.moment(2), 1e-5 * mf.jacobianM2(depth), "L=" + depth);
            assertEquals(f.theoryM2(), mf.jacobianM2(depth), 1e-10 * f.theoryM2());
            // nonlinearity shrinks m1 below the linear network's (σ_w²)^L
            assertTrue(f.moment(1) < Math.pow(1.5, depth));
        }
    }

    @Test
    void saturatedTanhHasNoSpuriousAtom() {
        // σ_w² = 16: φ'(u) = 1 − tanh²u underflows to 0 for |u| > 19 (P ≈ 1e-7 here); it must not
        // become an atom at 0, and the mass spread over ~300 decades near 0 must still be found
        MeanField mf = new MeanField(Activation.TANH, 16.0, 0.0);
        assertEquals(1.0, mf.activeFraction(), 0);
        FreeJacobianDensity f = FreeJacobianDensity.of(mf, 1);
        assertEquals(0.0, f.atomAtZero(), 0);
        assertEquals(0.0, f.lowerEdge(), 0);
        assertEquals(1.0, f.moment(0), 1e-3);
        assertEquals(mf.jacobianM1(1), f.moment(1), 1e-4 * mf.jacobianM1(1));
    }

    @Test
    void deepNetworkMomentsAndNoSolverFailures() {
        MeanField mf = new MeanField(Activation.TANH, 1.1, 0.0);
        FreeJacobianDensity f = FreeJacobianDensity.of(mf, 60);
        assertEquals(mf.jacobianM1(60), f.moment(1), 1e-6 * mf.jacobianM1(60));
        assertEquals(mf.jacobianM2(60), f.moment(2), 1e-6 * mf.jacobianM2(60));
        double[][] g = f.densityGrid(0, 1.05 * f.upperEdge(), 200);
        for (double v : g[1]) assertFalse(Double.isNaN(v));
        for (int k = 1; k < 120; k++) assertFalse(Double.isNaN(f.density(f.upperEdge() * Math.pow(10, -0.5 * k))));
    }

    @Test
    void hardtanhAtomIsTheSaturatedFraction() {
        MeanField mf = new MeanField(Activation.HARDTANH, 2.0, 0.05);
        double p = SpecialFunctions.erf(1 / Math.sqrt(2 * mf.qStar()));
        FreeJacobianDensity f = FreeJacobianDensity.of(mf, 2);
        assertEquals(1 - p, f.atomAtZero(), 1e-12);
        assertEquals(p, f.moment(0), 1e-3);
        assertEquals(Math.pow(2.0 * p, 2), f.moment(1), 1e-3);
        double prev = f.cdf(0);
        assertEquals(1 - p, prev, 1e-12);
        for (double x = 0.2; x < f.upperEdge(); x += 0.7) {
            double c = f.cdf(x);
            assertTrue(c > prev, "cdf increasing at " + x);
            prev = c;
        }
    }

    @Test
    void criticalTanhWithoutBiasIsLinear() {
        // q* = 0: every φ'(0) = 1, so D = I and the law is Fuss–Catalan
        FreeJacobianDensity t = FreeJacobianDensity.of(new MeanField(Activation.TANH, 1.0, 0.0), 3);
        FreeJacobianDensity l = FreeJacobianDensity.linear(1.0, 3);
        assertEquals(l.upperEdge(), t.upperEdge(), 1e-12);
        for (double x : new double[] {0.01, 1, 5, 9})
            assertEquals(l.density(x), t.density(x), 1e-12 * l.density(x));
    }

    @Test
    void densityGridIsConsistent() {
        FreeJacobianDensity f = FreeJacobianDensity.linear(1.0, 2);
        double[][] g = f.densityGrid(0.5, 6.5, 7);
        assertEquals(2, g.length);
        assertEquals(7, g[0].length);
        for (int i = 0; i < 7; i++) {
            assertEquals(0.5 + i, g[0][i], 1e-14);
            assertEquals(f.density(g[0][i]), g[1][i], 0);
            assertTrue(g[1][i] > 0);
        }
        assertTrue(g[1][0] > g[1][6], "density falls towards the upper edge");
        assertEquals(0.0, f.density(-1), 0);
    }
}
