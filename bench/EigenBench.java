// Eigenvalues of the propagation statistics' output Grams: cyclic Jacobi (SymmetricEigen) against
// Householder + implicit QR (TridiagonalEigen), in one process. Run:
//   java -cp target/netdyn.jar bench/EigenBench.java [networks width depth probes rounds dist activation]
//
// Workload: the S×S output Grams Y (probes S = 8) of `networks` networks at depths 1..L, from the
// CPU propagate op — by default W3's cell (tanh, gaussian:1, no bias, N = 16, L = 20, q0 = 1, c0 = 0).
// Each round times, alternately, Jacobi two matrices at a time (a copy of the former
// SymmetricEigen.eigenvaluesInPlace2, PropagationStats' path before), Jacobi one at a time, and TridiagonalEigen over all the
// Grams; the figures are the medians over rounds (the first two rounds are JIT warm-up), in µs per
// matrix. Then the accuracy against Jacobi: max |Δλ|/λ_max, and the effective rank and σ2/σ1
// (PropagationStats' formulas) computed from both, max relative difference.
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.linalg.SymmetricEigen;
import io.netdyn.linalg.TridiagonalEigen;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.Arrays;
import java.util.Optional;

public class EigenBench {
    static volatile double sink;

    public static void main(String[] args) {
        int networks = arg(args, 0, 2000), n = arg(args, 1, 16), depth = arg(args, 2, 20), s = arg(args, 3, 8);
        int rounds = arg(args, 4, 9);
        Distribution dist = args.length > 5 ? Distribution.parse(args[5]) : Distribution.gaussian(1);
        Activation act = args.length > 6 ? Activation.parse(args[6]) : Activation.TANH;
        Architecture arch = new Architecture(n, depth, act, false, dist, Scaling.DEFAULT, Optional.empty());
        PropagationGrams g;
        try (CpuBackend b = new CpuBackend(1)) {
            g = b.propagate(new NetworkBatch(arch, 1, 0, networks), new ProbeInputs(s, 1, 0));
        }
        double[] y = g.yGram();
        int count = networks * depth, ss = s * s;
        double[][] t = new double[3][rounds];
        String[] names = {"Jacobi, pairs (eigenvaluesInPlace2)", "Jacobi, one at a time", "TridiagonalEigen"};
        double[] a = new double[ss], b2 = new double[ss], evA = new double[s], evB = new double[s];
        TridiagonalEigen te = new TridiagonalEigen(s);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 3; k++) {
                int which = (k + r) % 3;                   // rotate the order too
                double acc = 0;
                long t0 = System.nanoTime();
                if (which == 0) {
                    for (int i = 0; i + 1 < count; i += 2) {
                        System.arraycopy(y, i * ss, a, 0, ss);
                        System.arraycopy(y, (i + 1) * ss, b2, 0, ss);
                        eigenvaluesInPlace2(a, b2, s, evA, evB);
                        acc += evA[1] + evB[1];
                    }
                } else if (which == 1) {
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(y, i * ss, a, 0, ss);
                        acc += SymmetricEigen.eigenvaluesInPlace(a, s)[1];
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        te.eigenvalues(y, i * ss, evA);
                        acc += evA[1];
                    }
                }
                t[which][r] = (System.nanoTime() - t0) / 1e3 / (which == 0 ? count / 2 * 2 : count);
                sink += acc;
            }
        }
        System.out.printf("%d Grams %dx%d (%s, %s, N=%d, L=%d), %d rounds (first 2 warm-up)%n",
                count, s, s, act, dist, n, depth, rounds);
        double base = median(t[0], rounds);
        for (int k = 0; k < 3; k++) {
            double[] w = Arrays.copyOfRange(t[k], 2, rounds);
            Arrays.sort(w);
            System.out.printf("  %-38s median %.3f µs/matrix (min %.3f, max %.3f)  x%.2f%n", names[k],
                    median(t[k], rounds), w[0], w[w.length - 1], base / median(t[k], rounds));
        }
        // accuracy against Jacobi
        double worstEv = 0, worstRank = 0, worstRatio = 0, worstRankAbs = 0;
        int nanMismatch = 0;
        double[] sj = new double[2], sq = new double[2];
        for (int i = 0; i < count; i++) {
            System.arraycopy(y, i * ss, a, 0, ss);
            double[] ej = SymmetricEigen.eigenvaluesInPlace(a, s);
            te.eigenvalues(y, i * ss, evA);
            for (int k = 0; k < s; k++) worstEv = Math.max(worstEv, Math.abs(ej[k] - evA[k]) / Math.abs(ej[0]));
            stats(ej.clone(), s, sj);
            stats(evA.clone(), s, sq);
            if (Double.isNaN(sj[0]) != Double.isNaN(sq[0]) || Double.isNaN(sj[1]) != Double.isNaN(sq[1])) nanMismatch++;
            worstRank = Math.max(worstRank, Math.abs(sj[0] - sq[0]) / sj[0]);
            worstRankAbs = Math.max(worstRankAbs, Math.abs(sj[0] - sq[0]));
            if (sj[1] > 0) worstRatio = Math.max(worstRatio, Math.abs(sj[1] - sq[1]) / sj[1]);
        }
        System.out.printf("  vs Jacobi: max |dλ|/λ_max %.2e; effective rank max rel. diff %.2e; σ2/σ1 max rel. diff %.2e; NaN mismatches %d%n",
                worstEv, worstRank, worstRatio, nanMismatch);
    }

    /** PropagationStats' effective rank and σ2/σ1 from the eigenvalues σ² (descending). */
    static void stats(double[] ev, int s, double[] out) {
        double sum = 0;
        for (int k = 0; k < s; k++) { ev[k] = Math.sqrt(Math.max(ev[k], 0)); sum += ev[k]; }
        if (!(sum > 0) || !Double.isFinite(sum)) { out[0] = out[1] = Double.NaN; return; }
        double entropy = 0;
        for (int k = 0; k < s; k++) { double p = ev[k] / sum; if (p > 0) entropy -= p * Math.log(p); }
        out[0] = Math.exp(entropy);
        out[1] = ev[1] / ev[0];
    }

    static double median(double[] t, int rounds) {
        double[] w = Arrays.copyOfRange(t, 2, rounds);
        Arrays.sort(w);
        return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
    }

    // The pairwise Jacobi PropagationStats used before (SymmetricEigen.eigenvaluesInPlace2, since
    // removed): the rotations of two matrices issued alternately, each matrix its own sweeps.
    static void eigenvaluesInPlace2(double[] a, double[] b, int n, double[] evA, double[] evB) {
        boolean runA = true, runB = true;
        for (int sweep = 0; sweep < 60; sweep++) {
            if (runA && converged(a, n)) runA = false;
            if (runB && converged(b, n)) runB = false;
            if (runA && runB) {
                for (int p = 0; p < n - 1; p++) {
                    for (int q = p + 1; q < n; q++) { rotate(a, n, p, q); rotate(b, n, p, q); }
                }
            } else if (runA) {
                for (int p = 0; p < n - 1; p++) for (int q = p + 1; q < n; q++) rotate(a, n, p, q);
            } else if (runB) {
                for (int p = 0; p < n - 1; p++) for (int q = p + 1; q < n; q++) rotate(b, n, p, q);
            } else {
                break;
            }
        }
        sortedDiagonal(a, n, evA);
        sortedDiagonal(b, n, evB);
    }

    /** The convergence test of {@link #eigenvaluesInPlace}: off(a) ≤ 1e-30·diag(a), or off(a) = 0. */
    private static boolean converged(double[] a, int n) {
        double off = 0, diag = 0;
        for (int p = 0; p < n; p++) {
            diag += a[p * n + p] * a[p * n + p];
            for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
        }
        return off <= 1e-30 * diag || off == 0;
    }

    private static void sortedDiagonal(double[] a, int n, double[] ev) {
        for (int i = 0; i < n; i++) ev[i] = a[i * n + i];
        Arrays.sort(ev, 0, n);
        for (int i = 0; i < n / 2; i++) { double t = ev[i]; ev[i] = ev[n - 1 - i]; ev[n - 1 - i] = t; }
    }

    /** One Jacobi rotation zeroing a[p][q]: tan 2θ = 2a_pq/(a_qq - a_pp). */
    private static void rotate(double[] a, int n, int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0) return;
        double app = a[p * n + p], aqq = a[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
    }

    private static int arg(String[] a, int i, int dflt) { return a.length > i ? Integer.parseInt(a[i]) : dflt; }
}
