package io.netdyn.measure.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.StartPoints;
import io.netdyn.spec.FixedPointOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Maps whose fixed points, cycles and basins are known in closed form, through the whole search. */
public class HandBuiltMapsTest {
    static final long SEED = 3;
    /** x* = tanh(2x*) > 0, the non-zero root (Newton on the scalar equation). */
    static final double X2 = root(2);
    static CpuBackend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }

    @AfterAll static void close() { backend.close(); }

    static double root(double w) {
        double x = 1;
        for (int i = 0; i < 100; i++) {
            double t = Math.tanh(w * x);
            x -= (t - x) / (w * (1 - t * t) - 1);
        }
        return x;
    }

    static NetworkFixedPoints search(NetworkWeights w, FixedPointOptions o) {
        NetworkBatch nets = NetworkBatch.explicit(Activation.TANH, false, SEED, List.of(w));
        return new FixedPointSearch(backend, o).run(nets, new int[] {w.depth()}, o.startsFor(Activation.TANH))[0][0];
    }

    /** The fixed point of {@code p} within 1e-10 of {@code x} (an assertion error when there is none). */
    public static FixedPoint near(NetworkFixedPoints p, double... x) {
        for (FixedPoint f : p.points()) {
            double d = 0;
            for (int i = 0; i < x.length; i++) d = Math.max(d, Math.abs(f.x()[i] - x[i]));
            if (d < 1e-10) return f;
        }
        throw new AssertionError("no fixed point at " + Arrays.toString(x) + " among " + p.points().size());
    }

    @Test
    void aBistableMapHasBothAttractorsWithTheirExactBasins() {
        // f(x) = tanh(diag(2, 0.5) x): stable (±x*, 0) with x* = tanh(2x*), unstable origin (ρ = 2)
        NetworkWeights w = NetworkWeights.repeated(2, 1, new double[] {2, 0, 0, 0.5}, new double[2]);
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(200);
        NetworkFixedPoints p = search(w, o);
        assertEquals(2, p.qStable());
        assertEquals(1, p.qUnstable());
        FixedPoint plus = near(p, X2, 0), minus = near(p, -X2, 0), origin = near(p, 0, 0);
        // the basin of (+x*, 0) is the half-plane x_0 > 0: count the starts there
        double[] starts = new double[200 * 2];
        o.startsFor(Activation.TANH).fill(SEED, 0, 2, StartPoints.TENSOR_ITERATE, starts);
        int positive = 0;
        for (int s = 0; s < 200; s++) if (starts[2 * s] > 0) positive++;
        assertEquals(positive, plus.basin());
        assertEquals(200 - positive, minus.basin());
        assertEquals(0, origin.basin());
        double slope = 2 * (1 - X2 * X2);                       // f'(x*) in the first coordinate
        assertEquals(Math.max(slope, 0.5 * 1), plus.spectralRadius(), 1e-9);
        assertEquals(2, origin.spectralRadius(), 1e-12);
        assertTrue(p.cycles().isEmpty());
    }

    @Test
    void aMapWithAStableTwoCycleReportsTheCycleAndNoStableFixedPoint() {
        // f(x) = tanh(−2x): 0 is the only fixed point (f'(0) = −2, unstable); ±x* form a stable 2-cycle
        NetworkWeights w = NetworkWeights.repeated(1, 1, new double[] {-2}, new double[1]);
        NetworkFixedPoints p = search(w, FixedPointOptions.defaults().withStarts(32));
        assertEquals(0, p.qStable());
        assertEquals(1, p.qUnstable());
        assertEquals(2, near(p, 0).spectralRadius(), 1e-12);
        assertEquals(1, p.cycles().size());
        Cycle c = p.cycles().get(0);
        assertEquals(2, c.period());
        assertEquals(32, c.basin());
        assertEquals(-X2, c.point()[0], 1e-7, "the canonical point is the lexicographically first, −x*");
        assertEquals(1.0, p.cycleFrac());
    }

    @Test
    void aFourCycleNeedsAPeriodBoundOfFour() {
        // f(x) = tanh(2Rx), R = rotation by 90°: (x*, x*) → (−x*, x*) → (−x*, −x*) → (x*, −x*) → (x*, x*)
        NetworkWeights w = NetworkWeights.repeated(2, 1, new double[] {0, -2, 2, 0}, new double[2]);
        NetworkFixedPoints p = search(w, FixedPointOptions.defaults().withStarts(32).withCycles(8));
        assertEquals(1, p.cycles().size());
        assertEquals(4, p.cycles().get(0).period());
        assertEquals(-X2, p.cycles().get(0).point()[0], 1e-7);
        assertEquals(-X2, p.cycles().get(0).point()[1], 1e-7);
        assertEquals(0, p.qStable());
        assertEquals(2, near(p, 0, 0).spectralRadius(), 1e-12, "eigenvalues ±2i");

        NetworkFixedPoints blind = search(w, FixedPointOptions.defaults().withStarts(32).withCycles(3));
        assertTrue(blind.cycles().isEmpty());
        assertEquals(1.0, blind.notConvergedFrac(), "with P = 3 the 4-cycle is not converged, not a fixed point");
    }

    @Test
    void aSlowPointWithMultiplierNearMinusOneIsNotMistakenForATwoCycle() {
        // f(x) = tanh(−0.995x): 0 is stable (ρ = 0.995), approached by alternating iterates, too slowly for T
        NetworkWeights w = NetworkWeights.repeated(1, 1, new double[] {-0.995}, new double[1]);
        NetworkFixedPoints p = search(w, FixedPointOptions.defaults().withStarts(16).withMaxIter(300));
        assertTrue(p.cycles().isEmpty(), "no cycle");
        assertEquals(1.0, p.notConvergedFrac());
        assertEquals(1, p.qStable(), "Newton finds the stable origin");
        assertEquals(0, p.qReached(), "but no iterated start reached it within T");
        assertEquals(0.995, near(p, 0).spectralRadius(), 1e-12);
    }

    @Test
    void withoutNewtonOnlyReachedPointsCount() {
        NetworkWeights w = NetworkWeights.repeated(2, 1, new double[] {2, 0, 0, 0.5}, new double[2]);
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(64);
        NetworkFixedPoints off = search(w, o.withNewton(FixedPointOptions.Newton.OFF));
        NetworkFixedPoints polish = search(w, o.withNewton(FixedPointOptions.Newton.POLISH));
        for (NetworkFixedPoints p : List.of(off, polish)) {
            assertEquals(2, p.qStable());
            assertEquals(0, p.qUnstable(), "the unstable origin needs --newton search");
        }
        assertTrue(polish.residualMax() < 1e-14, "polished: " + polish.residualMax());
        assertTrue(off.residualMax() < 1e-8, "iterated to tol: " + off.residualMax());
    }
}
