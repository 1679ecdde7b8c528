package io.netdyn.model;

/**
 * Explicit weights of one square network (hand-built maps, imported networks): per layer
 * l = 1..L, W_l row-major N×N ({@code w[l-1][i·N + j]}) and b_l (length N).
 */
public record NetworkWeights(int width, double[][] w, double[][] b) {

    public NetworkWeights {
        if (w.length == 0 || w.length != b.length) throw new IllegalArgumentException("need L >= 1 weight and bias arrays of equal count");
        for (int l = 0; l < w.length; l++) {
            if (w[l].length != width * width || b[l].length != width) {
                throw new IllegalArgumentException("layer " + (l + 1) + " must be " + width + "x" + width + " with " + width + " biases");
            }
        }
    }

    public int depth() { return w.length; }

    /** A network whose every layer is {@code w} (row-major N×N) with bias {@code b}. */
    public static NetworkWeights repeated(int width, int depth, double[] w, double[] b) {
        double[][] ws = new double[depth][], bs = new double[depth][];
        for (int l = 0; l < depth; l++) { ws[l] = w.clone(); bs[l] = b.clone(); }
        return new NetworkWeights(width, ws, bs);
    }
}
