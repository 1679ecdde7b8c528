package io.netdyn.theory;

import static io.netdyn.model.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netdyn.model.SpecialFunctions;
import org.junit.jupiter.api.Test;

class MeanFieldTest {

    @Test
    void tanhEdgeOfChaosHasChiOneExactly() {
        MeanField mf = new MeanField(TANH, 1.0, 0.0);
        assertEquals(0.0, mf.qStar(), 0.0, "tanh, σ_w = 1, σ_b = 0: the signal dies out, q* = 0");
        assertEquals(1.0, mf.chi1(), 1e-10);
        assertEquals(1.0, mf.qSlope(0), 1e-10);
        assertEquals(Double.POSITIVE_INFINITY, mf.xiQ());
    }

    @Test
    void tanhOrderedAndChaoticPhases() {
        MeanField ordered = new MeanField(TANH, 0.25, 0.0);
        assertEquals(0.0, ordered.qStar(), 0.0);
        assertEquals(0.25, ordered.chi1(), 1e-12);
        assertTrue(ordered.chi1() < 1);

        MeanField chaotic = new MeanField(TANH, 4.0, 0.0);
        double q = chaotic.qStar();
        assertTrue(q > 1, "q* = " + q);
        assertEquals(q, chaotic.qMap(q), 1e-12 * q);
        assertTrue(chaotic.chi1() > 1, "χ1 = " + chaotic.chi1());
        // the length map is a contraction at q*, the trajectory converges to it
        double[] traj = chaotic.qTrajectory(0.3, 100);
        assertEquals(0.3, traj[0], 0);
        assertEquals(q, traj[99], 1e-10);
        // σ_w slightly above 1: small positive fixed point, found by bisection after slow iteration
        MeanField near = new MeanField(TANH, 1.02, 0.0);
        double qn = near.qStar();
        assertTrue(qn > 0 && qn < 0.05, "q* = " + qn);
        assertEquals(qn, near.qMap(qn), 1e-13);
    }

    @Test
    void reluClosedForms() {
        MeanField mf = new MeanField(RELU, 1.5, 0.1);
        assertEquals(0.1 / (1 - 0.75), mf.qStar(), 1e-12);
        assertEquals(0.75, mf.chi1(), 1e-13);
        assertEquals(0.5, mf.activeFraction(), 1e-13);
        assertEquals(0.75, mf.qSlope(0.7), 1e-12); // the relu length map is linear: q ↦ σ_w² q/2 + σ_b²
        assertEquals(0.5, mf.mu(1), 1e-13);
        assertEquals(0.5, mf.mu(2), 1e-13);
        assertEquals(1 + 3 / 0.5, mf.jacobianM2Ratio(3), 1e-11); // 1 + L/p
        assertEquals(Math.pow(0.75, 3), mf.jacobianM1(3), 1e-13);

        MeanField critical = new MeanField(RELU, 2.0, 0.0); // every q is a fixed point
        assertEquals(3.0, critical.qStar(3.0), 1e-13);
        assertEquals(1.0, critical.chi1(), 1e-13);
        MeanField belowCritical = new MeanField(RELU, 1.0, 0.0);
        assertEquals(0.0, belowCritical.qStar(), 1e-12);
        assertEquals(0.5, belowCritical.chi1(), 1e-13); // q* → 0 limit keeps φ' = 1{z > 0}

        MeanField exploding = new MeanField(RELU, 2.5, 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, exploding::qStar);
        assertTrue(e.getMessage().contains("diverges"));
    }

