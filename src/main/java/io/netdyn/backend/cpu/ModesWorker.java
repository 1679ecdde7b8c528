package io.netdyn.backend.cpu;

import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.model.Activation;
import io.netdyn.model.Distribution;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.Streams;
import io.netdyn.model.TensorSampler;
import java.util.Arrays;

/**
 * One worker's state for {@link CpuBackend#modes}: neuron modes of every layer on the S
 * samples, then sample- and weight-space basin radii by grid scan + bisection (see
 * {@link ModesRequest} for the definitions).
 *
 * <p>The first D_b = deepest basin depth layers are held (D_b·N² doubles) because every class
 * evaluation runs through them; deeper layers are only needed once, by the mode pass, and are
 * regenerated into one buffer. One class evaluation of the depth-1..d prefixes is one pass:
 * d·N² multiply-adds (2× in weight space, W·a and Z·a). Per basin sample and direction the scan
 * costs ≤ {@value ModesRequest#GRID} passes to D_b, each bisection ⌈log2(1/(GRID·tol))⌉ passes
 * to its own depth.
 */
final class ModesWorker {
    private final NetworkBatch batch;
    private final ModesRequest req;
    private final int n, depth, s, sb, held, dirs;
    private final Activation phi;
    private final boolean lastLinear;
    private final TensorSampler sampler;            // null for explicit networks
    private final ExplicitLayers explicitLayers;    // null for sampled networks
    private final double[][] w, b;                  // layers 1..held (owned when sampled)
    private final double[][] z;                     // weight noise of one direction, scaled, layers 1..held
    private final double[] wDeep, bDeep;            // one regenerated layer deeper than held
    private final double[] inputs, xs, hs, sorted;  // (S, N) samples, layer state; (S) mode scratch
    private final double[] a, h, xp, u;             // (N) one forward pass
    private final int[] base;                       // (Sb, held) unperturbed class per sample and depth
    private final int[] cls;                        // (held) classes of one pass
    private final int[] clsBisect;                  // (held) classes of one bisection pass
    private final double[] lo, hi, best;            // per basin depth index
    private final double[] weightBest;              // (Sb, nd) weight radii across directions
    private final boolean[] open, changed;
    private NetworkWeights explicit;                // the current explicit network, else null
    private static final Distribution UNIT_GAUSSIAN = Distribution.gaussian(1);
    private final int[] block = new int[4];

    ModesWorker(NetworkBatch batch, ModesRequest req) {
        this.batch = batch;
        this.req = req;
        this.n = batch.arch().width();
        this.depth = batch.arch().depth();
        this.s = req.samples().count();
        this.sb = req.basinSamples();
        this.held = Math.min(depth, req.maxBasinDepth());
        this.dirs = req.basinDirections();
        this.phi = batch.arch().activation();
        this.lastLinear = batch.arch().lastLinear();
        boolean sampled = batch.sampled();
        this.sampler = sampled ? new TensorSampler(batch.arch(), batch.seed()) : null;
        this.explicitLayers = batch.explicit();
        w = new double[held][];
        b = new double[held][];
        z = new double[held][];
        for (int l = 0; l < held; l++) {
            if (sampled) { w[l] = new double[n * n]; b[l] = new double[n]; }
            z[l] = new double[n * n];
        }
        wDeep = sampled ? new double[n * n] : null;
        bDeep = sampled ? new double[n] : null;
        inputs = new double[s * n];
        xs = new double[s * n];
        hs = new double[s * n];
        sorted = new double[s];
        a = new double[n];
        h = new double[n];
        xp = new double[n];
        u = new double[n];
        base = new int[Math.max(1, sb * held)];
        cls = new int[Math.max(1, held)];
        clsBisect = new int[Math.max(1, held)];
        int nd = req.basinDepthCount();
        lo = new double[nd];
        hi = new double[nd];
        best = new double[nd];
        weightBest = new double[sb * nd];
        open = new boolean[nd];
        changed = new boolean[nd];
    }

    /** Scratch bytes of one worker for networks of width n, depth L. */
    static long scratchBytes(int n, int depth, ModesRequest req, boolean sampled) {
        long nn = (long) n * n, held = Math.min(depth, req.maxBasinDepth()), s = req.samples().count();
        long weights = sampled ? held * (nn + n) + nn + n : 0;
        long nd = req.basinDepthCount();
        return 8 * (weights + held * nn + 3 * s * n + s + 4L * n + (3 + req.basinSamples()) * nd)
                + 4 * (req.basinSamples() * held + 2 * held) + 2 * nd;
    }

