package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.spec.Cell;
import io.netdyn.spec.JacobianOptions;
import io.netdyn.spec.SweepSpec;
import java.util.List;

/**
 * Input–output Jacobian spectra (docs/measures/jacobian.md). One input point per network at the mean-field q*
 * ({@link MeanFieldInput}); one backend call gives every requested depth l of the running
 * product J_l. Per network and depth, with σ_1 ≥ … ≥ σ_N the singular values of J_l:
 * <pre>
 *   m1              = (1/N) Σ σ_i²                 (mean of λ = σ², the spectrum of J Jᵀ)
 *   m2              = (1/N) Σ σ_i⁴
 *   logsigma_mean   = (1/(N·l)) Σ ln σ_i           (per layer; = (1/(N·l)) ln|det J| for square J)
 *   sigma_max       = σ_1
 *   condition_log10 = log10(σ_1/σ_N)
 *   spectral_radius = max |λ_i(J)|                 (only with eigenvalues)
 * </pre>
 * results.csv holds the mean over networks of each with its 95% interval (and the mean-field m1,
 * m2 in the theory column when the inputs are at q*, see {@link #theory}; imported networks of
 * {@code --weights} sit at q0 with NaN theory, {@link MeanFieldInput#forCell}), plus the input length
 * used ({@code input_q} at depth 0, see {@link #inputRow}). esd.csv holds pooled histograms per depth (see {@link LogHistogram}
 * for the deterministic bin edges): {@code log_sigma} (density per unit ln σ), {@code lambda}
 * (λ = σ², log-spaced bins, density per unit λ) and {@code eig_abs} (|λ(J)|, log-spaced bins,
 * density per unit |λ|). Densities are normalised by the finite values (an exact σ = 0 has no bin).
 */
public final class JacobianMeasure implements Measure {
    public static final String NAME = "jacobian";
    public static final String ESD_FILE = "esd.csv";
    static final String[] STATS = {"m1", "m2", "logsigma_mean", "sigma_max", "condition_log10", "spectral_radius"};
    private static final double LN10 = Math.log(10);

    @Override public String name() { return NAME; }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        JacobianOptions o = spec.jacobian();
        return backend.jacobianBytesPerNetwork(CellNetworks.firstBatch(cell, spec.seed()),
                InputPoints.random(1, 1.0), o.spectraDepths(cell), o.eigenvalues());
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        JacobianOptions o = ctx.spec().jacobian();
        int[] depths = o.spectraDepths(cell);
        boolean eig = o.eigenvalues();
        int nStats = eig ? STATS.length : STATS.length - 1, nd = depths.length, n = cell.width();
        MeanFieldInput input = MeanFieldInput.forCell(cell, ctx.spec().probes().q0());
        InputPoints points = InputPoints.random(1, input.q());

