package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CublasGemm#calls}, the row-major → column-major mapping of netdyn's GEMM onto
 * cublasDgemmStridedBatched, without a GPU: each call is executed by a column-major reference
 * DGEMM written from the cuBLAS documentation (including its argument checks: lda ≥ max(1, rows
 * of the stored operand), ldc ≥ max(1, m), which return CUBLAS_STATUS_INVALID_VALUE on a GPU) on
 * flat arrays that stand for device memory, and the result is compared with a row-major triple
 * loop of {@link Gemm}'s definition. Same operation order in both, so equality is exact.
 */
class CublasGemmCallsTest {

    @Test
    void everyTransposeOffsetStrideAndPaddingMatchesTheRowMajorDefinition() {
        Random r = new Random(11);
        int[][] shapes = {{1, 1, 1, 1}, {3, 5, 2, 1}, {7, 4, 9, 3}, {2, 11, 6, 2}, {6, 6, 6, 4}, {1, 8, 3, 2}};
        int cases = 0;
        for (int[] sh : shapes) {
            for (int tr = 0; tr < 4; tr++) {
                for (int pad = 0; pad < 2; pad++) {
                    boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                    int m = sh[0], n = sh[1], k = sh[2], batch = sh[3];
                    int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + 2 * pad, ldc = n + 3 * pad;
                    long sa = (long) (ta ? k : m) * lda + pad, sb = (long) (tb ? n : k) * ldb, sc = (long) m * ldc + 2 * pad;
                    long offA = 3 * pad, offB = pad, offC = 2;
                    double alpha = 0.75, beta = tr == 1 ? 0 : -0.5;
                    double[] a = random(r, (int) (offA + batch * sa)), b = random(r, (int) (offB + batch * sb));
                    double[] c = random(r, (int) (offC + batch * sc + 1));
                    double[] want = rowMajor(ta, tb, m, n, k, alpha, a, offA, lda, sa, b, offB, ldb, sb, beta, c.clone(),
                            offC, ldc, sc, batch);
                    double[] got = viaCalls(ta, tb, m, n, k, alpha, a, offA, lda, sa, b, offB, ldb, sb, beta, c.clone(),
                            offC, ldc, sc, batch);
                    assertArrayEquals(want, got, "M=" + m + " N=" + n + " K=" + k + " ta " + ta + " tb " + tb + " pad " + pad);
                    cases++;
                }
            }
        }
        assertEquals(48, cases);
    }

    /** The reference catches a wrong mapping: swapping the operands' flags gives other numbers. */
    @Test
    void theReferenceDetectsSwappedTransposeFlags() {
        Random r = new Random(5);
        int m = 3, n = 4, k = 5;
        double[] a = random(r, k * m), b = random(r, n * k), c = new double[m * n];
        double[] want = rowMajor(true, true, m, n, k, 1, a, 0, m, 0, b, 0, k, 0, 0, c.clone(), 0, n, 0, 1);
        CublasGemm.Call ok = CublasGemm.calls(true, true, m, n, k, 0, m, 0, 0, k, 0, 0, n, 0, 1).get(0);
        assertArrayEquals(want, execute(ok, 1, b, a, 0, c.clone()));
        CublasGemm.Call swapped = new CublasGemm.Call(false, true, n, m, k, 0, n, 0, 0, m, 0, 0, n, 0, 1);
        double[] bad = execute(swapped, 1, b, a, 0, c.clone());
        assertTrue(maxDiff(want, bad) > 1e-3, "a wrong transpose flag must change the result");
    }

    /**
     * K = 0: C = β·C, no operand read. Callers may pass null operands with leading dimension 0;
     * cuBLAS still checks lda ≥ max(1, rows), so the mapping substitutes the smallest valid value.
     */
    @Test
    void zeroInnerDimensionScalesCAndPassesLeadingDimensionsCublasAccepts() {
        for (int tr = 0; tr < 4; tr++) {
            boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
            int m = 3, n = 5, ldc = 6;
            double[] c = random(new Random(tr), 2 * m * ldc);
            List<CublasGemm.Call> calls = CublasGemm.calls(ta, tb, m, n, 0, 0, 0, 0, 0, 0, 0, 0, ldc, (long) m * ldc, 2);
            assertEquals(1, calls.size());
            CublasGemm.Call call = calls.get(0);
            validate(call);   // would be CUBLAS_STATUS_INVALID_VALUE with lda = ldb = 0 (or 1 where N rows are needed)
            double[] got = execute(call, 2.0, new double[0], new double[0], 0.5, c.clone());
            for (int i = 0; i < c.length; i++) {
                int col = i % ldc;
                assertEquals(col < n ? 0.5 * c[i] : c[i], got[i], 0.0, "element " + i);
            }
        }
    }

    /** More than {@link CublasGemm#MAX_BATCH} matrices: consecutive calls, each at its offset, same result. */
    @Test
    void largeBatchesAreSplitIntoCallsAtTheRightOffsets() {
        int batch = CublasGemm.MAX_BATCH * 2 + 7, m = 1, n = 2, k = 1;
        Random r = new Random(3);
        double[] a = random(r, batch + 1), b = random(r, 2 * batch), c = random(r, 2 * batch + 1);
        List<CublasGemm.Call> calls = CublasGemm.calls(false, false, m, n, k, 1, 1, 1, 0, 2, 2, 1, 2, 2, batch);
        assertEquals(3, calls.size());
        assertEquals(7, calls.get(2).batch());
        assertEquals(1 + 2L * CublasGemm.MAX_BATCH * 2, calls.get(2).offC());
        double[] want = rowMajor(false, false, m, n, k, 1.5, a, 1, 1, 1, b, 0, 2, 2, 0.25, c.clone(), 1, 2, 2, batch);
        double[] got = viaCalls(false, false, m, n, k, 1.5, a, 1, 1, 1, b, 0, 2, 2, 0.25, c.clone(), 1, 2, 2, batch);
        assertArrayEquals(want, got);
    }

