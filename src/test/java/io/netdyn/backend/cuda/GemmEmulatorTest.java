package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kernels/gemm.cu ({@link TiledGemm}) through the emulator against a plain triple loop: odd
 * shapes (1×1×1, 17×33×5, several tiles in M, N and K), all four transpose combinations, batches
 * with element offsets and padded leading dimensions, β ≠ 0 and β = 0 (C not read: NaN stays
 * out), K = 0; 256-thread (GPU), 64- and 5-thread blocks (the kernel's rounds). Within 1e-12 relative.
 */
@ExtendWith(RequiresEmulator.class)
class GemmEmulatorTest {


    /** {M, N, K, batch}. */
    private static final int[][] SHAPES = {{1, 1, 1, 1}, {17, 33, 5, 3}, {3, 40, 40, 2}, {70, 65, 35, 1}, {5, 7, 0, 2}};

    @Test
    void tiledGemmMatchesTheTripleLoop() {
        Random r = new Random(17);
        int cases = 0;
        double worst = 0;
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int[] shape : SHAPES) {
                for (int threads : new int[] {TiledGemm.THREADS, 64, 5}) {   // the GPU block; rounds of 4; rounds of 52
                    for (int tr = 0; tr < 4; tr++) {
                        boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                        double beta = cases % 3 == 0 ? 0 : cases % 3 == 1 ? -0.75 : 1;
                        worst = Math.max(worst, runCase(device, threads, shape, ta, tb, 0.5 + r.nextDouble(), beta, r));
                        cases++;
                    }
                }
            }
        }
        assertEquals(SHAPES.length * 3 * 4, cases);
        System.out.println("gemm emulator vs triple loop: " + cases + " cases, max relative difference " + worst);
    }

    /** One case; returns the largest relative difference (to Σ|a·b| + |β c|). */
    private static double runCase(EmulatorDevice device, int threads, int[] shape, boolean ta, boolean tb,
                                  double alpha, double beta, Random r) {
        int m = shape[0], n = shape[1], k = shape[2], batch = shape[3];
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;            // padded leading dimensions
        long offA = 3, offB = 1, offC = 5;
        long strideA = (long) aRows * lda + 4, strideB = (long) bRows * ldb, strideC = (long) m * ldc + 2;
        double[] a = random(r, (int) (offA + batch * strideA));
        double[] b = random(r, (int) (offB + batch * strideB));
        double[] c = random(r, (int) (offC + batch * strideC));
        if (beta == 0) for (int i = 0; i < c.length; i++) c[i] = Double.NaN;   // must not be read
        double[] want = c.clone(), scale = new double[c.length];
        for (int q = 0; q < batch; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = ta ? a[(int) (offA + q * strideA + (long) p * lda + i)] : a[(int) (offA + q * strideA + (long) i * lda + p)];
                        double y = tb ? b[(int) (offB + q * strideB + (long) j * ldb + p)] : b[(int) (offB + q * strideB + (long) p * ldb + j)];
                        acc += x * y;
                        abs += Math.abs(x * y);
                    }
                    int e = (int) (offC + q * strideC + (long) i * ldc + j);
                    want[e] = beta == 0 ? alpha * acc : alpha * acc + beta * c[e];
                    scale[e] = Math.abs(alpha) * abs + (beta == 0 ? 0 : Math.abs(beta * c[e]));
                }
            }
        }
        double[] got = new double[c.length];
        try (DeviceBuffer da = device.alloc(8L * a.length); DeviceBuffer db = device.alloc(8L * b.length);
             DeviceBuffer dc = device.alloc(8L * c.length)) {
            device.copyIn(da, 0, a, 0, a.length);
            device.copyIn(db, 0, b, 0, b.length);
            device.copyIn(dc, 0, c, 0, c.length);
            Gemm gemm = new TiledGemm(device, threads, null);
            gemm.stridedBatched(ta, tb, m, n, k, alpha, da, offA, lda, strideA, db, offB, ldb, strideB, beta,
                    dc, offC, ldc, strideC, batch);
            device.copyOut(dc, 0, got, 0, got.length);
        }
        String what = "M=" + m + " N=" + n + " K=" + k + " batch " + batch + (ta ? " Aᵀ" : " A") + (tb ? " Bᵀ" : " B")
                + " α=" + alpha + " β=" + beta + ", " + threads + " threads";
        double worst = 0;
        for (int e = 0; e < c.length; e++) {
            if (Double.isNaN(want[e]) && Double.isNaN(got[e])) continue;   // outside C: untouched
            if (Double.isNaN(got[e])) fail(what + ": element " + e + " is NaN (C read with β = 0?)");
            double diff = Math.abs(got[e] - want[e]), tol = 1e-12 * scale[e];
            if (scale[e] == 0) {                                            // outside C, or K = 0 with β = 0
                if (got[e] != want[e]) fail(what + ": element " + e + " expected " + want[e] + " got " + got[e]);
                continue;
            }
            if (!(diff <= tol) && got[e] != want[e]) {
                fail(String.format("%s: element %d expected %.17g got %.17g", what, e, want[e], got[e]));
            }
            worst = Math.max(worst, diff / scale[e]);
        }
        return worst;
    }

    @Test
    void gramIsExactlySymmetricAndBoundsAreChecked() {
        Random r = new Random(3);
        int s = 5, n = 37;
        double[] x = random(r, s * n), g = new double[s * s];
        try (EmulatorDevice device = EmulatorDevice.open();
             DeviceBuffer dx = device.alloc(8L * x.length); DeviceBuffer dg = device.alloc(8L * g.length)) {
            device.copyIn(dx, 0, x, 0, x.length);
            Gemm gemm = new TiledGemm(device, 64, null);
            gemm.stridedBatched(false, true, s, s, n, 1, dx, 0, n, 0, dx, 0, n, 0, 0, dg, 0, s, 0, 1);
            device.copyOut(dg, 0, g, 0, g.length);
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) assertEquals(g[i * s + j], g[j * s + i], 0.0, "G symmetric at " + i + "," + j);
                double d = 0;
                for (int p = 0; p < n; p++) d += x[i * n + p] * x[i * n + p];
                assertEquals(d, g[i * s + i], 1e-12 * d);
            }
            assertThrows(IndexOutOfBoundsException.class,   // C one row too long for its buffer
                    () -> gemm.stridedBatched(false, true, s + 1, s, n, 1, dx, 0, n, 0, dx, 0, n, 0, 0, dg, 0, s, 0, 1));
            assertThrows(IllegalArgumentException.class,    // lda < K
                    () -> gemm.stridedBatched(false, false, s, s, n, 1, dx, 0, n - 1, 0, dx, 0, s, 0, 0, dg, 0, s, 0, 1));
            assertTrue(gemm.name().startsWith("tiled GEMM kernel"), gemm.name());
        }
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextGaussian();
        return x;
    }
}
