// Eigenvalues of the propagation statistics' output Grams: cyclic Jacobi (SymmetricEigen) against
// Householder + implicit QR (TridiagonalEigen), in one process. Run:
//   java -cp target/netdyn.jar bench/EigenBench.java [networks width depth probes rounds dist activation]
//
// Workload: the S×S output Grams Y (probes S = 8) of `networks` networks at depths 1..L, from the
// CPU propagate op — by default W3's cell (tanh, gaussian:1, no bias, N = 16, L = 20, q0 = 1, c0 = 0).
// Each round times, alternately, Jacobi one matrix at a time and TridiagonalEigen over all the
// Grams; the figures are the medians over rounds (the first two rounds are JIT warm-up), in µs per
// matrix. Then the accuracy against Jacobi: max |Δλ|/λ_max, and the effective rank and σ2/σ1
// (PropagationStats.fromEigenvalues) computed from both, max relative difference.
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.linalg.SymmetricEigen;
import io.netdyn.linalg.TridiagonalEigen;
import io.netdyn.measure.PropagationStats;
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
        double[][] t = new double[2][rounds];
        String[] names = {"Jacobi (SymmetricEigen)", "TridiagonalEigen"};
        double[] a = new double[ss], ev = new double[s];
        TridiagonalEigen te = new TridiagonalEigen(s);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int which = (k + r) % 2;                   // alternate the order too
                double acc = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    if (which == 0) {
                        System.arraycopy(y, i * ss, a, 0, ss);
                        acc += SymmetricEigen.eigenvaluesInPlace(a, s)[1];
                    } else {
                        te.eigenvalues(y, i * ss, ev);
                        acc += ev[1];
                    }
                }
                t[which][r] = (System.nanoTime() - t0) / 1e3 / count;
                sink += acc;
            }
        }
        System.out.printf("%d Grams %dx%d (%s, %s, N=%d, L=%d), %d rounds (first 2 warm-up)%n",
                count, s, s, act, dist, n, depth, rounds);
        double base = median(t[0], rounds);
        for (int k = 0; k < 2; k++) {
            double[] w = Arrays.copyOfRange(t[k], 2, rounds);
            Arrays.sort(w);
            System.out.printf("  %-38s median %.3f µs/matrix (min %.3f, max %.3f)  x%.2f%n", names[k],
                    median(t[k], rounds), w[0], w[w.length - 1], base / median(t[k], rounds));
        }
        // accuracy against Jacobi
        double worstEv = 0, worstRank = 0, worstRatio = 0, worstRankAbs = 0;
        int nanMismatch = 0;
        double[] sj = new double[PropagationStats.NAMES.length], sq = sj.clone();
        double floor = n * 0x1p-52;                        // PropagationStats' floor for N-long rows
        for (int i = 0; i < count; i++) {
            System.arraycopy(y, i * ss, a, 0, ss);
            double[] ej = SymmetricEigen.eigenvaluesInPlace(a, s);
            te.eigenvalues(y, i * ss, ev);
            for (int k = 0; k < s; k++) worstEv = Math.max(worstEv, Math.abs(ej[k] - ev[k]) / Math.abs(ej[0]));
            PropagationStats.fromEigenvalues(ej.clone(), floor, sj);
            PropagationStats.fromEigenvalues(ev.clone(), floor, sq);
            if (Double.isNaN(sj[6]) != Double.isNaN(sq[6]) || Double.isNaN(sj[7]) != Double.isNaN(sq[7])) nanMismatch++;
            worstRank = Math.max(worstRank, Math.abs(sj[6] - sq[6]) / sj[6]);
            worstRankAbs = Math.max(worstRankAbs, Math.abs(sj[6] - sq[6]));
            if (sj[7] > 0) worstRatio = Math.max(worstRatio, Math.abs(sj[7] - sq[7]) / sj[7]);
        }
        System.out.printf("  vs Jacobi: max |dλ|/λ_max %.2e; effective rank max rel. diff %.2e; σ2/σ1 max rel. diff %.2e; NaN mismatches %d%n",
                worstEv, worstRank, worstRatio, nanMismatch);
    }

    static double median(double[] t, int rounds) {
        double[] w = Arrays.copyOfRange(t, 2, rounds);
        Arrays.sort(w);
        return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
    }

    private static int arg(String[] a, int i, int dflt) { return a.length > i ? Integer.parseInt(a[i]) : dflt; }
}