        Summary[][] summaries = new Summary[nd][nStats];
        LogHistogram[] sigmaHist = new LogHistogram[nd], eigHist = new LogHistogram[nd];
        for (int d = 0; d < nd; d++) {
            for (int k = 0; k < nStats; k++) summaries[d][k] = new Summary();
            sigmaHist[d] = new LogHistogram();
            eigHist[d] = new LogHistogram();
        }
        NonFiniteShare[] nonFinite = new NonFiniteShare[nd];
        for (int d = 0; d < nd; d++) nonFinite[d] = new NonFiniteShare();
        double[] values = new double[STATS.length];
        long bytes = bytesPerNetwork(cell, ctx.backend(), ctx.spec());
        for (NetworkBatch batch : ctx.batches(cell, bytes)) {
            JacobianSpectra s = ctx.backend().jacobianSpectra(CellNetworks.batch(cell, batch), points, depths, eig);
            for (int b = 0; b < batch.count(); b++) {          // network order: deterministic sums
                for (int d = 0; d < nd; d++) {
                    int off = s.offset(b, 0, d);
                    statistics(s, off, depths[d], values);
                    for (int k = 0; k < nStats; k++) summaries[d][k].add(values[k]);
                    nonFinite[d].add(values, nStats);
                    for (int i = 0; i < n; i++) sigmaHist[d].add(s.logSigma()[off + i]);
                    if (eig) for (int i = 0; i < n; i++) eigHist[d].add(s.eigLogAbs()[off + i]);
                }
            }
            ctx.progress().accept(batch.count());
        }
        ctx.sink().row(inputRow(NAME, cell, input));
        for (int d = 0; d < nd; d++) {
            double[] theory = theory(input, cell.arch().lastLinear(), depths[d]);
            for (int k = 0; k < nStats; k++) {
                ResultRow r = summaries[d][k].toRow(NAME, cell, depths[d], STATS[k]);
                ctx.sink().row(k < theory.length ? r.withTheory(theory[k]) : r);
            }
            ctx.sink().row(nonFinite[d].row(NAME, cell, depths[d]));
        }
        writeHistograms(cell, ctx, depths, sigmaHist, eig ? eigHist : null, o.esdBins());
    }

    /**
     * Mean-field m1 and m2 at depth l when the inputs sit at q* (else NaN): with χ = σ_w² μ1 and
     * v_D = μ2/μ1² − 1 (free cumulant-like "variances" add over the factors, MeanField),
     * m1 = χ^l, m2/m1² = 1 + l + l·v_D; a linear last layer drops one D: m1 = σ_w^{2l} μ1^{l−1},
     * m2/m1² = 1 + l + (l−1)·v_D.
     */
    static double[] theory(MeanFieldInput input, boolean lastLinear, int l) {
        if (input.theory().isEmpty() || !input.source().equals("qstar")) return new double[] {Double.NaN, Double.NaN};
        var mf = input.theory().get();
        double mu1 = mf.mu(1), vD = mf.mu(2) / (mu1 * mu1) - 1;
        int dLayers = lastLinear ? l - 1 : l;
        double m1 = Math.pow(mf.sigmaW2(), l) * Math.pow(mu1, dLayers);
        return new double[] {m1, m1 * m1 * (1 + l + dLayers * vD)};
    }

    /**
     * The depth-0 row {@code input_q}: the input length (1/N)‖x‖² used, n = 0; its theory column
     * repeats it when it is the mean-field stationary length (inputs at q*), NaN when it is q0.
     */
    static ResultRow inputRow(String measure, Cell cell, MeanFieldInput input) {
        return new ResultRow(measure, cell, 0, "input_q", input.q(), Double.NaN, Double.NaN, 0,
                input.source().equals("qstar") ? input.q() : Double.NaN);
    }

    /** The STATS of one spectrum (logSigma descending at off), in STATS order. */
    static void statistics(JacobianSpectra s, int off, int depth, double[] out) {
        int n = s.width();
        double[] ls = s.logSigma();
        double m1 = 0, m2 = 0, sumLog = 0;
        for (int i = 0; i < n; i++) {
            double lam = Math.exp(2 * ls[off + i]);
            m1 += lam;
            m2 += lam * lam;
            sumLog += ls[off + i];
        }
        out[0] = m1 / n;
        out[1] = m2 / n;
        out[2] = sumLog / ((double) n * depth);
        out[3] = Math.exp(ls[off]);
        out[4] = (ls[off] - ls[off + n - 1]) / LN10;
        out[5] = s.hasEigenvalues() ? Math.exp(s.eigLogAbs()[off]) : Double.NaN;
    }

    /** The esd.csv columns after the cell columns. */
    public static final List<String> ESD_COLUMNS = List.of("depth", "quantity", "bin_lo", "bin_hi", "density");

    private static void writeHistograms(Cell cell, MeasureContext ctx, int[] depths, LogHistogram[] sigma,
                                        LogHistogram[] eig, int bins) {
        ResultSink.Table t = ctx.sink().table(ESD_FILE, ESD_COLUMNS);
        for (int d = 0; d < depths.length; d++) {
            List<LogHistogram.Bin> s = sigma[d].bins(bins);
            for (HistogramDensity.Row b : HistogramDensity.of(s, x -> x)) row(t, cell, depths[d], "log_sigma", b.lo(), b.hi(), b.density());
            for (HistogramDensity.Row b : HistogramDensity.of(s, x -> Math.exp(2 * x))) row(t, cell, depths[d], "lambda", b.lo(), b.hi(), b.density());
            if (eig == null) continue;
            for (HistogramDensity.Row b : HistogramDensity.of(eig[d].bins(bins), Math::exp)) {
                row(t, cell, depths[d], "eig_abs", b.lo(), b.hi(), b.density());
            }
        }
    }

    private static void row(ResultSink.Table t, Cell cell, int depth, String q, double lo, double hi, double density) {
        t.row(cell, depth, q, lo, hi, density);
    }
}
