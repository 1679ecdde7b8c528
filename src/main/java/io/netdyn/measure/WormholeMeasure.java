package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.spec.Cell;
import io.netdyn.spec.Grid;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.WormholeOptions;
import java.util.List;

/**
 * Output collapse and the wormhole (definitions in docs/measures/wormhole.md) on maxnorm(n) networks of width k = the cell's width, for every
 * ratio n/k of {@code --overparam}. The construction is linear and Gaussian: the cell's
 * distribution, bias and activation do not enter, so the measure runs once per width — on the
 * width's first cell in grid order — and its rows carry that cell's (ignored) dist,
 * activation and bias labels. The ratio is the rows' {@code overparam} column.
 *
 * <p>Per depth d and network, over its P pairs (I_a^(p), I_b), with g_p = d_θ(u_b, u_a^(p)):
 * <pre>
 *   d_theta_mean      mean g_p,  d_θ = θ/π, θ the angle (atan2 form: exact for tiny θ)   (genuine distance)
 *   d_mean            mean (1 − cos)/2 = ‖u_b − u_a‖²/4
 *   d_theta_fold      mean min(g_p, 1 − g_p)                           → 0 under collapse
 *   hamming_mean      mean sign-Hamming distance h_p;  hamming_fold = mean min(h_p, 1 − h_p)
 *   sv_ratio          σ2/σ1 of H_d;  log10_sv_ratio = its log10
 *   recon_error       mean ‖v̂ − v‖ = α‖u_a − u_b‖;  log10_recon_error = mean log10
 *   flipped_complement_mean  mean (1 − f_p), f_p = d_θ(u_b, H(−I_a)): the flipped distance's distance to 1,
 *                     accumulated as the small number it is (H is linear, so H(−I_a) = −H I_a and
 *                     1 − f_p = g_p exactly: the backend's atan2 of the same two norms, swapped)
 *   flipped_d_theta_mean   1 − flipped_complement_mean per network (near 1: its resolution is ulp(1))
 *   decidability      d' = |μ_g − μ_f| / √((σ_g² + σ_f²)/2) of the genuine g_p vs flipped f_p, with
 *                     μ_f = 1 − μ_c, σ_f = σ_c from the complements (NaN with one pair)
 * </pre>
 * then mean and 95% interval over the cell's networks.
 */
public final class WormholeMeasure implements Measure {
    public static final String NAME = "wormhole";
    static final String[] STATS = {"d_theta_mean", "d_mean", "d_theta_fold", "hamming_mean", "hamming_fold",
        "sv_ratio", "log10_sv_ratio", "recon_error", "log10_recon_error", "flipped_d_theta_mean", "decidability",
        "flipped_complement_mean"};

    @Override public String name() { return NAME; }

    /** Whether {@code cell} is the first of its width in grid order (the one the measure runs on). */
    static boolean representative(Cell cell, Grid grid) {
        return cell.arch().weights().equals(grid.dists().get(0)) && cell.arch().bias().equals(grid.biases().get(0))
                && cell.arch().activation() == grid.activations().get(0);
    }

    static WormholeRequest request(Cell cell, WormholeOptions o, double ratio) {
        int[] depths = cell.depths().stream().mapToInt(Integer::intValue).toArray();
        return new WormholeRequest(o.variant(), MaxNormConstruction.rows(ratio, cell.width()), o.inputs(),
                o.pairs(), o.alpha(), depths, o.given());
    }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        double max = spec.wormhole().overparams().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        return backend.wormholeBytesPerNetwork(new NetworkBatch(cell.arch(), spec.seed(), 0, 1),
                request(cell, spec.wormhole(), max));
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        SweepSpec spec = ctx.spec();
        if (!representative(cell, spec.grid())) {
            ctx.progress().accept(spec.networks());
            return;
        }
        List<Double> ratios = spec.wormhole().overparams();
        List<Integer> depths = cell.depths();
        long bytes = bytesPerNetwork(cell, ctx.backend(), spec);
        long units = 0, reported = 0;                           // progress: networks × ratios / ratios
        for (double ratio : ratios) {
            WormholeRequest req = request(cell, spec.wormhole(), ratio);
            Summary[][] summaries = new Summary[depths.size()][STATS.length];
            for (Summary[] row : summaries) for (int k = 0; k < STATS.length; k++) row[k] = new Summary();
            double[] values = new double[STATS.length];
            for (NetworkBatch batch : ctx.batches(cell, bytes)) {
                WormholeResult r = ctx.backend().wormhole(batch, req);
                for (int b = 0; b < batch.count(); b++) {
                    for (int di = 0; di < depths.size(); di++) {
                        compute(r, b, depths.get(di), values);
                        for (int k = 0; k < STATS.length; k++) summaries[di][k].add(values[k]);
                    }
                }
                units += batch.count();
                long now = units / ratios.size();
                ctx.progress().accept(now - reported);
                reported = now;
            }
            for (int di = 0; di < depths.size(); di++) {
                for (int k = 0; k < STATS.length; k++) {
                    ctx.sink().row(summaries[di][k].toRow(NAME, cell, depths.get(di), STATS[k]).withOverparam(ratio));
                }
            }
        }
    }

    /** The per-network values of {@link #STATS} at depth d (two passes: the variances see no cancellation). */
    static void compute(WormholeResult r, int b, int d, double[] out) {
        int p = r.pairs(), off = r.offset(b, d);
        double[] gs = r.dTheta(), fs = r.dThetaFlipped();
        double g = 0, dd = 0, fold = 0, ham = 0, hamFold = 0, err = 0, logErr = 0, c = 0;
        for (int i = 0; i < p; i++) {
            double gi = gs[off + i], hi = r.hamming()[off + i], ei = r.error()[off + i];
            g += gi;
            c += complement(gi, fs[off + i]);
            dd += r.d()[off + i];
            fold += Math.min(gi, fs[off + i]);
            ham += hi;
            hamFold += Math.min(hi, 1 - hi);
            err += ei;
            logErr += Math.log10(ei);
        }
        double mg = g / p, mc = c / p, vg = 0, vf = 0;
        for (int i = 0; i < p; i++) {
            double ci = complement(gs[off + i], fs[off + i]);
            vg += (gs[off + i] - mg) * (gs[off + i] - mg);
            vf += (ci - mc) * (ci - mc);                        // var f = var (1 − f)
        }
        vg = p > 1 ? vg / (p - 1) : Double.NaN;
        vf = p > 1 ? vf / (p - 1) : Double.NaN;
        double sv = r.svRatio()[b * r.depth() + d - 1];
        out[0] = mg;
        out[1] = dd / p;
        out[2] = fold / p;
        out[3] = ham / p;
        out[4] = hamFold / p;
        out[5] = sv;
        out[6] = Math.log10(sv);
        out[7] = err / p;
        out[8] = logErr / p;
        out[9] = 1 - mc;
        out[10] = Math.abs(mg - (1 - mc)) / Math.sqrt((vg + vf) / 2);    // NaN with one pair (no variance)
        out[11] = mc;
    }

    /**
     * 1 − f of a flipped distance f = d_θ(u_b, −u_a), without the cancellation of 1 − f near 1:
     * the angle to −u_a is π minus the angle to u_a, so 1 − f is the genuine distance g, which the
     * backend computed from the same two norms (atan2(‖u_b − u_a‖, ‖u_b + u_a‖) vs atan2 of them
     * swapped). Where f is not the far one (f ≤ ½), 1 − f is exact as it is.
     */
    static double complement(double g, double f) {
        return f <= 0.5 ? 1 - f : g;
    }
}
