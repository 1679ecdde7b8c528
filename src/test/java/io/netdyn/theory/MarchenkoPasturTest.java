package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MarchenkoPasturTest {

    /** ∫ λ^k ρ(λ) dλ by the midpoint rule in θ, λ = λ− + (λ+ − λ−)(1 − cos θ)/2 (independent of cdf()). */
    private static double moment(MarchenkoPastur mp, int k) {
        int n = 200_000;
        double lo = mp.lowerEdge(), hi = mp.upperEdge(), s = 0, h = Math.PI / n;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * h, lam = lo + (hi - lo) * (1 - Math.cos(t)) / 2;
            s += mp.density(lam) * Math.pow(lam, k) * (hi - lo) / 2 * Math.sin(t) * h;
        }
        return s;
    }

    @Test
    void edgesAndSquareCase() {
        MarchenkoPastur mp = new MarchenkoPastur(1, 1);
        assertEquals(0, mp.lowerEdge(), 0);
        assertEquals(4, mp.upperEdge(), 1e-15);
        assertEquals(Math.sqrt(3) / (2 * Math.PI), mp.density(1), 1e-15);
        MarchenkoPastur r = new MarchenkoPastur(0.25, 2);
        assertEquals(2 * 0.25, r.lowerEdge(), 1e-15);
        assertEquals(2 * 2.25, r.upperEdge(), 1e-15);
        assertEquals(0, r.density(0.4), 0);
        assertEquals(0, r.density(4.6), 0);
    }

    @Test
    void densityIntegratesToOneWithMeanSigma2() {
        for (double[] gs : new double[][] {{1, 1}, {0.25, 2}, {0.7, 0.5}}) {
            MarchenkoPastur mp = new MarchenkoPastur(gs[0], gs[1]);
            assertEquals(1, moment(mp, 0), 1e-6, "γ=" + gs[0]);
            assertEquals(gs[1], moment(mp, 1), 1e-6 * gs[1], "γ=" + gs[0]);
            assertEquals(gs[1] * gs[1] * (1 + gs[0]), moment(mp, 2), 1e-6, "γ=" + gs[0]);
            assertEquals(1, mp.cdf(mp.upperEdge() * 0.999999999), 1e-9);
        }
    }

    @Test
    void wideRatioHasAtomAtZero() {
        MarchenkoPastur mp = new MarchenkoPastur(2, 1);
        assertEquals(0.5, mp.atomAtZero(), 1e-15);
        assertEquals(0.5, moment(mp, 0), 1e-6);
        assertEquals(0.5, mp.cdf(0), 1e-15);
        assertEquals(0.5, mp.cdf(mp.lowerEdge()), 1e-15);
        assertEquals(1.0, moment(mp, 1), 1e-6); // mean still σ² (atom included)
    }

    @Test
    void cdfIsMonotoneAndMatchesIntegral() {
        MarchenkoPastur mp = new MarchenkoPastur(1, 1);
        int n = 400_000;
        double s = 0, h = 2.0 / n;
        for (int i = 0; i < n; i++) { double x = (i + 0.5) * h; s += mp.density(x) * h; }
        // midpoint on [0,2] with the 1/√λ singularity: error ~ √h
        assertEquals(s, mp.cdf(2), 2e-3);
        double prev = 0;
        for (double x = 0.01; x < 4; x += 0.1) {
            double c = mp.cdf(x);
            assertTrue(c >= prev, "monotone at " + x);
            prev = c;
        }
        // γ = 1, x = 4 sin²φ: P(λ ≤ x) = (2/π)(φ + sin φ cos φ); at x = 1, φ = π/6
        assertEquals(1.0 / 3 + Math.sqrt(3) / (2 * Math.PI), mp.cdf(1), 1e-12);
    }
}
