package io.netdyn.train;

import io.netdyn.model.NetworkWeights;

/**
 * f(x) and J_f(x) of one network by plain loops (no state between calls besides scratch; one
 * instance per thread); its forward pass is also the reference trainer's ({@link NetworkTrainer}). h_i = Σ_j W_ij x_j + b_i (sum in j order, bias last), x_l = φ(h_l), the
 * last layer h_L itself when it is linear. J_f(x) = D_L W_L ⋯ D_1 W_1 with D_l = diag(φ'(h_l))
 * (D_L = I for a linear last layer).
 */
public final class MapEvaluator {
    private final NetworkShape shape;
    private final int n;
    private final double[][] h, a;
    private final double[] jac, tmp;

    public MapEvaluator(NetworkShape shape) {
        this.shape = shape;
        this.n = shape.width();
        this.h = new double[shape.depth()][n];
        this.a = new double[shape.depth()][n];
        this.jac = new double[n * n];
        this.tmp = new double[n * n];
    }

    public NetworkShape shape() { return shape; }

    /** f(x) with x = in[inOff .. inOff + N) into out[outOff .. outOff + N) (out may alias in). */
    public void apply(NetworkWeights w, double[] in, int inOff, double[] out, int outOff) {
        forward(w, in, inOff);
        System.arraycopy(a[shape.depth() - 1], 0, out, outOff, n);
    }

    /** h_l and x_l of every layer for the input in[inOff .. inOff + N) (kept: {@link #pre}, {@link #post}). */
    void forward(NetworkWeights w, double[] in, int inOff) {
        for (int l = 0; l < shape.depth(); l++) {
            double[] wl = w.w()[l], bl = w.b()[l], hl = h[l], al = a[l];
            double[] src = l == 0 ? in : a[l - 1];
            int off = l == 0 ? inOff : 0;
            boolean linear = shape.linearLayer(l);
            for (int i = 0; i < n; i++) {
                double s = 0;
                int row = i * n;
                for (int j = 0; j < n; j++) s += wl[row + j] * src[off + j];
                s += bl[i];
                hl[i] = s;
                al[i] = linear ? s : shape.activation().phi(s);
            }
        }
    }

    /** h_l of layer l (0-based) from the last {@link #forward}; live. */
    double[] pre(int l) { return h[l]; }

    /** x_l = φ(h_l) (h_l for a linear layer) of layer l from the last {@link #forward}; live. */
    double[] post(int l) { return a[l]; }

    /** J_f(x) at x = in[inOff .. inOff + N), row-major N×N, into {@code out}. */
    public void jacobian(NetworkWeights w, double[] in, int inOff, double[] out) {
        forward(w, in, inOff);
        double[] j = jac, t = tmp;
        for (int l = 0; l < shape.depth(); l++) {
            double[] wl = w.w()[l];
            boolean linear = shape.linearLayer(l);
            if (l == 0) {
                for (int i = 0; i < n; i++) {
                    double d = linear ? 1 : shape.activation().dphi(h[0][i]);
                    for (int c = 0; c < n; c++) j[i * n + c] = d * wl[i * n + c];
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                double d = linear ? 1 : shape.activation().dphi(h[l][i]);
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += wl[i * n + k] * j[k * n + c];
                    t[i * n + c] = d * s;
                }
            }
            double[] swap = j; j = t; t = swap;
        }
        System.arraycopy(j, 0, out, 0, n * n);
    }
}
