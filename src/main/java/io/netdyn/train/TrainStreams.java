package io.netdyn.train;

import io.netdyn.model.DrawMath;
import io.netdyn.model.Philox4x32;
import io.netdyn.model.Streams;

/**
 * The tensors of the {@link Streams#TRAIN} counter stream (docs/training.md, "Randomness"). Every
 * random number of training is a Philox block of (seed, TRAIN, network word, layer word, tensor,
 * element), so data, teacher, mini-batch order and corruptions are the same for any thread count.
 *
 * <pre>
 *   tensor  network word   layer word   element        what
 *   0       0              0            s·N + i        training inputs (patterns, glyph noise, cluster noise, teacher inputs)
 *   1       0              0            s·N + i        test inputs
 *   2       0              0            s·N + i        teacher label noise (training targets)
 *   4       0              0            c·N + i        class means of classify:gauss
 *   5, 6    0              0            s              glyph shifts, training / test
 *   7       0              0            k              modadd train/test split (Fisher–Yates)
 *   16, 17  0              l            row·N + col, i teacher W_l, b_l
 *   32      network        step         k              mini-batch order
 *   48      network        copy r       s·N + i        recall: Gaussian corruption
 *   49      network        copy r       s·N + k        recall: masked entries (partial Fisher–Yates)
 * </pre>
 */
public final class TrainStreams {
    private TrainStreams() {}

    public static final int INPUT_TRAIN = 0;
    public static final int INPUT_TEST = 1;
    public static final int TARGET_NOISE = 2;
    public static final int CLASS_MEANS = 4;
    public static final int SHIFT_TRAIN = 5;
    public static final int SHIFT_TEST = 6;
    public static final int SPLIT = 7;
    public static final int TEACHER_WEIGHT = 16;
    public static final int TEACHER_BIAS = 17;
    public static final int BATCH = 32;
    public static final int CORRUPT_NOISE = 48;
    public static final int CORRUPT_MASK = 49;

    /** The block of one element of the TRAIN stream into {@code out}. */
    static void block(long seed, long network, int layer, int tensor, int element, int[] out) {
        Streams.TRAIN.block(seed, network, layer, tensor, element, out);
    }

    /** Standard normal from a block: Box–Muller √(−2 ln U0) cos(2π U1) with DrawMath's ln and cos, as docs/model.md. */
    static double gaussian(int[] w) {
        return DrawMath.gaussian(w[0], w[1]);
    }

    /** Uniform in (0, 1) from one word. */
    static double uniform(int word) { return Philox4x32.uniform(word); }

    /** ⌊u·bound⌋ for the 32-bit word read as u·2^32 (multiply-shift; bias ≤ bound/2^32). */
    static int below(int word, int bound) {
        return (int) (((word & 0xffffffffL) * bound) >>> 32);
    }
}