    @Test
    void linearClosedForms() {
        MeanField mf = new MeanField(LINEAR, 0.6, 0.2);
        double q = mf.qStar();
        assertEquals(0.2 / 0.4, q, 1e-12);
        assertEquals(0.6, mf.chi1(), 1e-13);
        for (double c : new double[] {-0.5, 0, 0.4, 0.9})
            assertEquals((0.6 * q * c + 0.2) / q, mf.cMap(c), 1e-12);
        assertEquals(1.0, mf.cStar(), 1e-10);
        assertEquals(-1 / Math.log(0.6), mf.xiQ(), 1e-9);
        assertEquals(Math.pow(0.6, 4), mf.jacobianM1(4), 1e-14);
        assertEquals(5.0, mf.jacobianM2Ratio(4), 1e-13); // Fuss–Catalan ratio L + 1
        assertThrows(IllegalStateException.class, () -> new MeanField(LINEAR, 1.0, 0.1).qStar());
    }

    @Test
    void erfMatchesWilliamsClosedForm() {
        double sw2 = 2.0, sb2 = 0.05;
        MeanField mf = new MeanField(ERF, sw2, sb2);
        for (double q : new double[] {0.01, 0.5, 2, 30}) // 30: steep, composite rule
            assertEquals(sw2 * 2 / Math.PI * Math.asin(2 * q / (1 + 2 * q)) + sb2, mf.qMap(q), 1e-12, "q=" + q);
        double qs = mf.qStar();
        assertEquals(sw2 * 2 / Math.PI * Math.asin(2 * qs / (1 + 2 * qs)) + sb2, qs, 1e-12);
        for (double c : new double[] {-0.8, 0.1, 0.7, 0.99}) {
            double exact = (sw2 * 2 / Math.PI * Math.asin(2 * qs * c / (1 + 2 * qs)) + sb2) / qs;
            assertEquals(exact, mf.cMap(c), 1e-11, "c=" + c);
        }
        // χ1 = σ_w² (4/π) E e^{−2 q z²} = σ_w² (4/π) / √(1 + 4q)
        assertEquals(sw2 * 4 / Math.PI / Math.sqrt(1 + 4 * qs), mf.chi1(), 1e-12);
    }

    @Test
    void reluCorrelationMapIsArcCosine() {
        double sw2 = 1.2, sb2 = 0.3;
        MeanField mf = new MeanField(RELU, sw2, sb2);
        double q = mf.qStar();
        for (double c : new double[] {-0.9, 0, 0.5, 0.95}) {
            double k = q / (2 * Math.PI) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
            assertEquals((sw2 * k + sb2) / q, mf.cMap(c), 1e-11, "c=" + c);
        }
    }

    @Test
    void chiCIsTheSlopeOfTheCorrelationMap() {
        MeanField mf = new MeanField(TANH, 2.25, 0.05);
        double h = 1e-5;
        for (double c : new double[] {0.0, 0.4, 0.8}) {
            double fd = (mf.cMap(c + h) - mf.cMap(c - h)) / (2 * h);
            assertEquals(fd, mf.chiC(c), 1e-8, "c=" + c);
        }
        double q = mf.qStar();
        double fdq = (mf.qMap(q + h) - mf.qMap(q - h)) / (2 * h);
        assertEquals(fdq, mf.qSlope(q), 1e-8);
        assertEquals(-1 / Math.log(mf.qSlope(q)), mf.xiQ(), 1e-12);
        // the approach to q* is geometric with ratio qMap'(q*) = exp(−1/ξ_q)
        double[] t = mf.qTrajectory(q + 1e-4, 6);
        assertEquals(Math.exp(-1 / mf.xiQ()), (t[5] - q) / (t[4] - q), 1e-4);
    }