    void run(int slot, ModesResult out) {
        long network = batch.index(slot);
        if (sampler != null) {
            for (int l = 1; l <= held; l++) { sampler.weights(network, l, w[l - 1]); sampler.biases(network, l, b[l - 1]); }
        } else {
            explicit = explicitLayers.network(network);
            for (int l = 1; l <= held; l++) { w[l - 1] = explicit.w()[l - 1]; b[l - 1] = explicit.b()[l - 1]; }
        }
        req.samples().fill(batch.seed(), network, n, inputs);
        modes(network, slot, out);
        if (held == 0 || sb == 0) return;
        for (int i = 0; i < sb; i++) classes(inputs, i * n, 0, held, base, i * held);
        sampleRadii(network, slot, out);
        weightRadii(network, slot, out);
    }

    // ---- neuron modes: all S samples layer by layer ----

    private void modes(long network, int slot, ModesResult out) {
        System.arraycopy(inputs, 0, xs, 0, s * n);
        int[] counts = out.modeCounts();
        for (int l = 1; l <= depth; l++) {
            Dense.affineRows(xs, weights(network, l), biases(network, l), hs, s, n, n);   // H = X Wᵀ + b  (S, N)
            int off = out.countOffset(slot, l);
            for (int i = 0; i < n; i++) {
                counts[off + NeuronModes.classify(phi, req.definition(), req.threshold(), hs, i, n, s, sorted)]++;
            }
            for (int e = 0; e < s * n; e++) xs[e] = phi.phi(hs[e]);
        }
    }

    private double[] weights(long network, int l) {
        if (l <= held) return w[l - 1];
        if (sampler == null) return explicit.w()[l - 1];
        sampler.weights(network, l, wDeep);
        return wDeep;
    }

    private double[] biases(long network, int l) {
        if (l <= held) return b[l - 1];
        if (sampler == null) return explicit.b()[l - 1];
        sampler.biases(network, l, bDeep);
        return bDeep;
    }

    // ---- basin radii ----

    private void sampleRadii(long network, int slot, ModesResult out) {
        for (int i = 0; i < sb; i++) {
            double norm = norm(inputs, i * n, n);
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (int dir = 0; dir < dirs; dir++) {
                for (int j = 0; j < n; j++) {
                    Streams.PERTURB.block(batch.seed(), network, 0, ModesRequest.TENSOR_INPUT_DIRECTION + dir, i * n + j, block);
                    u[j] = UNIT_GAUSSIAN.draw(block);
                }
                double f = norm / norm(u, 0, n);
                for (int j = 0; j < n; j++) u[j] *= f;                       // ‖u‖ = ‖x_s‖: t is relative
                search(i, false);
            }
            store(out.sampleRadius(), out, slot, i);
        }
    }

    private void weightRadii(long network, int slot, ModesResult out) {
        int nd = best.length;
        Arrays.fill(weightBest, Double.POSITIVE_INFINITY);
        for (int dir = 0; dir < dirs; dir++) {
            for (int l = 1; l <= held; l++) {                              // Z_l with ‖Z_l‖_F = ‖W_l‖_F
                double[] zl = z[l - 1];
                for (int e = 0; e < n * n; e++) {
                    Streams.PERTURB.block(batch.seed(), network, l, ModesRequest.TENSOR_WEIGHT_NOISE + dir, e, block);
                    zl[e] = UNIT_GAUSSIAN.draw(block);
                }
                double f = norm(w[l - 1], 0, n * n) / norm(zl, 0, n * n);
                for (int e = 0; e < n * n; e++) zl[e] *= f;
            }
            for (int i = 0; i < sb; i++) {
                System.arraycopy(weightBest, i * nd, best, 0, nd);
                search(i, true);
                System.arraycopy(best, 0, weightBest, i * nd, nd);
            }
        }
        for (int i = 0; i < sb; i++) {
            System.arraycopy(weightBest, i * nd, best, 0, nd);
            store(out.weightRadius(), out, slot, i);
        }
    }

