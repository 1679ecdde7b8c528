package io.netdyn.backend;

import java.util.Arrays;

/**
 * The output of {@link Backend#wormhole} for B networks of depth L with P pairs each:
 * {@code dTheta}, {@code dThetaFlipped}, {@code d}, {@code hamming}, {@code error} at
 * ((b·L + d-1)·P + p); {@code svRatio} (σ2/σ1 of H_d) at b·L + d-1, NaN at depths not asked
 * for. See {@link WormholeRequest}.
 */
public record WormholeResult(int networks, int depth, int pairs, double[] dTheta, double[] dThetaFlipped,
                             double[] d, double[] hamming, double[] error, double[] svRatio) {

    public static WormholeResult allocate(int networks, int depth, int pairs) {
        int size = Math.multiplyExact(Math.multiplyExact(networks, depth), pairs);
        double[] sv = new double[Math.multiplyExact(networks, depth)];
        Arrays.fill(sv, Double.NaN);
        return new WormholeResult(networks, depth, pairs, new double[size], new double[size], new double[size],
                new double[size], new double[size], sv);
    }

    public int offset(int network, int depth) { return (network * this.depth + depth - 1) * pairs; }
}
