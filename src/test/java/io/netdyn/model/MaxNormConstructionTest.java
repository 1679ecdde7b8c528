package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Lai–Jin maxnorm(n) construction (docs/model.md, "Constructions"; docs/measures/wormhole.md, "Known answers"). */
class MaxNormConstructionTest {
    static final long SEED = 42;

    static double[] gaussianInput(int k, long salt) {
        double[] x = new double[k];
        int[] w = new int[4];
        for (int i = 0; i < k; i++) {
            Streams.PROBES.block(SEED + salt, 7, 0, 99, i, w);
            x[i] = Distribution.gaussian(w[0], w[1]);
        }
        return x;
    }

    /** W_1..W_L (each k×k) built from x0, normalising x_l every layer as the workers do. */
    static double[][] build(MaxNormConstruction c, long network, double[] x0, int depth) {
        int k = c.k();
        double[][] ws = new double[depth][k * k];
        double[] x = x0.clone(), next = new double[k];
        for (int l = 1; l <= depth; l++) {
            c.layer(network, l, x, ws[l - 1], next);
            double norm = Math.sqrt(Arrays.stream(next).map(v -> v * v).sum());
            for (int i = 0; i < k; i++) x[i] = next[i] / norm;
        }
        return ws;
    }

    static double[] apply(double[][] ws, int k, double[] v) {
        double[] a = v.clone();
        for (double[] w : ws) {
            double[] b = new double[k];
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) b[i] += w[i * k + j] * a[j];
            a = b;
        }
        return a;
    }

    static double dTheta(double[] a, double[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)))) / Math.PI;
    }

    @Test
    void selectedRowsAreTheTopKeysInDescendingOrder() {
        int k = 7, n = 53;
        for (MaxNormConstruction.Variant v : MaxNormConstruction.Variant.values()) {
            MaxNormConstruction c = new MaxNormConstruction(k, n, v, SEED);
            double[] x = gaussianInput(k, 1), w = new double[k * k], out = new double[k];
            c.layer(3, 2, x, w, out);
            double[] y = c.lastProjection();
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Comparator<Integer> byKey = Comparator.comparingDouble(i -> v == MaxNormConstruction.Variant.MAXABS ? -Math.abs(y[i]) : y[i]);
            Arrays.sort(order, byKey.thenComparingInt(i -> i));
            int[] expected = Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, c.selectedRows(), v + ": the k best rows, best first");
            for (int r = 0; r < k; r++) {
                int row = expected[r];
                assertEquals(y[row], out[r], 0.0, "x_l = y[S]");
                double dot = 0;
                for (int j = 0; j < k; j++) {
                    assertEquals(c.entry(3, 2, row, j), w[r * k + j], 0.0, "W_l = R[S,:]");
                    dot += w[r * k + j] * x[j];
                }
                assertEquals(y[row], dot, 1e-12 * (1 + Math.abs(y[row])), "y = R x");
            }
            if (v == MaxNormConstruction.Variant.NEGATIVE) for (double o : out) assertTrue(o < 0, "the most negative of 53 draws");
        }
    }

    @Test
    void rescalingTheInputLeavesTheChosenRowsUnchanged() {
        int k = 16, n = 64;
        double[] x = gaussianInput(k, 2);
        for (MaxNormConstruction.Variant v : MaxNormConstruction.Variant.values()) {
            MaxNormConstruction c = new MaxNormConstruction(k, n, v, SEED);
            double[] w0 = new double[k * k], out = new double[k], w1 = new double[k * k];
            c.layer(0, 1, x, w0, out);
            int[] rows = c.selectedRows();
            double[] scales = v == MaxNormConstruction.Variant.MAXABS ? new double[] {0x1p20, 3.7, 1e-3, -1, -250} : new double[] {0x1p20, 3.7, 1e-3};
            for (double s : scales) {
                double[] xs = Arrays.stream(x).map(e -> s * e).toArray();
                c.layer(0, 1, xs, w1, out);
                assertArrayEquals(rows, c.selectedRows(), v + " at scale " + s);
                assertArrayEquals(w0, w1, 0.0);
            }
            // and through depth: the network built from c·x0 is the network built from x0
            assertTrue(Arrays.deepEquals(build(c, 5, x, 8), build(c, 5, Arrays.stream(x).map(e -> 123.5 * e).toArray(), 8)));
        }
    }

    @Test
    void aShallowNetworkIsThePrefixOfADeeperOneAndTheSeedFixesEverything() {
        int k = 8, n = 40;
        double[] x = gaussianInput(k, 3);
        double[][] deep = build(new MaxNormConstruction(k, n, MaxNormConstruction.Variant.MAXABS, SEED), 2, x, 12);
        double[][] shallow = build(new MaxNormConstruction(k, n, MaxNormConstruction.Variant.MAXABS, SEED), 2, x, 5);
        for (int l = 0; l < 5; l++) assertArrayEquals(deep[l], shallow[l], 0.0, "layer " + (l + 1));
        double[][] other = build(new MaxNormConstruction(k, n, MaxNormConstruction.Variant.MAXABS, SEED), 3, x, 5);
        double[][] otherSeed = build(new MaxNormConstruction(k, n, MaxNormConstruction.Variant.MAXABS, SEED + 1), 2, x, 5);
        assertFalse(Arrays.equals(shallow[0], other[0]), "another network index draws other R");
        assertFalse(Arrays.equals(shallow[0], otherSeed[0]), "another seed draws other R");
    }

    @Test
    void withNEqualToKEveryRowIsKept() {
        int k = 9;
        MaxNormConstruction c = new MaxNormConstruction(k, k, MaxNormConstruction.Variant.MAXABS, SEED);
        c.layer(1, 1, gaussianInput(k, 4), new double[k * k], new double[k]);
        int[] rows = c.selectedRows();
        Arrays.sort(rows);
        assertArrayEquals(IntStream.range(0, k).toArray(), rows);
        assertEquals(36, MaxNormConstruction.rows(4, 9));
        assertEquals(9, MaxNormConstruction.rows(1, 9));
    }

    @Test
    void theFlippedInputIsAtTheComplementaryAngle() {
        int k = 12;
        for (MaxNormConstruction.Variant v : MaxNormConstruction.Variant.values()) {
            MaxNormConstruction c = new MaxNormConstruction(k, 4 * k, v, SEED);
            double[] x0 = gaussianInput(k, 5);
            for (int depth : new int[] {1, 3, 6}) {
                double[][] ws = build(c, 1, x0, depth);
                double[] out = apply(ws, k, x0);
                for (int t = 0; t < 5; t++) {
                    double[] vIn = gaussianInput(k, 10 + t);
                    double[] minus = Arrays.stream(vIn).map(e -> -e).toArray();
                    double g = dTheta(out, apply(ws, k, vIn)), f = dTheta(out, apply(ws, k, minus));
                    assertEquals(1 - g, f, 1e-12, v + " depth " + depth);
                }
            }
        }
    }
}
