package io.netdyn.model;

/**
 * The S probe inputs a propagation-type measure sends through each network (docs/model.md,
 * "Probe inputs"):
 * x_s = √c0 · g + √(1-c0) · u_s, rescaled onto the sphere of radius √(q0·N), with g and u_s
 * standard Gaussian vectors from the {@link Streams#PROBES} stream of that network
 * (tensor 0: u, element s·N + i; tensor 1: the shared g). For large N every pair then has
 * correlation ≈ c0 and every input has (1/N)‖x‖² = q0 exactly.
 */
public record ProbeInputs(int count, double q0, double c0) {

    public ProbeInputs {
        if (count < 2) throw new IllegalArgumentException("need at least 2 probe inputs, got " + count);
        if (!(q0 > 0) || Double.isInfinite(q0)) throw new IllegalArgumentException("q0 must be > 0, got " + q0);
        if (!(c0 >= 0 && c0 <= 1)) throw new IllegalArgumentException("input correlation must be in [0,1], got " + c0);
    }

    /** Writes the S×N inputs (row-major) of {@code network} into {@code x}. */
    public void fill(long seed, long network, int n, double[] x) {
        int[] w = new int[4];
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            Streams.PROBES.block(seed, network, 0, 1, i, w);
            g[i] = Distribution.gaussian(w[0], w[1]);
        }
        double a = Math.sqrt(c0), b = Math.sqrt(1 - c0), radius = Math.sqrt(q0 * n);
        for (int s = 0; s < count; s++) {
            double norm2 = 0;
            for (int i = 0; i < n; i++) {
                Streams.PROBES.block(seed, network, 0, 0, s * n + i, w);
                double u = Distribution.gaussian(w[0], w[1]);
                double v = a * g[i] + b * u;
                x[s * n + i] = v;
                norm2 += v * v;
            }
            double f = norm2 > 0 ? radius / Math.sqrt(norm2) : 0;
            for (int i = 0; i < n; i++) x[s * n + i] *= f;
        }
    }
}
