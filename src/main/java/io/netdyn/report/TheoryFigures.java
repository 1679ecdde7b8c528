package io.netdyn.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** PNGs of the {@code theory} command: the edge-of-chaos line and Jacobian spectral densities. */
public final class TheoryFigures {
    private TheoryFigures() {}

    /**
     * The critical line χ1 = 1, σ_w against σ_b, one series per activation (name → {σ_b[], σ_w[]});
     * points with no crossing (NaN) are left out.
     */
    public static void criticalLine(Map<String, double[][]> lines, Path file) throws IOException {
        LinePlot plot = new LinePlot("Edge of chaos χ1 = 1: ordered below the line, chaotic above", "σ_b", "σ_w");
        lines.forEach((name, xy) -> {
            double[][] f = finite(xy[0], xy[1], false);
            if (f[0].length > 0) plot.points(name, f[0], f[1], null);
        });
        plot.writePng(file, 800, 600);
    }

    /** ρ(λ) of JJᵀ, one curve per series (name → {λ[], ρ[]}); log axes drop ρ ≤ 0. */
    public static void jacobianDensity(String title, Map<String, double[][]> curves, boolean log, Path file) throws IOException {
        LinePlot plot = new LinePlot(title, "λ (eigenvalue of JJᵀ)", "density ρ(λ)");
        if (log) plot.logX().logY();
        curves.forEach((name, xy) -> {
            double[][] f = finite(xy[0], xy[1], log);
            if (f[0].length > 0) plot.curve(name, f[0], f[1]);
        });
        plot.writePng(file, 800, 600);
    }

    private static double[][] finite(double[] x, double[] y, boolean positive) {
        int n = 0;
        double[] fx = new double[x.length], fy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || (positive && !(x[i] > 0 && y[i] > 0))) continue;
            fx[n] = x[i];
            fy[n++] = y[i];
        }
        return new double[][] {java.util.Arrays.copyOf(fx, n), Arrays.copyOf(fy, n)};
    }
}
