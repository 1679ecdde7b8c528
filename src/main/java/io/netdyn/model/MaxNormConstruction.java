package io.netdyn.model;

import java.util.Locale;

/**
 * The Lai–Jin "maximum likelihood" construction maxnorm(n) (docs/model.md, "Constructions";
 * docs/measures/wormhole.md, "The networks: maxnorm(n)"): linear layers
 * R^k → R^k, no activation, no bias, built from a training input x_0 ∈ R^k:
 * <pre>
 *   for l = 1..L:   R_l ~ N(0,1)^{n×k},   y = R_l x_{l-1}                        (n ≥ k)
 *                   S = the k row indices with the largest key(y_i), sorted by key descending
 *                       key = |y_i|  (MAXABS)   or   key = -y_i  (NEGATIVE: the k most negative y_i)
 *                   W_l = R_l[S,:]   (k×k),     x_l = y[S] = W_l x_{l-1}
 * </pre>
 * n/k is the over-parameterisation ratio; n = k keeps every row (W_l is R_l with its rows
 * reordered), so the selection has no effect beyond a permutation.
 *
 * <p>Invariances the tests pin: S depends on x_{l-1} only through the ordering of the keys,
 * which a positive rescaling c·x_{l-1} (c &gt; 0) does not change — so callers may normalise
 * x_l every layer (norms otherwise grow geometrically) without changing any W_l; MAXABS is
 * also invariant under x → −x. Ties are broken by the lower row index, so S is a pure
 * function of its inputs.
 *
 * <p>Randomness: entry (i, j) of R_l for network b is the Box–Muller draw of the Philox block
 * {@link Streams#NETWORK}(seed, b, layer l, tensor {@value #TENSOR_R}, element i·k + j). The
 * layer index is the counter, so the depth-L network is the first L layers of the depth-L'
 * network (prefix consistency), and a row of R_l is the same for every n it exists in.
 *
 * <p>Not thread-safe: holds one layer's scratch (y, keys, a heap of n row indices); use one
 * instance per worker. No allocation per layer; R_l is never stored: y is computed row by row
 * from the counters and only the k selected rows are regenerated into W_l.
 */
public final class MaxNormConstruction {
    /** Tensor id of the R_l draws within {@link Streams#NETWORK} (0, 1 are i.i.d. weights and biases). */
    public static final int TENSOR_R = 16;

    /** Which k of the n rows a layer keeps. */
    public enum Variant {
        /** The k largest |y_i| (Lai–Jin's {@code sort(abs(y), 'descend')}). */
        MAXABS,
        /** The k most negative y_i (Lai–Jin's flipped-label variant, {@code sort(y, 'ascend')}). */
        NEGATIVE;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public static Variant parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "maxabs", "abs" -> MAXABS;
                case "negative", "minneg", "neg" -> NEGATIVE;
                default -> throw new IllegalArgumentException("unknown maxnorm variant '" + text + "' (expected maxabs or negative)");
            };
        }
    }

    private final int k, n;
    private final Variant variant;
    private final long seed;
    private final double[] y, key;
    private final int[] heap;
    private final int[] selected;
    private final int[] block = new int[4];

    public MaxNormConstruction(int k, int n, Variant variant, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (n < k) throw new IllegalArgumentException("n must be >= k (" + k + "), got " + n);
        if ((long) n * k > Integer.MAX_VALUE) throw new IllegalArgumentException("n·k = " + (long) n * k + " exceeds 2^31 - 1");
        this.k = k;
        this.n = n;
        this.variant = variant;
        this.seed = seed;
        this.y = new double[n];
        this.key = new double[n];
        this.heap = new int[k];
        this.selected = new int[k];
    }

    public int k() { return k; }

    public int n() { return n; }

    public Variant variant() { return variant; }

    /** n for a ratio n/k, rounded to the nearest integer (at least k). */
    public static int rows(double ratio, int k) {
        if (!(ratio >= 1) || Double.isInfinite(ratio)) throw new IllegalArgumentException("n/k must be a finite number >= 1, got " + ratio);
        return (int) Math.max(k, Math.min(Integer.MAX_VALUE, Math.round(ratio * k)));
    }

    /** Entry (row, col) of R_l of {@code network}: one N(0,1) draw (Box–Muller of words 0, 1). */
    public double entry(long network, int layer, int row, int col) {
        Streams.NETWORK.block(seed, network, layer, TENSOR_R, row * k + col, block);
        return Distribution.gaussian(block[0], block[1]);
    }

    /**
     * Builds layer {@code layer} (1-based) of {@code network} from its input {@code x} (length k):
     * writes W_l (k×k, row-major) into {@code w} and x_l = y[S] into {@code xOut} (length k;
     * may not alias x). The selected row indices stay readable through {@link #selectedRows}.
     */
    public void layer(long network, int layer, double[] x, double[] w, double[] xOut) {
        for (int i = 0; i < n; i++) {                    // y = R x, row by row from the counters
            double s = 0;
            for (int j = 0; j < k; j++) s += entry(network, layer, i, j) * x[j];
            y[i] = s;
            key[i] = variant == Variant.MAXABS ? Math.abs(s) : -s;
        }
        select();
        for (int r = 0; r < k; r++) {
            int row = selected[r];
            for (int j = 0; j < k; j++) w[r * k + j] = entry(network, layer, row, j);
            xOut[r] = y[row];
        }
    }

    /** The rows S of the last {@link #layer} call, in order (largest key first); a copy. */
    public int[] selectedRows() { return selected.clone(); }

    /** The y = R x of the last {@link #layer} call (length n); a copy. */
    public double[] lastProjection() { return y.clone(); }

    /** "a ranks before b": larger key, ties to the lower index (a strict total order). */
    private boolean before(int a, int b) {
        return key[a] > key[b] || (key[a] == key[b] && a < b);
    }

    /**
     * Top-k of n by {@link #before} into {@code selected}, best first: a size-k heap whose root
     * is the worst kept row (O(n log k)), then heap-sort of the kept rows.
     */
    private void select() {
        for (int i = 0; i < k; i++) { heap[i] = i; siftUp(i); }
        for (int i = k; i < n; i++) {
            if (before(i, heap[0])) { heap[0] = i; siftDown(0, k); }
        }
        for (int size = k; size > 0; size--) {           // pop the worst to the back
            selected[size - 1] = heap[0];
            heap[0] = heap[size - 1];
            siftDown(0, size - 1);
        }
    }

    // heap invariant: a parent never ranks before its children (root = worst kept row)
    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!before(heap[p], heap[i])) return;
            int t = heap[p]; heap[p] = heap[i]; heap[i] = t;
            i = p;
        }
    }

    private void siftDown(int i, int size) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < size && before(heap[worst], heap[l])) worst = l;
            if (r < size && before(heap[worst], heap[r])) worst = r;
            if (worst == i) return;
            int t = heap[worst]; heap[worst] = heap[i]; heap[i] = t;
            i = worst;
        }
    }
}
