package io.netdyn.testing;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.TensorSampler;

/** Plain-loop oracles for tests: a network's weights and its forward map, by the formula. */
public final class ReferenceNetworks {
    private ReferenceNetworks() {}

    /** The weights TensorSampler gives network b, all layers: independent of any backend's own loading. */
    public static NetworkWeights weights(Architecture arch, long seed, long b) {
        TensorSampler ts = new TensorSampler(arch, seed);
        int n = arch.width();
        double[][] w = new double[arch.depth()][n * n], bias = new double[arch.depth()][n];
        for (int l = 0; l < arch.depth(); l++) {
            ts.weights(b, l + 1, w[l]);
            ts.biases(b, l + 1, bias[l]);
        }
        return new NetworkWeights(n, w, bias);
    }

    /** f_depth(x) = φ(W_depth ··· φ(W_1 x + b_1) ··· + b_depth), the last layer linear when asked. */
    public static double[] apply(NetworkWeights nw, Activation a, boolean lastLinear, int depth, double[] x) {
        int n = nw.width();
        double[] cur = x.clone();
        for (int l = 0; l < depth; l++) {
            double[] h = new double[n];
            for (int i = 0; i < n; i++) {
                double s = nw.b()[l][i];
                for (int k = 0; k < n; k++) s += nw.w()[l][i * n + k] * cur[k];
                h[i] = lastLinear && l == depth - 1 ? s : a.phi(s);
            }
            cur = h;
        }
        return cur;
    }
}
