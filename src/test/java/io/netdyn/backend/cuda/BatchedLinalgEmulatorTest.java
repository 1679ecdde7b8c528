package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.linalg.Householder;
import io.netdyn.linalg.JacobiSvd;
import io.netdyn.linalg.SymmetricEigen;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kernels/linalg_batched.cu through the emulator against the CPU references (JacobiSvd,
 * SymmetricEigen, Householder) on awkward shapes, graded and rank-deficient matrices, with the
 * device's default block (64 threads) and an odd small one (7: every strided loop wraps).
 */
class BatchedLinalgEmulatorTest {
    private static final int[][] SHAPES = {{1, 1}, {2, 1}, {3, 3}, {5, 4}, {4, 7}, {17, 13}, {33, 33}, {64, 64}, {90, 20}};
    private static EmulatorDevice device, small;

    @BeforeAll
    static void open() {
        if (EmulatorDevice.unavailableReason() == null) {
            device = EmulatorDevice.open();
            small = EmulatorDevice.open(7);
        }
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
        if (small != null) small.close();
    }

    private static void requireEmulator() {
        assumeTrue(device != null, () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
    }

    // ---- SVD ------------------------------------------------------------------------------------

    @Test
    void singularValuesMatchJacobiSvdOnAwkwardShapes() {
        requireEmulator();
        Random rnd = new Random(11);
        for (int[] s : SHAPES) {
            int batch = s[0] * s[1] > 1000 ? 1 : 3;
            checkSvd(device, gaussian(rnd, batch * s[0] * s[1]), batch, s[0], s[1], false, "gaussian " + s[0] + "x" + s[1]);
        }
        checkSvd(small, gaussian(rnd, 2 * 17 * 13), 2, 17, 13, false, "gaussian 17x13, 7 threads");
        checkSvd(small, gaussian(rnd, 2 * 3 * 8), 2, 3, 8, false, "gaussian 3x8, 7 threads");
    }

    /** Columns and rows scaled over 12 decades: every σ, not only σ_1, to high relative accuracy. */
    @Test
    void gradedMatricesKeepRelativeAccuracy() {
        requireEmulator();
        Random rnd = new Random(12);
        for (int[] s : new int[][] {{5, 4}, {17, 13}, {33, 33}}) {
            int m = s[0], n = s[1], batch = 2;
            double[] a = gaussian(rnd, batch * m * n);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        a[(b * m + i) * n + j] *= Math.pow(10, -12.0 * j / Math.max(1, n - 1)) * Math.pow(10, -2.0 * i / m);
                    }
                }
            }
            checkSvd(device, a, batch, m, n, true, "graded " + m + "x" + n);
        }
    }

    @Test
    void rankDeficientAndZeroMatrices() {
        requireEmulator();
        Random rnd = new Random(13);
        int m = 9, n = 6;
        double[] a = new double[3 * m * n];                       // matrix 0: zero
        double[] u = gaussian(rnd, m), v = gaussian(rnd, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[(m + i) * n + j] = u[i] * v[j];   // 1: rank one
        double[] g = gaussian(rnd, m * n);                        // 2: two equal columns
        for (int i = 0; i < m; i++) { g[i * n + 5] = g[i * n + 2]; }
        System.arraycopy(g, 0, a, 2 * m * n, m * n);
        checkSvd(device, a, 3, m, n, false, "rank-deficient 9x6");
    }

    private static void checkSvd(Device d, double[] a, int batch, int m, int n, boolean relative, String what) {
        int r = Math.min(m, n);
        int[] sweeps = new int[batch];
        double[] got = BatchedLinalg.singularValues(d, a, batch, m, n, sweeps);
        for (int b = 0; b < batch; b++) {
            double[] one = new double[m * n];
            System.arraycopy(a, b * m * n, one, 0, m * n);
            double[] want = JacobiSvd.singularValues(one, m, n);
            assertTrue(sweeps[b] <= JacobiSvd.MAX_SWEEPS, what + ": no convergence in matrix " + b);
            double[] g = new double[r];
            System.arraycopy(got, b * r, g, 0, r);
            // relative: each σ_i to 1e-12 of itself (CPU and device differ in rotation order only)
            compare(want, g, relative ? 0 : 1e-12 * want[0], 1e-12, what + " #" + b);
        }
    }

    // ---- symmetric eigenvalues ------------------------------------------------------------------

    @Test
    void eigenvaluesMatchSymmetricEigen() {
        requireEmulator();
        Random rnd = new Random(21);
        for (int n : new int[] {1, 2, 3, 5, 13, 33, 64}) {
            int batch = n > 40 ? 1 : 3;
            checkEigen(device, symmetric(rnd, batch, n), batch, n, "random n=" + n);
        }
        checkEigen(small, symmetric(rnd, 2, 17), 2, 17, "random n=17, 7 threads");
        // a Gram matrix of a graded 12x8 matrix: eigenvalues over ~16 decades, one near-zero pair
        int n = 8, m = 12;
        double[] x = gaussian(rnd, m * n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) x[i * n + j] *= Math.pow(10, -j);
        double[] gram = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < m; k++) gram[i * n + j] += x[k * n + i] * x[k * n + j];
        checkEigen(device, gram, 1, n, "graded Gram n=8");
        checkEigen(device, new double[] {2, 0, 0, 0, -1, 0, 0, 0, 3}, 1, 3, "diagonal");
    }

    private static void checkEigen(Device d, double[] a, int batch, int n, String what) {
        double[] got = BatchedLinalg.symmetricEigenvalues(d, a, batch, n);
        for (int b = 0; b < batch; b++) {
            double[] one = new double[n * n];
            System.arraycopy(a, b * n * n, one, 0, n * n);
            double norm = frobenius(one);
            double[] want = SymmetricEigen.eigenvaluesInPlace(one, n);
            double[] g = new double[n];
            System.arraycopy(got, b * n, g, 0, n);
            compare(want, g, 1e-12 * norm, 0, what + " #" + b);
        }
    }

    // ---- QR -------------------------------------------------------------------------------------

    @Test
    void qrFactorsReconstructAndMatchHouseholder() {
        requireEmulator();
        Random rnd = new Random(31);
        int[][] shapes = {{1, 1}, {2, 1}, {3, 3}, {5, 4}, {17, 13}, {33, 33}, {64, 64}, {90, 20}};
        for (int[] s : shapes) {
            int batch = s[0] * s[1] > 1000 ? 1 : 3;
            checkQr(device, gaussian(rnd, batch * s[0] * s[1]), batch, s[0], s[1], "gaussian " + s[0] + "x" + s[1]);
        }
        checkQr(small, gaussian(rnd, 2 * 17 * 13), 2, 17, 13, "gaussian 17x13, 7 threads");
        double[] z = gaussian(rnd, 6 * 4);
        for (int i = 0; i < 6; i++) z[i * 4 + 1] = 0;              // a zero column: τ = 0 there
        checkQr(device, z, 1, 6, 4, "zero column");
    }

    private static void checkQr(Device d, double[] a, int batch, int m, int n, String what) {
        BatchedLinalg.Qr got = BatchedLinalg.qr(d, a, batch, m, n);
        for (int b = 0; b < batch; b++) {
            double[] one = new double[m * n], qr = new double[m * n], tau = new double[n];
            System.arraycopy(a, b * m * n, one, 0, m * n);
            System.arraycopy(got.qr(), b * m * n, qr, 0, m * n);
            System.arraycopy(got.tau(), b * n, tau, 0, n);
            double norm = frobenius(one);
            double[] q = Householder.formQ(qr, tau, m, n);
            double[] recon = new double[m * n], gram = new double[n * n], eye = new double[n * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) s += q[i * n + k] * qr[k * n + j];
                    recon[i * n + j] = s;
                }
            }
            for (int i = 0; i < n; i++) {
                eye[i * n + i] = 1;
                for (int j = 0; j < n; j++) for (int k = 0; k < m; k++) gram[i * n + j] += q[k * n + i] * q[k * n + j];
            }
            compare(one, recon, 1e-12 * norm, 0, what + " #" + b + ": QR = A");
            compare(eye, gram, 1e-12, 0, what + " #" + b + ": QᵀQ = I");
            // R against the CPU's, row signs free
            double[] ref = one.clone();
            Householder.factor(ref, m, n);
            double[] rCpu = new double[n * n], rDev = new double[n * n];
            for (int i = 0; i < n; i++) {
                double sign = Math.signum(qr[i * n + i]) * Math.signum(ref[i * n + i]);
                if (sign == 0) sign = 1;
                for (int j = i; j < n; j++) { rCpu[i * n + j] = ref[i * n + j]; rDev[i * n + j] = sign * qr[i * n + j]; }
            }
            compare(rCpu, rDev, 1e-12 * norm, 0, what + " #" + b + ": R");
        }
    }

    // ---- limits ---------------------------------------------------------------------------------

    @Test
    void shapesBeyondTheKernelsAreRefused() {
        requireEmulator();
        assertThrows(IllegalArgumentException.class, () -> BatchedLinalg.singularValues(device, new double[65 * 65], 1, 65, 65));
        assertThrows(IllegalArgumentException.class, () -> BatchedLinalg.symmetricEigenvalues(device, new double[65 * 65], 1, 65));
        assertThrows(IllegalArgumentException.class, () -> BatchedLinalg.qr(device, new double[100 * 64], 1, 100, 64));
        assertThrows(IllegalArgumentException.class, () -> BatchedLinalg.qr(device, new double[12], 1, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> BatchedLinalg.singularValues(device, new double[5], 2, 3, 1));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static double[] gaussian(Random rnd, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rnd.nextGaussian();
        return x;
    }

    private static double[] symmetric(Random rnd, int batch, int n) {
        double[] a = gaussian(rnd, batch * n * n);
        for (int b = 0; b < batch; b++) {
            int o = b * n * n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double s = (a[o + i * n + j] + a[o + j * n + i]) / 2;
                    a[o + i * n + j] = s;
                    a[o + j * n + i] = s;
                }
            }
        }
        return a;
    }

    private static double frobenius(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }

    /** |got − want| ≤ abs + rel·|want| everywhere, else a failure listing the first mismatches. */
    private static void compare(double[] want, double[] got, double abs, double rel, String what) {
        StringBuilder bad = new StringBuilder();
        int count = 0;
        for (int i = 0; i < want.length; i++) {
            double tol = abs + rel * Math.abs(want[i]);
            if (!(Math.abs(got[i] - want[i]) <= tol)) {
                if (count++ < 5) bad.append(String.format("%n  [%d] want %.17g got %.17g (tol %.3g)", i, want[i], got[i], tol));
            }
        }
        if (count > 0) fail(what + ": " + count + " of " + want.length + " mismatches" + bad);
    }
}
