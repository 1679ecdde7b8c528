package io.netdyn.backend.cpu;

import io.netdyn.backend.PropagationGrams;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.LayerSource;
import io.netdyn.model.ProbeInputs;

/** One worker's scratch for {@link CpuBackend#propagate}: a layer at a time, never the whole net. */
final class Propagator {
    private final Architecture arch;
    private final long seed;
    private final ProbeInputs probes;
    private final LayerSource layers;           // sampled (TensorSampler) or explicit weights
    private final double[] w, b, x, h, y;
    private final long[] signs;                  // y > 0 as bits, row r in words r·⌈N/64⌉ ..

    Propagator(Architecture arch, long seed, LayerSource layers, ProbeInputs probes) {
        this.arch = arch;
        this.seed = seed;
        this.probes = probes;
        this.layers = layers;
        int n = arch.width(), s = probes.count();
        w = new double[n * n];
        b = new double[n];
        x = new double[s * n];
        h = new double[s * n];
        y = new double[s * n];
        signs = new long[s * Dense.signWords(n)];
    }

    void run(long network, int slot, PropagationGrams out) {
        int n = arch.width(), s = probes.count(), depth = arch.depth();
        Activation phi = arch.activation();
        probes.fill(seed, network, n, x);
        for (int l = 1; l <= depth; l++) {
            layers.weights(network, l, w);
            layers.biases(network, l, b);
            Dense.affineRows(x, w, b, h, s, n, n);             // H = X Wᵀ + b   (S, N)
            boolean linearOut = arch.lastLinear();
            for (int e = 0; e < s * n; e++) {
                double a = phi.phi(h[e]);
                x[e] = a;                                      // next layer's input is always φ(h)
                y[e] = linearOut ? h[e] : a;                   // output of the depth-l network
            }
            Dense.signBits(y, s, n, signs);
            int off = out.offset(slot, l);
            Dense.gram(h, s, n, out.hGram(), off);
            Dense.gram(y, s, n, out.yGram(), off);
            Dense.bitGram(signs, s, n, out.bitGram(), off);    // = gram of the 0/1 matrix [y > 0], exactly
        }
    }
}
