package io.netdyn.train;

import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.TensorSampler;

/** Starting weights of a training run: network i of a cell, drawn as every measure draws it, or read from --weights. */
public final class InitialWeights {
    private InitialWeights() {}

    /** Network {@code network} of family {@code arch} (the NETWORK counter stream, {@link TensorSampler}). */
    public static NetworkWeights sample(Architecture arch, long seed, long network) {
        TensorSampler sampler = new TensorSampler(arch, seed);
        int n = arch.width();
        double[][] w = new double[arch.depth()][n * n], b = new double[arch.depth()][n];
        for (int l = 1; l <= arch.depth(); l++) {
            sampler.weights(network, l, w[l - 1]);
            sampler.biases(network, l, b[l - 1]);
        }
        return new NetworkWeights(n, w, b);
    }

    /** The first {@code depth} layers of network {@code network} of an imported file, copied (training changes them). */
    public static NetworkWeights imported(ImportedNetworks file, long network, int depth) {
        NetworkWeights src = file.slice(network, 1, depth).get(0);
        double[][] w = new double[depth][], b = new double[depth][];
        for (int l = 0; l < depth; l++) {
            w[l] = src.w()[l].clone();
            b[l] = src.b()[l].clone();
        }
        return new NetworkWeights(src.width(), w, b);
    }
}