    private void store(double[] radius, ModesResult out, int slot, int sample) {
        for (int di = 0; di < best.length; di++) {
            int d = req.basinDepth(di);
            boolean defined = d <= held && base[sample * held + d - 1] >= 0;
            radius[out.radiusOffset(slot, di) + sample] = defined ? best[di] : Double.NaN;
        }
    }

    /**
     * One direction for basin sample {@code i}: scans t = max·j/GRID for the first class change
     * at each basin depth, bisects inside that step, and lowers {@code best} where it found a
     * smaller radius. Sample space moves the input along u; weight space adds t·Z to every W.
     * A depth stops scanning once the grid passes its best radius from earlier directions.
     */
    private void search(int i, boolean weightSpace) {
        int nd = best.length;
        double max = req.basinMax(), step = max / ModesRequest.GRID;
        int remaining = 0;
        for (int di = 0; di < nd; di++) {
            int d = req.basinDepth(di);
            open[di] = d <= held && base[i * held + d - 1] >= 0;
            if (open[di]) remaining++;
        }
        for (int j = 1; j <= ModesRequest.GRID && remaining > 0; j++) {
            double t = step * j;
            int upTo = 0;
            for (int di = 0; di < nd; di++) {
                if (open[di] && step * (j - 1) >= best[di]) { open[di] = false; remaining--; }
                if (open[di]) upTo = req.basinDepth(di);
            }
            if (remaining == 0) break;
            evaluate(i, weightSpace, t, upTo, cls);
            for (int di = 0; di < nd; di++) {
                int d = req.basinDepth(di);
                changed[di] = open[di] && cls[d - 1] != base[i * held + d - 1];
            }
            for (int di = 0; di < nd; di++) {
                if (!changed[di]) continue;
                open[di] = false;
                remaining--;
                lo[di] = step * (j - 1);
                hi[di] = t;
                bisect(i, weightSpace, di);
                best[di] = Math.min(best[di], hi[di]);
            }
        }
    }

    /** Narrows [lo, hi] (class unchanged at lo, changed at hi) to basinTol·basinMax. */
    private void bisect(int i, boolean weightSpace, int di) {
        int d = req.basinDepth(di);
        double tol = req.basinTol() * req.basinMax();
        for (int it = 0; it < 64 && hi[di] - lo[di] > tol; it++) {
            double mid = 0.5 * (lo[di] + hi[di]);
            evaluate(i, weightSpace, mid, d, clsBisect);
            if (clsBisect[d - 1] != base[i * held + d - 1]) hi[di] = mid; else lo[di] = mid;
        }
    }

    private void evaluate(int i, boolean weightSpace, double t, int upTo, int[] out) {
        if (weightSpace) {
            classes(inputs, i * n, t, upTo, out, 0);
        } else {
            for (int j = 0; j < n; j++) xp[j] = inputs[i * n + j] + t * u[j];
            classes(xp, 0, 0, upTo, out, 0);
        }
    }

    /**
     * Output classes of the depth-1..upTo prefixes at input x[xo..xo+N), weights W_l + eps·Z_l:
     * class_d = argmax_i y_d,i (lowest i on ties; −1 when an output is not finite).
     */
    private void classes(double[] x, int xo, double eps, int upTo, int[] out, int oo) {
        System.arraycopy(x, xo, a, 0, n);
        for (int l = 1; l <= upTo; l++) {
            double[] wl = w[l - 1], bl = b[l - 1], zl = z[l - 1];
            for (int r = 0; r < n; r++) {
                double v = Dense.dot(wl, r * n, a, 0, n) + bl[r];
                if (eps != 0) v += eps * Dense.dot(zl, r * n, a, 0, n);
                h[r] = v;
            }
            int arg = -1;
            double top = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < n; r++) {
                double act = phi.phi(h[r]);
                double y = lastLinear ? h[r] : act;
                a[r] = act;
                if (!Double.isFinite(y)) { arg = -1; top = Double.NaN; }
                else if (y > top) { top = y; arg = r; }
            }
            out[oo + l - 1] = arg;
        }
    }

    private static double norm(double[] v, int o, int len) {
        double q = 0;
        for (int i = 0; i < len; i++) q += v[o + i] * v[o + i];
        return Math.sqrt(q);
    }
}
