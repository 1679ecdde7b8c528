package io.netdyn.backend.cuda;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.ProbeInputs;

/**
 * {@code propagate} for large N (docs/gpu.md, "The large-N propagate path"), orchestrated per layer
 * over chunks of B networks ({@link ChunkedLaunch}; CPU reference: backend/cpu/Propagator):
 * <pre>
 *   X_0 (B, S, N)  = probe inputs                               netdyn_propagate_probes_f64
 *   for l = 1..L:
 *     W_l (B, N, N), b_l (B, N)                                 netdyn_sample_layer_f64
 *     orthogonal: W_l ← Haar(W_l)·mult (sampled with mult 1)    netdyn_haar_layer_f64
 *     H  = b_l broadcast;  H = 1·X W_lᵀ + 1·H                   netdyn_bias_rows_f64 + GEMM
 *     X  = φ(H);  Y = H (last linear) or X;  bits = 1[Y > 0]    netdyn_propagate_activate_f64
 *     grams[:, l] = H Hᵀ, Y Yᵀ, bits bitsᵀ                      3 GEMMs into (B, L, S, S)
 * </pre>
 * The GEMMs go through a {@link Gemm} (cuBLAS when it loads, else kernels/gemm.cu). Every step
 * keeps the CPU's operation order up to the order of the GEMM's sums (the CPU's dot products use
 * four partial sums): results agree with the CPU backend to ~1e-13 relative per layer.
 * Orthogonal weights: the unit Gaussians (multiplier 1), then kernels/haar.cuh's
 * Householder.haarFromGaussian on each network's W_l, in place, times the multiplier (the order of
 * TensorSampler.weights: the emulator's W_l are the CPU's bit for bit). Explicit networks: W_l, b_l
 * of each network copied host→device in place of the sampling (and Haar) launches. Its τ scratch (N doubles
 * per network) is the probe scratch, free once X_0 is drawn. The Haar step costs O(N³) per layer
 * against the GEMMs' O(S·N²): with orthogonal weights it dominates (docs/gpu.md).
 */
final class LargePropagateOps {
    private LargePropagateOps() {}

    static PropagationGrams run(Device device, Gemm gemm, LargePropagatePlan plan, NetworkBatch batch, ProbeInputs probes) {
        Architecture arch = batch.arch();
        int n = arch.width(), depth = arch.depth(), s = probes.count(), t = plan.threads();
        PropagationGrams out = PropagationGrams.allocate(batch.count(), depth, s, n);
        long sn = (long) s * n, nn = (long) n * n, ss = (long) s * s;
        int per = depth * s * s;                                       // doubles of one network's Gram stack
        boolean explicit = !batch.sampled();
        boolean haar = !explicit && arch.weights().kind() == Distribution.Kind.ORTHOGONAL;
        double wMult = haar ? 1.0 : arch.weightMultiplier();           // orthogonal: multiplied after the Haar step
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan, batch.count())) {
            if (haar) DevicePlan.requireIntElements(nn, "propagate (orthogonal weights)", "N²");  // haar.cuh's int indices
            DeviceBuffer w = c.perNetwork(8 * nn), bias = c.perNetwork(8L * n);
            DeviceBuffer x = c.perNetwork(8 * sn), h = c.perNetwork(8 * sn), bits = c.perNetwork(8 * sn);
            DeviceBuffer scratch = c.perNetwork(8L * (n + s));           // probes' scratch, then the Haar step's τ
            DeviceBuffer hg = c.output(out.hGram(), per), yg = c.output(out.yGram(), per), bg = c.output(out.bitGram(), per);
            c.run((done, m) -> {
                long first = batch.first() + done;
                Kernel.propagateProbes(device, t, probes, n, batch.seed(), first, m, x, scratch);
                for (int l = 1; l <= depth; l++) {
                    if (explicit) {
                        copyLayer(device, batch, done, m, l, n, w, bias);
                    } else {
                        Kernel.sampleLayer(device, t, arch, wMult, batch.seed(), first, m, l, w, bias);
                    }
                    if (haar) Kernel.haarLayer(device, t, w, scratch, m, n, arch.weightMultiplier());
                    Kernel.biasRows(device, t, h, bias, m, s, n);
                    // H (S×N) = X (S×N) · W_lᵀ + H, per network
                    gemm.stridedBatched(false, true, s, n, n, 1.0, x, 0, n, sn, w, 0, n, nn, 1.0, h, 0, n, sn, m);
                    Kernel.propagateActivate(device, t, h, x, bits, sn * m, arch.activation(), arch.lastLinear());
                    DeviceBuffer y = arch.lastLinear() ? h : x;
                    long off = (l - 1) * ss;                           // layer l's S×S block of (B, L, S, S)
                    gemm.stridedBatched(false, true, s, s, n, 1.0, h, 0, n, sn, h, 0, n, sn, 0.0, hg, off, s, per, m);
                    gemm.stridedBatched(false, true, s, s, n, 1.0, y, 0, n, sn, y, 0, n, sn, 0.0, yg, off, s, per, m);
                    gemm.stridedBatched(false, true, s, s, n, 1.0, bits, 0, n, sn, bits, 0, n, sn, 0.0, bg, off, s, per, m);
                }
            });
        }
        return out;
    }

    /** Explicit networks: W_l and b_l of networks done .. done+m-1 of the batch into w (m, N, N) and bias (m, N). */
    private static void copyLayer(Device device, NetworkBatch batch, int done, int m, int l, int n,
                                  DeviceBuffer w, DeviceBuffer bias) {
        int nn = DeviceLayers.doublesPerNetwork(n, 1, "propagate") - n;
        for (int b = 0; b < m; b++) {
            NetworkWeights net = batch.explicit().network(batch.index(done + b));
            device.copyIn(w, 8L * nn * b, net.w()[l - 1], 0, nn);
            device.copyIn(bias, 8L * n * b, net.b()[l - 1], 0, n);
        }
    }
}
