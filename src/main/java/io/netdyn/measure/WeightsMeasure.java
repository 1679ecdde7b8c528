package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.parallel.WorkerPool;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.LayerSource;
import io.netdyn.spec.Cell;
import io.netdyn.spec.SweepSpec;
import io.netdyn.stats.MarchenkoPasturFit;
import io.netdyn.stats.WeightStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * WeightWatcher-style spectral statistics of the weight matrices themselves. For every network of
 * the cell and every layer l = 1..L (the {@code depth} column is the layer index l), the N
 * eigenvalues λ of X = W_l W_lᵀ (squared singular values, {@link WeightStatistics#eigenvalues})
 * give spectral_norm, stable_rank, log_norm, num_spikes, mp_softrank, alpha, alpha_ks and
 * alpha_weighted ({@link WeightStatistics}); results.csv holds the mean over the networks of
 * each with its 95% interval.
 *
 * <p>Theory ({@link #theory}): for Gaussian and uniform weights (and stable α = 2), with
 * σ_w² = N·Var W_ij, the Marchenko–Pastur limits spectral_norm → 4σ_w² (the bulk edge),
 * stable_rank → N/4, log_norm → log10(N σ_w²), num_spikes → 0, mp_softrank → 1; for Cauchy and
 * stable α &lt; 2 weights (tail index μ = α) alpha → 1 + μ/2; NaN otherwise and for imported
 * networks. esd_weights.csv: λ pooled over the cell's networks per layer, in the deterministic
 * log bins of {@link LogHistogram} (density per unit λ), beside the bin average of the MP density
 * where it applies.
 *
 * <p>The weights come from the cell's layer source (counter-based sampling, or the imported
 * file), so no backend operation is involved and every backend gives the same numbers. The work
 * is on the host, (network, layer) pairs spread over the backend's thread count; nearly all the
 * time is the singular values (one-sided Jacobi, ≈ 0.12 s per layer at N = 256, 0.8 s at 512,
 * ~N³); drawing W and the two fits take a few per cent of that.
 */
public final class WeightsMeasure implements Measure {
    public static final String NAME = "weights";
    public static final String ESD_FILE = "esd_weights.csv";
    public static final List<String> ESD_COLUMNS = List.of("depth", "quantity", "bin_lo", "bin_hi", "density", "theory");
    static final String[] STATS = WeightStatistics.NAMES;

    @Override public String name() { return NAME; }

    /** Per network: its L spectra and statistics, kept until the batch is summarised; plus one worker's scratch. */
    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        long n = cell.width(), layers = cell.arch().depth();
        return 8 * (layers * (n + STATS.length) + 4 * n * n + 4 * n);
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        int n = cell.width(), depth = cell.arch().depth(), nStats = STATS.length;
        Summary[][] summaries = new Summary[depth][nStats];
        LogHistogram[] hist = new LogHistogram[depth];
        for (int l = 0; l < depth; l++) {
            for (int k = 0; k < nStats; k++) summaries[l][k] = new Summary();
            hist[l] = new LogHistogram();
        }
        NonFiniteShare[] nonFinite = new NonFiniteShare[depth];
        for (int l = 0; l < depth; l++) nonFinite[l] = new NonFiniteShare();
        long bytes = bytesPerNetwork(cell, ctx.backend(), ctx.spec());
        int threads = Math.max(1, ctx.backend().threads());
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (NetworkBatch b : ctx.batches(cell, bytes)) {
                NetworkBatch batch = CellNetworks.batch(cell, b);
                int tasks = batch.count() * depth;
                double[][] lambda = new double[tasks][], stats = new double[tasks][];
                pool.forEach(tasks, () -> new Worker(batch.layers(), n), (w, t) -> {
                    long network = batch.first() + t / depth;
                    int layer = t % depth + 1;
                    w.layers.weights(network, layer, w.matrix);
                    lambda[t] = WeightStatistics.eigenvalues(w.matrix, n);
                    stats[t] = WeightStatistics.of(lambda[t]).values();
                });
                for (int t = 0; t < tasks; t++) {                 // network order: deterministic sums
                    int l = t % depth;
                    for (int k = 0; k < nStats; k++) summaries[l][k].add(stats[t][k]);
                    nonFinite[l].add(stats[t], nStats);
                    for (double v : lambda[t]) hist[l].add(Math.log(v));
                }
                ctx.progress().accept(batch.count());
            }
        }
        double[] theory = theory(cell);
        for (int l = 0; l < depth; l++) {
            for (int k = 0; k < nStats; k++) ctx.sink().row(summaries[l][k].toRow(NAME, cell, l + 1, STATS[k]).withTheory(theory[k]));
            ctx.sink().row(nonFinite[l].row(NAME, cell, l + 1));
        }
        writeHistograms(cell, ctx, hist, mpVariance(cell), ctx.spec().jacobian().esdBins());
    }

    /**
     * The theory of each statistic (STATS order) for the cell's weight law: the Marchenko–Pastur
     * limits where {@link #mpVariance} applies, alpha = 1 + μ/2 for tail index μ &lt; 2, else NaN.
     */
    static double[] theory(Cell cell) {
        double[] t = new double[STATS.length];
        Arrays.fill(t, Double.NaN);
        if (cell.explicitWeights()) return t;
        double s2 = mpVariance(cell);
        int n = cell.width();
        if (!Double.isNaN(s2)) {
            t[0] = 4 * s2;                 // spectral_norm: the bulk edge λ⁺ = σ_w²(1 + 1/√Q)², Q = 1
            t[1] = n / 4.0;                // stable_rank: Σλ/λ⁺ = N σ_w²/(4σ_w²)
            t[2] = Math.log10(n * s2);     // log_norm: E‖W‖_F² = N² · σ_w²/N
            t[3] = 0;                      // num_spikes
            t[4] = 1;                      // mp_softrank: λ⁺/λ_max
        }
        double mu = tailIndex(cell.arch().weights());
        if (!Double.isNaN(mu)) t[5] = 1 + mu / 2;      // alpha: ρ(λ) ~ λ^−(1+μ/2) (Lévy matrices)
        return t;
    }

    /**
     * σ_w² = N·Var W_ij when the layers' W Wᵀ follow Marchenko–Pastur (Q = 1) with edge 4σ_w²:
     * i.i.d. Gaussian or uniform entries (stable α = 2 is Gaussian), any scaling; NaN otherwise
     * (heavy tails, Student t, orthogonal, imported networks).
     */
    static double mpVariance(Cell cell) {
        if (cell.explicitWeights()) return Double.NaN;
        Architecture a = cell.arch();
        Distribution d = a.weights();
        boolean mp = d.kind() == Distribution.Kind.GAUSSIAN || d.kind() == Distribution.Kind.UNIFORM
                || d.kind() == Distribution.Kind.STABLE && d.param() == 2.0;
        return mp ? a.sigmaW2() : Double.NaN;
    }

    /** The entries' tail index μ &lt; 2 (Cauchy 1, stable α), NaN for finite variance and Student t. */
    static double tailIndex(Distribution d) {
        return switch (d.kind()) {
            case CAUCHY -> 1.0;
            case STABLE -> d.param() < 2 ? d.param() : Double.NaN;
            default -> Double.NaN;
        };
    }

    private static void writeHistograms(Cell cell, MeasureContext ctx, LogHistogram[] hist, double s2, int bins) {
        ResultSink.Table t = ctx.sink().table(ESD_FILE, ESD_COLUMNS);
        for (int l = 0; l < hist.length; l++) {
            for (HistogramDensity.Row b : HistogramDensity.of(hist[l].bins(bins), Math::exp)) {
                double lo = b.lo(), hi = b.hi();
                // the MP density averaged over the bin, as the histogram is
                double theory = Double.isNaN(s2) ? Double.NaN
                        : (MarchenkoPasturFit.cdf(hi, s2) - MarchenkoPasturFit.cdf(lo, s2)) / (hi - lo);
                t.row(cell, l + 1, "lambda", lo, hi, b.density(), theory);
            }
        }
    }

    /** One thread's layer source (a TensorSampler keeps scratch) and weight buffer. */
    private record Worker(LayerSource layers, double[] matrix) {
        Worker(LayerSource layers, int n) { this(layers, new double[n * n]); }
    }

}
