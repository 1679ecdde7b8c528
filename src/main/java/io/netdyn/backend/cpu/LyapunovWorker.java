package io.netdyn.backend.cpu;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.linalg.RowHouseholder;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.LayerSource;
import io.netdyn.model.Streams;
import java.util.Arrays;

/**
 * One worker's scratch for {@link CpuBackend#lyapunov}.
 * <pre>
 *   depth:  Q_0 = qr(G),  G (N, k) Gaussian from {@link Streams#PERTURB} (layer 0, tensor 0,
 *           element (p·N + j)·N + i for G[i][j]: the first k' columns, hence the first k'
 *           exponents, are the same for every k ≥ k');   D_l W_l Q_{l-1} = Q_l R_l;   Σ_l ln|R_l(i,i)|
 *   map:    v_0 = g/‖g‖ (tensor 1, element p·N + i); in each layer of each application of f_L:
 *           v ← D W v, growth += ln‖v‖, v ← v/‖v‖   (renormalised per layer: no underflow)
 * </pre>
 * Weights are regenerated per layer for the depth pass and kept (L_map·N² doubles) only when
 * the map is iterated, since every step of the orbit needs all L_map layers again.
 * Napkin per network and point: depth pass 2N²k + ~4Nk² flops per layer (product + QR + Q);
 * map 4N² flops per layer per step (state and tangent mat-vecs).
 */
final class LyapunovWorker {
    private static final Distribution UNIT_GAUSSIAN = Distribution.gaussian(1);
    /** Tensor ids within {@link Streams#PERTURB}. */
    static final int TENSOR_BASIS = 0, TENSOR_MAP_VECTOR = 1;

    private final Architecture arch;
    private final long seed;
    private final InputPoints points;
    private final int k, mapSteps, mapLayers, n, p;
    private final int[] mapDepths;
    private final LayerSource layers;           // sampled (TensorSampler) or explicit weights
    private final double[] row, w, bias, storedW, storedB, x, x0, h, d, basis, v, qf, tau, acc, vec, tmp;
    private final int[] block = new int[4];

    LyapunovWorker(Architecture arch, long seed, LayerSource layers, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        this.arch = arch;
        this.seed = seed;
        this.points = points;
        this.k = k;
        this.mapDepths = mapDepths;
        this.mapSteps = mapSteps;
        this.n = arch.width();
        this.p = points.count();
        this.mapLayers = mapSteps > 0 && mapDepths.length > 0 ? mapDepths[mapDepths.length - 1] : 0;
        this.layers = layers;
        w = new double[n * n];
        bias = new double[n];
        storedW = new double[mapLayers * n * n];
        storedB = new double[mapLayers * n];
        x = new double[p * n];
        x0 = new double[p * n];
        h = new double[n];
        d = new double[n];
        basis = new double[p * n * k];
        v = new double[n * k];
        qf = new double[n * k];
        tau = new double[k];
        row = new double[k];
        acc = new double[p * k];
        vec = new double[n];
        tmp = new double[n];
    }

    void run(long network, int slot, LyapunovRun out) {
        points.fill(seed, network, slot, n, x0, block);
        depthPass(network, slot, out);
        if (mapLayers == 0) return;
        double[] lam = out.mapLambda();
        for (int di = 0; di < mapDepths.length; di++) {
            for (int q = 0; q < p; q++) lam[out.mapOffset(slot, q) + di] = mapExponent(network, q, mapDepths[di]);
        }
    }

    /** Σ ln|R_ii| of the QR of D_l W_l Q_{l-1}, layer by layer, cumulated into logRSum. */
    private void depthPass(long network, int slot, LyapunovRun out) {
        Activation phi = arch.activation();
        int depth = arch.depth(), nk = n * k, nn = n * n;
        double[] logR = out.logRSum();
        System.arraycopy(x0, 0, x, 0, p * n);
        Arrays.fill(acc, 0.0);
        for (int q = 0; q < p; q++) initialBasis(network, q);
        for (int l = 1; l <= depth; l++) {
            layers.weights(network, l, w);
            layers.biases(network, l, bias);
            if (l <= mapLayers) {
                System.arraycopy(w, 0, storedW, (l - 1) * nn, nn);
                System.arraycopy(bias, 0, storedB, (l - 1) * n, n);
            }
            for (int q = 0; q < p; q++) {
                RowProducts.affine(w, x, q * n, bias, h, n);
                for (int i = 0; i < n; i++) {
                    d[i] = phi.dphi(h[i]);
                    x[q * n + i] = phi.phi(h[i]);
                }
                RowProducts.scaledProduct(d, w, basis, q * nk, v, 0, n, k);   // (N,k) = D W Q
                RowHouseholder.factor(v, n, k, tau, row);
                int o = out.offset(slot, q, l);
                for (int i = 0; i < k; i++) {
                    acc[q * k + i] += Math.log(Math.abs(v[i * k + i]));
                    logR[o + i] = acc[q * k + i];
                }
                RowHouseholder.formQ(v, tau, n, k, qf, row);
                System.arraycopy(qf, 0, basis, q * nk, nk);
            }
        }
    }

    private void initialBasis(long network, int q) {
        int nk = n * k;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {                      // column j's draws do not depend on k
                Streams.PERTURB.block(seed, network, 0, TENSOR_BASIS, (q * n + j) * n + i, block);
                v[i * k + j] = UNIT_GAUSSIAN.draw(block);
            }
        }
        RowHouseholder.factor(v, n, k, tau, row);
        RowHouseholder.formQ(v, tau, n, k, qf, row);
        System.arraycopy(qf, 0, basis, q * nk, nk);
    }

    /** Largest exponent per application of the depth-{@code layers} map, from input point q. */
    private double mapExponent(long network, int q, int layers) {
        Activation phi = arch.activation();
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            Streams.PERTURB.block(seed, network, 0, TENSOR_MAP_VECTOR, q * n + i, block);
            vec[i] = UNIT_GAUSSIAN.draw(block);
            norm2 += vec[i] * vec[i];
        }
        scale(vec, 1 / Math.sqrt(norm2));
        System.arraycopy(x0, q * n, x, 0, n);
        int skip = LyapunovRun.transientSteps(mapSteps);
        double growth = 0;
        for (int t = 0; t < mapSteps; t++) {
            for (int l = 1; l <= layers; l++) {
                int wo = (l - 1) * n * n, bo = (l - 1) * n;
                boolean linear = l == layers && arch.lastLinear();
                for (int i = 0; i < n; i++) {
                    double hi = Dense.dot(storedW, wo + i * n, x, 0, n) + storedB[bo + i];
                    h[i] = hi;
                    tmp[i] = (linear ? 1 : phi.dphi(hi)) * Dense.dot(storedW, wo + i * n, vec, 0, n);
                }
                for (int i = 0; i < n; i++) x[i] = linear ? h[i] : phi.phi(h[i]);
                double norm = Math.sqrt(Dense.dot(tmp, 0, tmp, 0, n));
                if (!(norm > 0) || !Double.isFinite(norm)) return norm == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
                if (t >= skip) growth += Math.log(norm);
                for (int i = 0; i < n; i++) vec[i] = tmp[i] / norm;
            }
        }
        for (int i = 0; i < n; i++) if (!Double.isFinite(x[i])) return Double.NaN;
        return growth / (mapSteps - skip);
    }

    private void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) a[i] *= f;
    }
}
