package io.netdyn.stats;

import java.util.Random;

/** Synthetic samples and matrices for the stats tests (fixed seeds, java.util.Random). */
final class Samples {
    private Samples() {}

    /** n Pareto samples of density exponent α above xmin: x = xmin·U^(−1/(α−1)). */
    static double[] pareto(Random r, int n, double alpha, double xmin) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = xmin * Math.pow(1 - r.nextDouble(), -1 / (alpha - 1));
        return x;
    }

    /**
     * nBody exponential samples of the given mean, conditioned below xmin, then nTail Pareto(α)
     * samples above xmin: the density jumps at xmin and is a pure power law above it.
     */
    static double[] mixture(Random r, int nBody, double mean, int nTail, double alpha, double xmin) {
        double[] x = new double[nBody + nTail];
        for (int i = 0; i < nBody; i++) {
            double v;
            do { v = -mean * Math.log(1 - r.nextDouble()); } while (v >= xmin);
            x[i] = v;
        }
        System.arraycopy(pareto(r, nTail, alpha, xmin), 0, x, nBody, nTail);
        return x;
    }

    /** n×n row-major matrix of i.i.d. N(0, σ²/n) entries. */
    static double[] gaussian(Random r, int n, double sigma) {
        double[] w = new double[n * n];
        double sd = sigma / Math.sqrt(n);
        for (int i = 0; i < w.length; i++) w[i] = sd * r.nextGaussian();
        return w;
    }

    /** n×n row-major matrix of i.i.d. standard Cauchy entries scaled by 1/n (tail index μ = 1). */
    static double[] cauchy(Random r, int n) {
        double[] w = new double[n * n];
        for (int i = 0; i < w.length; i++) w[i] = Math.tan(Math.PI * (r.nextDouble() - 0.5)) / n;
        return w;
    }

    /** k orthonormal random vectors of length n (Gram–Schmidt on Gaussian vectors). */
    static double[][] orthonormal(Random r, int n, int k) {
        double[][] u = new double[k][n];
        for (int q = 0; q < k; q++) {
            for (int i = 0; i < n; i++) u[q][i] = r.nextGaussian();
            for (int p = 0; p < q; p++) {
                double d = 0;
                for (int i = 0; i < n; i++) d += u[q][i] * u[p][i];
                for (int i = 0; i < n; i++) u[q][i] -= d * u[p][i];
            }
            double s = 0;
            for (double v : u[q]) s += v * v;
            s = Math.sqrt(s);
            for (int i = 0; i < n; i++) u[q][i] /= s;
        }
        return u;
    }
}
