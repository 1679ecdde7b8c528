package io.netdyn.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The rows of a histogram table (esd.csv, esd_weights.csv): {@link LogHistogram} bins with their
 * edges mapped to the written quantity (ln σ as is; λ = e^{2 ln σ}, |λ| = e^{ln|λ|}), as bins
 * that can be represented, each with a finite density, normalised to Σ density·width = 1:
 * <ul>
 * <li>a bin whose mapped edge overflows (λ beyond the double range) is dropped, and its count
 *     leaves the normalisation (like a non-finite value, which is in no bin);
 * <li>bins that are empty in width after the mapping (both edges underflow to 0, or to the same
 *     double) or whose density would overflow are merged with the next bins until the merged bin
 *     has a positive width and a finite density; a trailing run of them joins the last bin;
 * <li>when no bin can be formed (all mass at one representable point) the histogram has no rows.
 * </ul>
 */
final class HistogramDensity {
    private HistogramDensity() {}

    /** One written bin: [lo, hi), its count and density = count / (total · (hi − lo)). */
    record Row(double lo, double hi, long count, double density) {}

    static List<Row> of(List<LogHistogram.Bin> bins, DoubleUnaryOperator edge) {
        List<double[]> kept = new ArrayList<>();               // {lo, hi, count}
        long total = 0;
        for (LogHistogram.Bin b : bins) {
            double lo = edge.applyAsDouble(b.lo()), hi = edge.applyAsDouble(b.hi());
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) continue;
            kept.add(new double[] {lo, hi, b.count()});
            total += b.count();
        }
        List<Row> out = new ArrayList<>();
        if (total == 0) return out;
        double openLo = Double.NaN, openHi = Double.NaN;
        long openCount = 0;
        boolean open = false;
        for (double[] k : kept) {
            if (!open) { openLo = k[0]; openCount = 0; open = true; }
            openHi = k[1];
            openCount += (long) k[2];
            double width = openHi - openLo, density = openCount / ((double) total * width);
            if (width > 0 && Double.isFinite(density)) {
                out.add(new Row(openLo, openHi, openCount, density));
                open = false;
            }
        }
        if (open && !out.isEmpty()) {
            Row last = out.remove(out.size() - 1);
            long c = last.count() + openCount;
            double width = openHi - last.lo(), density = c / ((double) total * width);
            if (width > 0 && Double.isFinite(density)) out.add(new Row(last.lo(), openHi, c, density));
            else out.add(last);                                  // cannot be widened: the run's mass has no bin
        }
        if (open && out.isEmpty()) return out;
        // renormalise over what was written (a dropped trailing run leaves it)
        long written = out.stream().mapToLong(Row::count).sum();
        if (written != total) {
            List<Row> again = new ArrayList<>();
            for (Row r : out) again.add(new Row(r.lo(), r.hi(), r.count(), r.count() / ((double) written * (r.hi() - r.lo()))));
            return again;
        }
        return out;
    }
}
