package io.netdyn.train;

import io.netdyn.model.NetworkWeights;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Whether an autoencoder stores its training samples as attractors (docs/training.md,
 * "Memory diagnostics"; Radhakrishnan, Belkin &amp; Uhler, PNAS 2020). Pure functions of the
 * network and the samples (the corruptions of {@link #recall} come from the TRAIN counters).
 * <pre>
 *   iterate     x_0 = x, x_{t+1} = f(x_t); converged at the first t with ‖x_{t+1} − x_t‖∞ &lt; tol·max(1, ‖x_t‖∞),
 *               t + 1 ≤ maxIter; its point x* = x_{t+1}; a non-finite iterate stops it (not converged)
 *   stable      ρ(J_f(x*)) &lt; 1, J_f = D_L W_L ⋯ D_1 W_1, eigenvalues by EJML (Hessenberg + shifted QR)
 *   memorised   share of samples x whose iteration from x converges to a stable x* with
 *               ‖x* − x‖₂ ≤ closeness·‖x‖₂
 *   recall      share of corrupted copies x̃ of the samples (copies per sample, {@link Corruption})
 *               whose iteration converges to a point within mergeTol·max(1, ‖x*‖∞) (∞-norm) of the
 *               memorised x* of their own sample; copies of a sample that is not memorised fail
 * </pre>
 * Defaults: maxIter 1000, tol 1e-9, closeness 0.05, mergeTol 1e-5 (the fixedpoints measure's
 * merge tolerance). Not thread-safe (scratch): one instance per thread.
 */
public final class MemoryDiagnostics {

    /** The iteration and acceptance parameters (see the class comment). */
    public record Settings(int maxIter, double tol, double closeness, double mergeTol) {
        public static final Settings DEFAULT = new Settings(1000, 1e-9, 0.05, 1e-5);

        public Settings {
            if (maxIter < 1) throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
            if (!(tol > 0 && tol < 1)) throw new IllegalArgumentException("tol must be in (0, 1), got " + tol);
            if (!(closeness > 0) || Double.isInfinite(closeness)) throw new IllegalArgumentException("closeness must be > 0, got " + closeness);
            if (!(mergeTol > 0 && mergeTol < 1)) throw new IllegalArgumentException("mergeTol must be in (0, 1), got " + mergeTol);
        }
    }

    /**
     * Where the iteration from one point ended: converged or not, map evaluations, the end point,
     * ρ(J_f) there (NaN unless converged) and ‖x* − x‖₂/‖x‖₂ from the start x (NaN unless converged).
     */
    public record Attractor(boolean converged, int iterations, double[] point, double spectralRadius, double distance) {
        public boolean stable() { return converged && spectralRadius < 1; }
    }

    private final NetworkShape shape;
    private final Settings settings;
    private final int n;
    private final MapEvaluator f;
    private final double[] cur, next, jac;
    private final DMatrixRMaj m;
    private final EigenDecomposition_F64<DMatrixRMaj> eig;
    private final int[] block = new int[4];

    public MemoryDiagnostics(NetworkShape shape, Settings settings) {
        this.shape = shape;
        this.settings = settings;
        this.n = shape.width();
        this.f = new MapEvaluator(shape);
        this.cur = new double[n];
        this.next = new double[n];
        this.jac = new double[n * n];
        this.m = new DMatrixRMaj(n, n);
        this.eig = DecompositionFactory_DDRM.eig(n, false);
    }

    /** The memorised share of {@code s}'s inputs, default settings. */
    public static double memorised(NetworkShape shape, NetworkWeights w, Samples s) {
        return new MemoryDiagnostics(shape, Settings.DEFAULT).memorised(w, s);
    }

    /** The recall share with default settings (see the class comment). */
    public static double recall(NetworkShape shape, NetworkWeights w, Samples s, Corruption c, int copies, long seed, long network) {
        return new MemoryDiagnostics(shape, Settings.DEFAULT).recall(w, s, c, copies, seed, network);
    }

    /** Iterates f from x[off .. off + N). */
    public Attractor iterate(NetworkWeights w, double[] x, int off) {
        shape.check(w);
        System.arraycopy(x, off, cur, 0, n);
        for (int t = 0; t < settings.maxIter(); t++) {
            f.apply(w, cur, 0, next, 0);
            double diff = 0, scale = 1;
            boolean finite = true;
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(next[i])) finite = false;
                diff = Math.max(diff, Math.abs(next[i] - cur[i]));
                scale = Math.max(scale, Math.abs(cur[i]));
            }
            if (!finite) return new Attractor(false, t + 1, next.clone(), Double.NaN, Double.NaN);
            if (diff < settings.tol() * scale) {
                double[] point = next.clone();
                return new Attractor(true, t + 1, point, spectralRadius(w, point), relativeDistance(point, x, off));
            }
            System.arraycopy(next, 0, cur, 0, n);
        }
        return new Attractor(false, settings.maxIter(), cur.clone(), Double.NaN, Double.NaN);
    }

    private double relativeDistance(double[] p, double[] x, int off) {
        double d = 0, r = 0;
        for (int i = 0; i < n; i++) {
            double e = p[i] - x[off + i];
            d += e * e;
            r += x[off + i] * x[off + i];
        }
        return Math.sqrt(d) / Math.sqrt(r);
    }

    /** ρ(J_f(x)); NaN when J is not finite or the eigenvalue iteration fails. */
    public double spectralRadius(NetworkWeights w, double[] x) {
        f.jacobian(w, x, 0, jac);
        for (int i = 0; i < n * n; i++) {
            if (!Double.isFinite(jac[i])) return Double.NaN;
            m.data[i] = jac[i];
        }
        if (n == 1) return Math.abs(jac[0]);
        if (!eig.decompose(m)) return Double.NaN;
        double rho = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) rho = Math.max(rho, eig.getEigenvalue(i).getMagnitude());
        return rho;
    }

    /** The attractor reached from each input of {@code s}. */
    public Attractor[] attractors(NetworkWeights w, Samples s) {
        Attractor[] out = new Attractor[s.count()];
        for (int k = 0; k < s.count(); k++) out[k] = iterate(w, s.x(), k * n);
        return out;
    }

    /** Whether an attractor reached from its sample memorises it (stable and within closeness). */
    public boolean memorises(Attractor a) {
        return a.stable() && a.distance() <= settings.closeness();
    }

    /** The share of the inputs of {@code s} that are memorised. */
    public double memorised(NetworkWeights w, Samples s) {
        int hits = 0;
        for (Attractor a : attractors(w, s)) if (memorises(a)) hits++;
        return (double) hits / s.count();
    }

    /**
     * The share of {@code copies} corrupted copies per input of {@code s} that iterate back to
     * their sample's memorised point. Copy r of sample k draws from the TRAIN counters of
     * ({@code seed}, {@code network}, layer word r): tensor 48 element k·N + i (noise), tensor
     * 49 element k·N + j (the masked entries).
     */
    public double recall(NetworkWeights w, Samples s, Corruption c, int copies, long seed, long network) {
        if (copies < 1) throw new IllegalArgumentException("need at least one corrupted copy per sample, got " + copies);
        double[] x = new double[n];
        int[] slots = new int[n];
        int hits = 0;
        for (int k = 0; k < s.count(); k++) {
            Attractor own = iterate(w, s.x(), k * n);
            if (!memorises(own)) continue;
            double[] target = own.point();
            double scale = 1;
            for (double v : target) scale = Math.max(scale, Math.abs(v));
            for (int r = 0; r < copies; r++) {
                corrupt(s.x(), k, c, r, seed, network, x, slots);
                Attractor a = iterate(w, x, 0);
                if (!a.converged()) continue;
                double d = 0;
                for (int i = 0; i < n; i++) d = Math.max(d, Math.abs(a.point()[i] - target[i]));
                if (d <= settings.mergeTol() * scale) hits++;
            }
        }
        return (double) hits / ((long) s.count() * copies);
    }

    /** Copy r of sample k of {@code xs}, corrupted, into {@code out}. */
    void corrupt(double[] xs, int k, Corruption c, int r, long seed, long network, double[] out, int[] slots) {
        System.arraycopy(xs, k * n, out, 0, n);
        if (c.kind() == Corruption.Kind.NOISE) {
            for (int i = 0; i < n; i++) {
                TrainStreams.block(seed, network, r, TrainStreams.CORRUPT_NOISE, k * n + i, block);
                out[i] += c.amount() * TrainStreams.gaussian(block);
            }
            return;
        }
        int q = c.masked(n);
        double mid = shape.outputRange().mid();
        for (int i = 0; i < n; i++) slots[i] = i;
        for (int j = 0; j < q; j++) {
            TrainStreams.block(seed, network, r, TrainStreams.CORRUPT_MASK, k * n + j, block);
            int pick = j + TrainStreams.below(block[0], n - j);
            int t = slots[j]; slots[j] = slots[pick]; slots[pick] = t;
            out[slots[j]] = mid;
        }
    }
}