    @Test
    void emptyProblemsMakeNoCall() {
        assertTrue(CublasGemm.calls(false, false, 0, 3, 3, 0, 3, 0, 0, 3, 0, 0, 3, 0, 1).isEmpty());
        assertTrue(CublasGemm.calls(false, false, 3, 0, 3, 0, 3, 0, 0, 3, 0, 0, 3, 0, 1).isEmpty());
        assertTrue(CublasGemm.calls(false, false, 3, 3, 3, 0, 3, 0, 0, 3, 0, 0, 3, 0, 0).isEmpty());
    }

    /** The reference's argument check rejects what cuBLAS rejects (so the tests above mean something). */
    @Test
    void theReferenceRejectsLeadingDimensionsCublasRejects() {
        assertThrows(IllegalArgumentException.class, () -> validate(new CublasGemm.Call(false, false, 4, 3, 2,
                0, 3, 0, 0, 2, 0, 0, 4, 0, 1)));   // first N: lda 3 < m 4
        assertThrows(IllegalArgumentException.class, () -> validate(new CublasGemm.Call(false, true, 4, 3, 2,
                0, 4, 0, 0, 2, 0, 0, 4, 0, 1)));   // second T: ldb 2 < n 3
        assertThrows(IllegalArgumentException.class, () -> validate(new CublasGemm.Call(false, false, 4, 3, 0,
                0, 4, 0, 0, 0, 0, 0, 4, 0, 1)));   // second N with k = 0: ldb 0 < max(1, 0)
    }

    // ---- references --------------------------------------------------------------------------

    /** Gemm's definition, row-major: C_b = α·op(A_b)·op(B_b) + β·C_b, β = 0 not reading C. */
    private static double[] rowMajor(boolean ta, boolean tb, int m, int n, int k, double alpha,
                                     double[] a, long offA, int lda, long sa, double[] b, long offB, int ldb, long sb,
                                     double beta, double[] c, long offC, int ldc, long sc, int batch) {
        for (int q = 0; q < batch; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[(int) (offA + q * sa + (ta ? (long) p * lda + i : (long) i * lda + p))];
                        double y = b[(int) (offB + q * sb + (tb ? (long) j * ldb + p : (long) p * ldb + j))];
                        s += x * y;
                    }
                    int e = (int) (offC + q * sc + (long) i * ldc + j);
                    c[e] = alpha * s + (beta == 0 ? 0 : beta * c[e]);
                }
            }
        }
        return c;
    }

    private static double[] viaCalls(boolean ta, boolean tb, int m, int n, int k, double alpha,
                                     double[] a, long offA, int lda, long sa, double[] b, long offB, int ldb, long sb,
                                     double beta, double[] c, long offC, int ldc, long sc, int batch) {
        List<CublasGemm.Call> calls = CublasGemm.calls(ta, tb, m, n, k, offA, lda, sa, offB, ldb, sb, offC, ldc, sc, batch);
        if (calls.isEmpty()) fail("no call");
        for (CublasGemm.Call call : calls) execute(call, alpha, b, a, beta, c);   // first = B, second = A
        return c;
    }

    /** cuBLAS's argument checks of cublasDgemmStridedBatched (CUBLAS_STATUS_INVALID_VALUE). */
    private static void validate(CublasGemm.Call x) {
        int rowsFirst = x.transFirst() ? x.k() : x.m(), rowsSecond = x.transSecond() ? x.n() : x.k();
        if (x.m() < 0 || x.n() < 0 || x.k() < 0 || x.batch() < 0) throw new IllegalArgumentException("negative size");
        if (x.ldFirst() < Math.max(1, rowsFirst)) throw new IllegalArgumentException("lda " + x.ldFirst() + " < " + rowsFirst);
        if (x.ldSecond() < Math.max(1, rowsSecond)) throw new IllegalArgumentException("ldb " + x.ldSecond() + " < " + rowsSecond);
        if (x.ldc() < Math.max(1, x.m())) throw new IllegalArgumentException("ldc " + x.ldc() + " < " + x.m());
    }

    /**
     * Column-major DGEMM of the documented semantics: C[i + j·ldc] = α·Σ_p opA(i, p)·opB(p, j) + β·C
     * with A = first, B = second; opA(i, p) = A[i + p·lda] (N) or A[p + i·lda] (T).
     */
    private static double[] execute(CublasGemm.Call x, double alpha, double[] first, double[] second, double beta, double[] c) {
        validate(x);
        for (int q = 0; q < x.batch(); q++) {
            long fa = x.offFirst() + q * x.strideFirst(), fb = x.offSecond() + q * x.strideSecond(), fc = x.offC() + q * x.strideC();
            for (int j = 0; j < x.n(); j++) {
                for (int i = 0; i < x.m(); i++) {
                    double s = 0;
                    for (int p = 0; p < x.k(); p++) {
                        double u = first[(int) (fa + (x.transFirst() ? p + (long) i * x.ldFirst() : i + (long) p * x.ldFirst()))];
                        double v = second[(int) (fb + (x.transSecond() ? j + (long) p * x.ldSecond() : p + (long) j * x.ldSecond()))];
                        s += v * u;   // row-major reference multiplies a·b; here u is from B, v from A
                    }
                    int e = (int) (fc + i + (long) j * x.ldc());
                    c[e] = alpha * s + (beta == 0 ? 0 : beta * c[e]);
                }
            }
        }
        return c;
    }

    private static double maxDiff(double[] x, double[] y) {
        double d = 0;
        for (int i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
        return d;
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextGaussian();
        return x;
    }
}
