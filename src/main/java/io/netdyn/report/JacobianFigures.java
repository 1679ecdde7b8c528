package io.netdyn.report;

import io.netdyn.measure.MeanFieldInput;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.theory.FreeJacobianDensity;
import io.netdyn.theory.MeanField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figure of docs/reproductions/jacobian-spectra.md from the esd.csv of a
 * {@code --measures jacobian} sweep: for the first cell of the file, the measured density of
 * ln σ at every depth (points) against the free-probability prediction (dashed),
 * <pre>   p(ln σ) = 2 λ ρ(λ),  λ = σ² = e^{2 ln σ},   ρ from {@link FreeJacobianDensity} at q*,   </pre>
 * and, per depth, a binned Kolmogorov–Smirnov distance: max over bin edges of
 * |F_hist(λ_hi) − F_theory(λ_hi)| (a lower bound of the sample KS distance; the unbinned one is
 * checked in JacobianTheoryTest). Assumes the default weight scaling (fan-in for gaussian).
 * <pre>
 *   java -cp target/netdyn.jar io.netdyn.report.JacobianFigures RUN_DIR OUT.png
 * </pre>
 */
public final class JacobianFigures {
    private JacobianFigures() {}

    /** One histogram bin of ln σ. */
    record Bin(double lo, double hi, double density) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JacobianFigures RUN_DIR OUT.png");
            System.exit(2);
        }
        Path run = Path.of(args[0]);
        List<String> lines = Files.readAllLines(run.resolve("esd.csv"));
        String[] first = lines.get(1).split(",");
        String cell = String.join(",", first[0], first[1], first[2], first[3]);
        Map<Integer, List<Bin>> byDepth = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (!String.join(",", f[0], f[1], f[2], f[3]).equals(cell) || !f[5].equals("log_sigma")) continue;
            byDepth.computeIfAbsent(Integer.parseInt(f[4]), k -> new ArrayList<>())
                    .add(new Bin(Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8])));
        }
        Architecture arch = new Architecture(Integer.parseInt(first[0]), 1, Activation.parse(first[2]), false,
                Distribution.parse(first[1]), Scaling.DEFAULT,
                first[3].equals("none") ? Optional.empty() : Optional.of(Distribution.parse(first[3])));
        MeanField mf = MeanFieldInput.meanField(arch).orElseThrow(() -> new IllegalArgumentException(
                "no mean-field theory for " + cell + " (heavy-tailed weights or biases)"));
        LinePlot plot = new LinePlot(String.format(Locale.ROOT, "Jacobian singular values: N = %s, %s, %s, bias %s (χ1 = %.3f)",
                first[0], first[2], first[1], first[3], mf.chi1()), "ln σ", "density of ln σ");
        for (var e : byDepth.entrySet()) {
            int depth = e.getKey();
            List<Bin> bins = e.getValue();
            FreeJacobianDensity f = FreeJacobianDensity.of(mf, depth);
            List<double[]> pts = new ArrayList<>();
            double cum = 0, ks = 0;
            for (Bin b : bins) {
                if (b.density() > 0) pts.add(new double[] {0.5 * (b.lo() + b.hi()), b.density()});   // log axis: no zeros
                cum += b.density() * (b.hi() - b.lo());
                ks = Math.max(ks, Math.abs(cum - f.cdf(Math.exp(2 * b.hi()))));
            }
            int m = 200;
            double lo = bins.get(0).lo(), hi = Math.min(bins.get(bins.size() - 1).hi(), 0.5 * Math.log(f.upperEdge()));
            List<double[]> curve = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                double t = lo + (hi - lo) * i / (m - 1), lam = Math.exp(2 * t), p = 2 * lam * f.density(lam);
                if (p > 1e-9) curve.add(new double[] {t, p});
            }
            plot.points("L = " + depth + " measured", column(pts, 0), column(pts, 1), null);
            plot.curve("L = " + depth + " free probability", column(curve, 0), column(curve, 1));
            System.out.printf(Locale.ROOT, "depth %d: binned KS(λ) = %.4f over %d bins; theory m1 = %.5f, m2 = %.5f%n",
                    depth, ks, bins.size(), f.theoryM1(), f.theoryM2());
        }
        plot.logY().writePng(Path.of(args[1]), 900, 560);
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i)[c];
        return out;
    }
}
