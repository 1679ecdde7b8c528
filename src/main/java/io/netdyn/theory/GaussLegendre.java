package io.netdyn.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * n-point Gauss–Legendre rule on [−1, 1]: ∫_{−1}^{1} f(x) dx ≈ Σ w_i f(x_i), exact for
 * polynomials of degree ≤ 2n−1. Nodes by Newton on the three-term recurrence
 * (j+1) P_{j+1} = (2j+1) x P_j − j P_{j−1}; weights 2 / ((1−x²) P_n'(x)²).
 */
public final class GaussLegendre {
    private final double[] x;
    private final double[] w;

    public GaussLegendre(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        x = new double[n];
        w = new double[n];
        int m = (n + 1) / 2;
        for (int i = 0; i < m; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double pp = 0;
            for (int it = 0; it < 100; it++) {
                double p1 = 1, p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j + 1) * z * p2 - j * p3) / (j + 1);
                }
                pp = n * (z * p1 - p2) / (z * z - 1);
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-16) break;
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2 / ((1 - z * z) * pp * pp);
            w[n - 1 - i] = w[i];
        }
    }

    public int size() { return x.length; }

    /** Nodes on [−1, 1], ascending (a copy). */
    public double[] nodes() { return x.clone(); }

    /** Weights, summing to 2 (a copy). */
    public double[] weights() { return w.clone(); }

    /** ∫_a^b f(x) dx. */
    public double integrate(DoubleUnaryOperator f, double a, double b) {
        double h = 0.5 * (b - a), c = 0.5 * (b + a), s = 0;
        for (int i = 0; i < x.length; i++) s += w[i] * f.applyAsDouble(c + h * x[i]);
        return s * h;
    }

    double node(int i) { return x[i]; }

    double weight(int i) { return w[i]; }
}
