package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.linalg.JacobiSvd;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.model.TensorSampler;
import java.util.Arrays;
import java.util.Optional;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The CPU jacobianSpectra op against a plain explicit product, across shapes, threads and depths. */
class CpuJacobianTest {
    static Architecture arch(int n, int depth, Activation a, Distribution w, boolean bias, boolean lastLinear) {
        return new Architecture(n, depth, a, lastLinear, w, Scaling.DEFAULT,
                bias ? Optional.of(Distribution.gaussian(0.3)) : Optional.empty());
    }

    static JacobianSpectra run(Architecture arch, int threads, long first, int networks, InputPoints pts,
                               int[] depths, boolean eig) {
        try (CpuBackend b = new CpuBackend(threads)) {
            return b.jacobianSpectra(new NetworkBatch(arch, 11, first, networks), pts, depths, eig);
        }
    }

    /** Reference: J_l built with plain loops from the same weights, then EJML SVD and eig. */
    static double[][] reference(Architecture a, long network, double[] x0, int depth) {
        int n = a.width();
        TensorSampler ts = new TensorSampler(a, 11);
        double[] w = new double[n * n], b = new double[n], x = x0.clone(), j = null;
        for (int l = 1; l <= depth; l++) {
            ts.weights(network, l, w);
            ts.biases(network, l, b);
            double[] h = new double[n], next = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) h[i] += w[i * n + k] * x[k];
                h[i] += b[i];
            }
            for (int i = 0; i < n; i++) {
                double d = l == depth && a.lastLinear() ? 1 : a.activation().dphi(h[i]);
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += w[i * n + k] * (j == null ? (k == c ? 1 : 0) : j[k * n + c]);
                    next[i * n + c] = d * s;
                }
            }
            for (int i = 0; i < n; i++) x[i] = a.activation().phi(h[i]);
            j = next;
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, n, false, false, true);
        assertTrue(svd.decompose(new DMatrixRMaj(n, n, true, j.clone())));
        double[] sv = Arrays.copyOf(svd.getSingularValues(), n);
        Arrays.sort(sv);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        assertTrue(eig.decompose(new DMatrixRMaj(n, n, true, j.clone())));
        double[] mod = new double[n];
        for (int i = 0; i < n; i++) { Complex_F64 v = eig.getEigenvalue(i); mod[i] = Math.hypot(v.real, v.imaginary); }
        Arrays.sort(mod);
        return new double[][] {sv, mod};
    }

    @Test
    void matchesExplicitProductOnAwkwardWidths() {
        for (int n : new int[] {1, 2, 3, 4, 7}) {
            for (boolean lastLinear : new boolean[] {false, true}) {
                Architecture a = arch(n, 5, Activation.TANH, Distribution.gaussian(1.3), true, lastLinear);
                int[] depths = {1, 2, 5};
                InputPoints pts = InputPoints.random(1, 0.7);
                JacobianSpectra s = run(a, 2, 3, 4, pts, depths, true);
                double[] x0 = new double[n];
                for (int b = 0; b < 4; b++) {
                    pts.fill(11, 3 + b, b, n, x0, new int[4]);
                    for (int d = 0; d < depths.length; d++) {
                        double[][] ref = reference(a, 3 + b, x0, depths[d]);
                        int off = s.offset(b, 0, d);
                        for (int i = 0; i < n; i++) {
                            double sv = ref[0][n - 1 - i], mod = ref[1][n - 1 - i];
                            assertEquals(sv, Math.exp(s.logSigma()[off + i]), 1e-12 * ref[0][n - 1] + 1e-10 * sv,
                                    "σ_" + i + " N=" + n + " depth " + depths[d] + " lastLinear " + lastLinear);
                            assertEquals(mod, Math.exp(s.eigLogAbs()[off + i]), 1e-11 * ref[1][n - 1] + 1e-9 * mod,
                                    "|λ_" + i + "| N=" + n + " depth " + depths[d]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void identicalForOneAndThreeThreadsAndAcrossBatchSplits() {
        Architecture a = arch(9, 7, Activation.TANH, Distribution.cauchy(1), true, false);
        int[] depths = {1, 4, 7};
        InputPoints pts = InputPoints.random(2, 0.5);
        JacobianSpectra one = run(a, 1, 0, 11, pts, depths, true), three = run(a, 3, 0, 11, pts, depths, true);
        assertArrayEquals(one.logSigma(), three.logSigma(), 0.0);
        assertArrayEquals(one.eigLogAbs(), three.eigLogAbs(), 0.0);
        assertArrayEquals(one.eigArg(), three.eigArg(), 0.0);
        JacobianSpectra tail = run(a, 2, 5, 6, pts, depths, false);       // networks 5..10 as their own batch
        int len = 2 * depths.length * 9;
        assertArrayEquals(Arrays.copyOfRange(one.logSigma(), 5 * len, 11 * len), tail.logSigma(), 0.0);
        assertEquals(null, tail.eigLogAbs());
    }

    /** Deep products leave the double range (4^600 = 2^1200); logarithms must stay finite and exact. */
    @Test
    void deepProductsStayExactThroughRenormalisation() {
        Architecture a = arch(5, 600, Activation.LINEAR, Distribution.orthogonal(4), false, false);
        JacobianSpectra s = run(a, 1, 0, 2, InputPoints.random(1, 1), new int[] {300, 600}, true);
        for (int b = 0; b < 2; b++) {
            for (int d = 0; d < 2; d++) {
                double expected = (d + 1) * 300 * Math.log(4);          // J = 4^l · orthogonal
                for (int i = 0; i < 5; i++) {
                    assertEquals(expected, s.logSigma()[s.offset(b, 0, d) + i], 1e-10 * expected);
                    assertEquals(expected, s.eigLogAbs()[s.offset(b, 0, d) + i], 1e-10 * expected);
                }
            }
        }
        // a Gaussian product of that depth: σ_1 is far outside the double range, still finite in logs
        Architecture g = arch(6, 400, Activation.LINEAR, Distribution.gaussian(8), false, false);
        JacobianSpectra t = run(g, 1, 0, 1, InputPoints.random(1, 1), new int[] {400}, false);
        assertTrue(t.logSigma()[0] > 709 && Double.isFinite(t.logSigma()[0]), "ln σ_1 = " + t.logSigma()[0]);
    }

    /**
     * Small singular values of deep products: Σ ln σ_i = Σ_l ln|det W_l| for a linear network.
     * The spread of the spectrum at depth 300 is e^{≈400} (condition ≈ 1e170), far beyond what an
     * explicit running product resolves (its floor is ~1e-16·σ_1); the factored product keeps it.
     */
    @Test
    void deepProductsKeepTheSmallSingularValues() {
        int n = 6, depth = 300;
        Architecture a = arch(n, depth, Activation.LINEAR, Distribution.gaussian(1), false, false);
        JacobianSpectra s = run(a, 1, 0, 2, InputPoints.random(1, 1), new int[] {depth}, false);
        TensorSampler ts = new TensorSampler(a, 11);
        double[] w = new double[n * n];
        for (int b = 0; b < 2; b++) {
            double logDet = 0, sum = 0;
            for (int l = 1; l <= depth; l++) {
                ts.weights(b, l, w);
                logDet += Math.log(Math.abs(CommonOps_DDRM.det(new DMatrixRMaj(n, n, true, w))));
            }
            int off = s.offset(b, 0, 0);
            for (int i = 0; i < n; i++) sum += s.logSigma()[off + i];
            assertTrue(s.logSigma()[off] - s.logSigma()[off + n - 1] > 300, "spread " + (s.logSigma()[off] - s.logSigma()[off + n - 1]));
            assertEquals(logDet, sum, 1e-9 * Math.abs(logDet), "network " + b);
        }
    }

    @Test
    void givenPointsAreUsedAndDepthsAreChecked() {
        Architecture a = arch(3, 2, Activation.TANH, Distribution.gaussian(1), false, false);
        // at x = 0 without bias, D = I: J = W_1 exactly
        JacobianSpectra s = run(a, 1, 0, 2, InputPoints.given(1, new double[6]), new int[] {1}, false);
        double[] w = new double[9];
        new TensorSampler(a, 11).weights(1, 1, w);
        double[] sv = JacobiSvd.singularValues(w, 3, 3);
        for (int i = 0; i < 3; i++) assertEquals(Math.log(sv[i]), s.logSigma()[s.offset(1, 0, 0) + i], 1e-14);
        assertThrows(IllegalArgumentException.class, () -> run(a, 1, 0, 1, InputPoints.random(1, 1), new int[] {3}, false));
        assertThrows(IllegalArgumentException.class, () -> run(a, 1, 0, 1, InputPoints.random(1, 1), new int[] {2, 1}, false));
    }
}