    @Test
    void correlationFixedPointsAcrossPhases() {
        MeanField chaoticNoBias = new MeanField(TANH, 4.0, 0.0); // odd φ, no bias: c* = 0
        assertEquals(0.0, chaoticNoBias.cStar(), 1e-9);
        assertTrue(chaoticNoBias.chiC(chaoticNoBias.cStar()) < 1);
        assertTrue(chaoticNoBias.xiC() > 0 && Double.isFinite(chaoticNoBias.xiC()));

        MeanField ordered = new MeanField(TANH, 0.8, 0.05); // χ1 < 1: c* = 1 and χ_c(1) = χ1
        assertTrue(ordered.chi1() < 1);
        assertEquals(1.0, ordered.cStar(), 1e-9);
        assertEquals(ordered.chi1(), ordered.chiC(1.0), 1e-9);
        assertEquals(1.0, ordered.cMap(1.0), 1e-13);
        assertEquals(-1 / Math.log(ordered.chi1()), ordered.xiC(), 1e-6);

        MeanField chaoticBias = new MeanField(TANH, 3.0, 0.2);
        double cs = chaoticBias.cStar();
        assertTrue(cs > 0 && cs < 1, "c* = " + cs);
        assertEquals(cs, chaoticBias.cMap(cs), 1e-10);
        double[] traj = chaoticBias.cTrajectory(0.9, 300);
        assertEquals(cs, traj[299], 1e-10);
        // the approach is geometric with ratio χ_c(c*) = exp(−1/ξ_c)
        assertEquals(chaoticBias.chiC(cs), (traj[121] - cs) / (traj[120] - cs), 1e-4);
        assertEquals(-1 / Math.log(chaoticBias.chiC(cs)), chaoticBias.xiC(), 1e-9);
    }

    @Test
    void generalCorrelationMapReducesToFixedPointForm() {
        MeanField mf = new MeanField(HARDTANH, 1.7, 0.1);
        double q = mf.qStar();
        for (double c : new double[] {-0.3, 0.5, 0.97})
            assertEquals(mf.cMap(c), mf.cMap(c, q, q), 1e-14);
        assertArrayEquals(mf.cTrajectory(0.2, 5), mf.cTrajectory(0.2, q, 5), 1e-11);
        // unequal lengths: correlation stays in [−1, 1] and is not the equal-length value
        double cu = mf.cMap(0.5, 0.1, 4.0);
        assertTrue(cu > -1 && cu < 1);
        assertNotEquals(mf.cMap(0.5, q, q), cu, 1e-3);
    }

    @Test
    void hardtanhDerivativeMomentsAreTheActiveFraction() {
        MeanField mf = new MeanField(HARDTANH, 2.0, 0.05);
        double q = mf.qStar();
        double p = SpecialFunctions.erf(1 / Math.sqrt(2 * q));
        assertEquals(p, mf.activeFraction(), 1e-13);
        assertEquals(p, mf.mu(1), 1e-13);
        assertEquals(p, mf.mu(2), 1e-13);
        assertEquals(1 + 4 / p, mf.jacobianM2Ratio(4), 1e-11);
        double[][] law = mf.derivativeSquaredLaw();
        assertArrayEquals(new double[] {0, 1}, law[0], 0);
        assertEquals(1 - p, law[1][0], 1e-13);
    }

    @Test
    void tanhQStarZeroGivesLinearSmallSignalLimit() {
        MeanField mf = new MeanField(TANH, 0.5, 0.0);
        assertEquals(0.0, mf.qStar(), 0.0);
        assertEquals(0.3, mf.cMap(0.3), 1e-12); // near 0 tanh is linear: correlations are kept
        assertEquals(1.0, mf.mu(2), 1e-14);
        double[][] law = mf.derivativeSquaredLaw();
        assertArrayEquals(new double[] {1}, law[0], 1e-15);
    }

    @Test
    void logisticHasPositiveFixedPointWithoutBias() {
        MeanField mf = new MeanField(LOGISTIC, 1.0, 0.0);
        double q = mf.qStar();
        assertTrue(q > 0.25 && q < 1, "φ(0) = 1/2 keeps q* ≥ σ_w²/4: " + q);
        assertEquals(q, mf.qMap(q), 1e-13);
        assertEquals(1.0, mf.cStar(), 1e-9); // logistic is never chaotic here: χ1 ≤ σ_w²/16
        assertTrue(mf.chi1() < 1.0 / 16 + 1e-15);
    }
}
