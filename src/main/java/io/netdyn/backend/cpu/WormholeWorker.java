package io.netdyn.backend.cpu;

import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.linalg.JacobiSvd;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.WormholeInputs;
import java.util.Arrays;

/**
 * One worker's scratch for {@link CpuBackend#wormhole}: builds one maxnorm network a layer at a
 * time and carries, per layer, the training output x_d, the P probe outputs z_p = H_d I_a^(p)
 * and (while σ2/σ1 is wanted) the product H_d. Every carried vector and H are renormalised each
 * layer — directions are all the measure uses, and the selection is scale-invariant — so
 * nothing overflows at any depth. Per layer: n·k (y = R x) + k² (W) Philox draws, P·k² for
 * the probes, k³ for H, and ~10·k³ per Jacobi sweep at the σ2/σ1 depths.
 */
final class WormholeWorker {
    private final long seed;
    private final int k, depth, pairs, svUntil;
    private final WormholeRequest req;
    private final MaxNormConstruction construction;
    private final double[] x, xNext, w, h, hNext, svd, sigma, z, zNext, message, cipher;
    private final int[] block = new int[4];

    WormholeWorker(int k, int depth, long seed, WormholeRequest req) {
        this.seed = seed;
        this.k = k;
        this.depth = depth;
        this.pairs = req.pairs();
        this.req = req;
        this.svUntil = Math.min(depth, req.maxSvDepth());
        this.construction = new MaxNormConstruction(k, req.rows(), req.variant(), seed);
        x = new double[k];
        xNext = new double[k];
        w = new double[k * k];
        int hk = svUntil > 0 ? k * k : 0;
        h = new double[hk];
        hNext = new double[hk];
        svd = new double[hk];
        sigma = new double[k];
        z = new double[pairs * k];
        zNext = new double[pairs * k];
        message = new double[k];
        cipher = new double[k];
    }

    /** Scratch bytes of one worker (doubles only; the construction adds 2n doubles + n ints). */
    static long scratchBytes(int k, int pairs, int rows, boolean sv) {
        return 8L * (3L * k * k + (sv ? 3L * k * k : 0) + 2L * pairs * k + 5L * k + 2L * rows) + 4L * (rows + 2L * k);
    }

    void run(long network, int slot, WormholeResult out) {
        WormholeInputs in = req.inputs();
        if (req.given() != null) {
            req.given().trainInput(network, x);
            req.given().otherInputs(network, pairs, z);
        } else {
            in.fill(seed, network, WormholeInputs.TENSOR_TRAIN, 1, k, x, block);
            in.fill(seed, network, WormholeInputs.TENSOR_TEST, pairs, k, z, block);
        }
        WormholeInputs.message(seed, network, k, message, block);
        normalise(x, 0, k);
        for (int p = 0; p < pairs; p++) normalise(z, p * k, k);
        if (svUntil > 0) {
            Arrays.fill(h, 0.0);
            for (int i = 0; i < k; i++) h[i * k + i] = 1;
        }
        for (int d = 1; d <= depth; d++) {
            construction.layer(network, d, x, w, xNext);          // W_d (k×k), x_d = W_d x_{d-1}
            System.arraycopy(xNext, 0, x, 0, k);
            normalise(x, 0, k);
            for (int p = 0; p < pairs; p++) {                    // z_p ← W_d z_p   (P, k)
                for (int i = 0; i < k; i++) zNext[p * k + i] = Dense.dot(w, i * k, z, p * k, k);
                normalise(zNext, p * k, k);
            }
            System.arraycopy(zNext, 0, z, 0, pairs * k);
            record(slot, d, out);
            if (d <= svUntil) {
                multiply();                                      // H ← W_d H, renormalised
                if (req.wantsSv(d)) out.svRatio()[slot * depth + d - 1] = svRatio();
            }
        }
    }

    /** Distances, sign-Hamming distance and the protocol's reconstruction error for every pair at depth d. */
    private void record(int slot, int d, WormholeResult out) {
        double alpha = req.alpha();
        for (int i = 0; i < k; i++) cipher[i] = message[i] - alpha * x[i];   // cipher = v − α u_b
        int off = out.offset(slot, d);
        for (int p = 0; p < pairs; p++) {
            int zo = p * k;
            double minus = 0, plus = 0, diff = 0, err2 = 0;
            for (int i = 0; i < k; i++) {
                double ua = z[zo + i];
                double m = x[i] - ua, q = x[i] + ua;
                minus += m * m;
                plus += q * q;
                if ((x[i] > 0) != (ua > 0)) diff++;
                double e = (cipher[i] + alpha * ua) - message[i];        // v̂ − v, v̂ = cipher + α u_a
                err2 += e * e;
            }
            double a = Math.sqrt(minus), b = Math.sqrt(plus);
            out.dTheta()[off + p] = 2 * Math.atan2(a, b) / Math.PI;
            out.dThetaFlipped()[off + p] = 2 * Math.atan2(b, a) / Math.PI;
            out.d()[off + p] = minus / 4;
            out.hamming()[off + p] = diff / k;
            out.error()[off + p] = Math.sqrt(err2);
        }
    }

    private void multiply() {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int m = 0; m < k; m++) s += w[i * k + m] * h[m * k + j];
                hNext[i * k + j] = s;
            }
        }
        normalise(hNext, 0, k * k);
        System.arraycopy(hNext, 0, h, 0, k * k);
    }

    private double svRatio() {
        System.arraycopy(h, 0, svd, 0, k * k);
        JacobiSvd.rowsInPlace(svd, k, k, sigma);
        return k < 2 ? Double.NaN : sigma[1] / sigma[0];
    }

    /** v[o..o+len) ← v/‖v‖ (left unchanged when zero). */
    private static void normalise(double[] v, int o, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += v[o + i] * v[o + i];
        if (!(s > 0)) return;
        double f = 1 / Math.sqrt(s);
        for (int i = 0; i < len; i++) v[o + i] *= f;
    }
}
