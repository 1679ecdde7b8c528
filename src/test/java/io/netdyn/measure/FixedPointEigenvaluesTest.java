package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.io.ResultFiles;
import io.netdyn.measure.fixedpoint.FixedPoint;
import io.netdyn.measure.fixedpoint.FixedPointSearch;
import io.netdyn.measure.fixedpoint.HandBuiltMapsTest;
import io.netdyn.measure.fixedpoint.NetworkFixedPoints;
import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import io.netdyn.spec.FixedPointOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eigenvalue moduli |λ_i(J_f(x*))| at the fixed points and their histogram over the stable
 * points (fixedpoints_esd.csv): closed-form maps, then properties of a sweep.
 */
class FixedPointEigenvaluesTest {
    static CpuBackend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }

    @AfterAll static void close() { backend.close(); }

    static NetworkFixedPoints search(NetworkWeights w, int starts) {
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(starts);
        NetworkBatch nets = NetworkBatch.explicit(Activation.TANH, false, 3, List.of(w));
        return new FixedPointSearch(backend, o).run(nets, new int[] {w.depth()}, o.startsFor(Activation.TANH))[0][0];
    }


    /** x* = tanh(2x*) > 0. */
    static double root() {
        double x = 1;
        for (int i = 0; i < 100; i++) {
            double t = Math.tanh(2 * x);
            x -= (t - x) / (2 * (1 - t * t) - 1);
        }
        return x;
    }

    @Test
    void aBistableMapHasTheClosedFormMultipliersAndOnlyItsStablePointsEnterTheHistogram() {
        // f(x) = tanh(diag(2, 0.5) x): stable (±x*, 0) with J = diag(2(1 − x*²), 0.5); unstable origin with J = diag(2, 0.5)
        NetworkFixedPoints p = search(NetworkWeights.repeated(2, 1, new double[] {2, 0, 0, 0.5}, new double[2]), 64);
        double x = root(), slope = 2 * (1 - x * x);
        for (FixedPoint f : List.of(HandBuiltMapsTest.near(p, x, 0), HandBuiltMapsTest.near(p, -x, 0))) {
            assertEquals(0.5, f.eigenvalueModuli()[0], 1e-12, "descending: 0.5 first");
            assertEquals(slope, f.eigenvalueModuli()[1], 1e-9);
            assertEquals(f.spectralRadius(), f.eigenvalueModuli()[0], 0.0, "ρ is the first modulus, bit for bit");
        }
        FixedPoint origin = HandBuiltMapsTest.near(p, 0, 0);
        assertEquals(2, origin.eigenvalueModuli()[0], 1e-12);
        assertEquals(0.5, origin.eigenvalueModuli()[1], 1e-12);

        LogHistogram h = new LogHistogram();
        FixedPointMeasure.addStableEigenvalues(p, h);
        assertEquals(4, h.finiteCount(), "2 stable points × N = 2; the unstable origin is left out");
        long atHalf = 0, atSlope = 0;
        for (LogHistogram.Bin b : h.bins(60)) {
            if (b.count() == 0) continue;
            boolean half = b.lo() <= Math.log(0.5) && Math.log(0.5) < b.hi(), s = b.lo() <= Math.log(slope) && Math.log(slope) < b.hi();
            assertTrue(half || s, "a non-empty bin holds one of the two multipliers: " + b);
            if (half) atHalf += b.count();
            if (s) atSlope += b.count();
        }
        assertEquals(2, atHalf);
        assertEquals(2, atSlope);
    }

    @Test
    void aNonNormalTwoLayerMapHasTheEigenvaluesOfTheProductNotItsSingularValues() {
        // f = tanh(W tanh(W x)), W = [[0.5, 4], [0, −0.25]]: J_f(0) = W², eigenvalues 0.25 and 0.0625, ‖W²‖₂ ≈ 1
        NetworkFixedPoints p = search(NetworkWeights.repeated(2, 2, new double[] {0.5, 4, 0, -0.25}, new double[2]), 32);
        FixedPoint origin = HandBuiltMapsTest.near(p, 0, 0);
        assertTrue(origin.stable());
        assertEquals(0.25, origin.eigenvalueModuli()[0], 1e-12);
        assertEquals(0.0625, origin.eigenvalueModuli()[1], 1e-12);
    }

    static List<String> lines(Path f) throws Exception { return Files.readAllLines(f); }

    @Test
    void theTableHoldsTheStablePointsOfEveryCellAndDepth(@TempDir Path dir) throws Exception {
        FixedPointMeasureTest.sweep(dir.resolve("o"), "2", "0");
        List<String> esd = lines(dir.resolve("o").resolve(FixedPointMeasure.ESD_FILE));
        List<String> header = List.of(esd.get(0).split(","));
        assertEquals(ResultFiles.CELL_COLUMNS, header.subList(0, ResultFiles.CELL_COLUMNS.size()));
        assertEquals(JacobianMeasure.ESD_COLUMNS, header.subList(ResultFiles.CELL_COLUMNS.size(), header.size()));
        int cw = header.indexOf("width"), cd = header.indexOf("dist"), dep = header.indexOf("depth"), q = header.indexOf("quantity"),
                lo = header.indexOf("bin_lo"), hi = header.indexOf("bin_hi"), den = header.indexOf("density");
        Map<String, double[]> perKey = new HashMap<>();                 // key → {Σ density·width, max bin_hi, min bin_lo, top bin lo}
        for (String line : esd.subList(1, esd.size())) {
            String[] v = line.split(",", -1);
            assertEquals(FixedPointMeasure.STABLE_EIG_ABS, v[q]);
            double l = Double.parseDouble(v[lo]), h = Double.parseDouble(v[hi]), d = Double.parseDouble(v[den]);
            assertTrue(l < h && d >= 0 && Double.isFinite(d), line);
            assertTrue(l < 1, "stable points only: every |λ| < 1, " + line);
            double[] s = perKey.computeIfAbsent(v[cw] + "/" + v[cd] + "/" + v[dep], k -> new double[] {0, 0, Double.MAX_VALUE, 0});
            s[0] += d * (h - l);
            if (h > s[1]) { s[1] = h; s[3] = l; }
            s[2] = Math.min(s[2], l);
        }
        // against fixedpoints.csv: the largest stable ρ of the cell lies in the top bin; a cell without stable points has no rows
        List<String> fp = lines(dir.resolve("o").resolve(FixedPointMeasure.TABLE));
        List<String> fh = List.of(fp.get(0).split(","));
        int fw = fh.indexOf("width"), fd = fh.indexOf("dist"), fdep = fh.indexOf("depth"), radii = fh.indexOf("stable_radii");
        Map<String, Double> rhoMax = new HashMap<>();
        for (String line : fp.subList(1, fp.size())) {
            String[] v = line.split(",", -1);
            String key = v[fw] + "/" + v[fd] + "/" + v[fdep];
            if (v[radii].isEmpty()) continue;
            for (String r : v[radii].split(";")) rhoMax.merge(key, Double.parseDouble(r), Math::max);
        }
        assertEquals(rhoMax.keySet(), perKey.keySet(), "a histogram exactly for the (cell, depth) with a stable point");
        assertEquals(8, perKey.size(), "every cell of this sweep has stable points");
        for (var e : perKey.entrySet()) {
            double[] s = e.getValue();
            double rho = rhoMax.get(e.getKey());
            assertEquals(1.0, s[0], 1e-9, "normalised: " + e.getKey());
            assertTrue(s[3] <= rho * (1 + 1e-12) && rho < s[1] * (1 + 1e-12), e.getKey() + ": ρ_max " + rho + " in the top bin [" + s[3] + ", " + s[1] + ")");
        }
    }
}
