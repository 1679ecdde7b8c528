package io.netdyn.train;

import io.netdyn.linalg.Householder;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;

/**
 * The training and test sets of a task at one width, drawn from the {@link TrainStreams} counters
 * of {@code seed} (network word 0: one data set per seed, task and network shape, shared by every
 * network trained on it). Sizes (docs/training.md, "Tasks"; 0 asks for the default):
 * <pre>
 *   task                  training samples                     test samples
 *   autoencode:random:P   P (the task's; trainSamples 0 or P)  default P, fresh patterns
 *   autoencode:binary:P   P                                    default P
 *   autoencode:glyphs     default 10 (digit s mod 10)          default = training
 *   teacher:NOISE         default N                            default = training (noise-free targets)
 *   classify:gauss:C      default 10·C (label s mod C)         default = training
 *   modadd:P              default ⌊P²/2⌋ of the P² pairs        default the other P² − train pairs (at most those)
 *   file:PATH             the file's P (trainSamples 0 or P)   the file's X_test (testSamples 0 or Q), else = training
 * </pre>
 */
public record TaskData(Task task, NetworkShape shape, long seed, Samples train, Samples test) {

    public TaskData {
        if (train.width() != shape.width() || test.width() != shape.width()) {
            throw new IllegalArgumentException("samples of width " + train.width() + "/" + test.width()
                    + " for networks of width " + shape.width());
        }
        if (train.classes() != test.classes()) {
            throw new IllegalArgumentException("training and test sets disagree on the classes: " + train.classes() + " vs " + test.classes());
        }
    }

    /** The task's data for networks of family {@code arch} (the teacher task draws its teacher from it). */
    public static TaskData generate(Task task, Architecture arch, int trainSamples, int testSamples, long seed) {
        return generate(task, NetworkShape.of(arch), arch, trainSamples, testSamples, seed);
    }

    /** As above for networks known only by their shape (imported weights): every task but teacher. */
    public static TaskData generate(Task task, NetworkShape shape, int trainSamples, int testSamples, long seed) {
        if (task.kind() == Task.Kind.TEACHER) {
            throw new IllegalArgumentException("task " + task.label() + " draws its teacher from the network family "
                    + "(weight and bias distributions): give the architecture");
        }
        return generate(task, shape, null, trainSamples, testSamples, seed);
    }

    private static TaskData generate(Task task, NetworkShape shape, Architecture arch, int trainSamples, int testSamples, long seed) {
        int n = shape.width();
        task.checkWidth(n);
        if (trainSamples < 0) throw new IllegalArgumentException("train-samples must be >= 0 (0 = the task's default), got " + trainSamples);
        if (testSamples < 0) throw new IllegalArgumentException("test-samples must be >= 0 (0 = the task's default), got " + testSamples);
        OutputRange range = shape.outputRange();
        Samples train, test;
        switch (task.kind()) {
            case AUTOENCODE_RANDOM, AUTOENCODE_BINARY -> {
                int p = task.size();
                if (trainSamples != 0 && trainSamples != p) {
                    throw new IllegalArgumentException("task " + task.label() + " has its P = " + p
                            + " training patterns: leave train-samples at 0 (got " + trainSamples + ")");
                }
                boolean binary = task.kind() == Task.Kind.AUTOENCODE_BINARY;
                train = autoencoder(patterns(p, n, range, binary, seed, TrainStreams.INPUT_TRAIN), n);
                test = autoencoder(patterns(or(testSamples, p), n, range, binary, seed, TrainStreams.INPUT_TEST), n);
            }
            case AUTOENCODE_GLYPHS -> {
                int p = or(trainSamples, 10);
                train = autoencoder(glyphs(p, n, range, seed, TrainStreams.SHIFT_TRAIN, TrainStreams.INPUT_TRAIN), n);
                test = autoencoder(glyphs(or(testSamples, p), n, range, seed, TrainStreams.SHIFT_TEST, TrainStreams.INPUT_TEST), n);
            }
            case TEACHER -> {
                NetworkWeights teacher = teacher(arch, seed);
                MapEvaluator f = new MapEvaluator(shape);
                int p = or(trainSamples, n);
                train = teacherSamples(p, n, f, teacher, task.noise(), seed, TrainStreams.INPUT_TRAIN);
                test = teacherSamples(or(testSamples, p), n, f, teacher, 0, seed, TrainStreams.INPUT_TEST);
            }
            case CLASSIFY_GAUSS -> {
                int c = task.size();
                double[] means = gaussian(c * n, seed, TrainStreams.CLASS_MEANS, 0);
                int p = or(trainSamples, 10 * c);
                train = clusters(p, n, c, means, task.noise(), seed, TrainStreams.INPUT_TRAIN);
                test = clusters(or(testSamples, p), n, c, means, task.noise(), seed, TrainStreams.INPUT_TEST);
            }
            case MODADD -> {
                int m = task.size(), pairs = m * m;
                int p = or(trainSamples, pairs / 2);
                if (p >= pairs) {
                    throw new IllegalArgumentException("task " + task.label() + " has " + pairs
                            + " pairs: train-samples must be below that to leave a test set, got " + p);
                }
                int q = Math.min(or(testSamples, pairs - p), pairs - p);
                int[] order = split(pairs, seed);
                train = modadd(m, n, order, 0, p);
                test = modadd(m, n, order, p, q);
            }
            case FILE -> {
                TaskFile f = task.file();
                if (trainSamples != 0 && trainSamples != f.train().count()) {
                    throw new IllegalArgumentException("task " + task.label() + " has the file's P = " + f.train().count()
                            + " training samples: leave train-samples at 0 (got " + trainSamples + ")");
                }
                if (testSamples != 0 && testSamples != f.test().count()) {
                    throw new IllegalArgumentException("task " + task.label() + " has the file's " + f.test().count()
                            + " test samples: leave test-samples at 0 (got " + testSamples + ")");
                }
                train = f.train();
                test = f.test();
            }
            default -> throw new IllegalStateException(task.kind().toString());
        }
        return new TaskData(task, shape, seed, train, test);
    }

    private static int or(int value, int dflt) { return value == 0 ? dflt : value; }

    /** Autoencoding samples: the target is (a copy of) the input. */
    private static Samples autoencoder(double[] x, int n) {
        return Samples.regression(x.length / n, n, x, x.clone());
    }

    /** P×N patterns: uniform in [lo, hi] (binary: lo or hi with probability ½), N(0,1) for unbounded random ones. */
    static double[] patterns(int p, int n, OutputRange range, boolean binary, long seed, int tensor) {
        double[] x = new double[p * n];
        int[] w = new int[4];
        for (int e = 0; e < p * n; e++) {
            TrainStreams.block(seed, 0, 0, tensor, e, w);
            double u = TrainStreams.uniform(w[0]);
            if (binary) x[e] = u < 0.5 ? range.lo() : range.hi();
            else if (range.gaussianPatterns()) x[e] = TrainStreams.gaussian(w);
            else x[e] = range.lo() + (range.hi() - range.lo()) * u;
        }
        return x;
    }

    /** Noise std of glyph pixels, as a share of the pattern interval hi − lo. */
    static final double GLYPH_NOISE = 0.05;

    /**
     * P glyph images: sample s is digit s mod 10, shifted by (dx, dy) ∈ {−1,0,1}² (words 0 and 1 of
     * element s of {@code shiftTensor}); ink → hi, background → lo, plus Gaussian noise of std
     * 0.05·(hi − lo) (element s·N + i of {@code noiseTensor}), clamped into [lo, hi].
     */
    static double[] glyphs(int p, int n, OutputRange range, long seed, int shiftTensor, int noiseTensor) {
        int k = Glyphs.side(n);
        double[] x = new double[p * n];
        int[] w = new int[4];
        double lo = range.lo(), hi = range.hi(), sd = GLYPH_NOISE * (hi - lo);
        for (int s = 0; s < p; s++) {
            TrainStreams.block(seed, 0, 0, shiftTensor, s, w);
            int dx = TrainStreams.below(w[0], 3) - 1, dy = TrainStreams.below(w[1], 3) - 1;
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    int e = s * n + r * k + c;
                    TrainStreams.block(seed, 0, 0, noiseTensor, e, w);
                    double v = (Glyphs.ink(s % 10, k, dx, dy, r, c) ? hi : lo) + sd * TrainStreams.gaussian(w);
                    x[e] = Math.min(hi, Math.max(lo, v));
                }
            }
        }
        return x;
    }

    /** count standard normals of element 0..count−1 of {@code tensor}. */
    static double[] gaussian(int count, long seed, int tensor, int layer) {
        double[] g = new double[count];
        int[] w = new int[4];
        for (int e = 0; e < count; e++) {
            TrainStreams.block(seed, 0, layer, tensor, e, w);
            g[e] = TrainStreams.gaussian(w);
        }
        return g;
    }

    /**
     * The teacher: a network of family {@code arch} drawn like {@link io.netdyn.model.TensorSampler}
     * (same distributions and scaling), but from the TRAIN stream (tensors 16 and 17), so it is
     * independent of every sampled network.
     */
    public static NetworkWeights teacher(Architecture arch, long seed) {
        int n = arch.width();
        double[][] ws = new double[arch.depth()][], bs = new double[arch.depth()][];
        int[] block = new int[4];
        Distribution d = arch.weights();
        double m = arch.weightMultiplier();
        for (int l = 1; l <= arch.depth(); l++) {
            double[] w = new double[n * n];
            for (int e = 0; e < n * n; e++) {
                TrainStreams.block(seed, 0, l, TrainStreams.TEACHER_WEIGHT, e, block);
                w[e] = d.draw(block);
            }
            if (d.kind() == Distribution.Kind.ORTHOGONAL) Householder.haarFromGaussian(w, n);
            for (int e = 0; e < n * n; e++) w[e] *= m;
            double[] b = new double[n];
            if (arch.bias().isPresent()) {
                Distribution db = arch.bias().get();
                double mb = arch.biasMultiplier();
                for (int e = 0; e < n; e++) {
                    TrainStreams.block(seed, 0, l, TrainStreams.TEACHER_BIAS, e, block);
                    b[e] = mb * db.draw(block);
                }
            }
            ws[l - 1] = w;
            bs[l - 1] = b;
        }
        return new NetworkWeights(n, ws, bs);
    }

    /** Inputs x_si ~ N(0,1) (element s·N + i of {@code tensor}); y_s = f_T(x_s) + noise·ξ_s (ξ from tensor 2). */
    private static Samples teacherSamples(int p, int n, MapEvaluator f, NetworkWeights teacher, double noise,
                                          long seed, int tensor) {
        double[] x = gaussian(p * n, seed, tensor, 0);
        double[] y = new double[p * n];
        for (int s = 0; s < p; s++) f.apply(teacher, x, s * n, y, s * n);
        if (noise > 0) {
            double[] xi = gaussian(p * n, seed, TrainStreams.TARGET_NOISE, 0);
            for (int e = 0; e < p * n; e++) y[e] += noise * xi[e];
        }
        return Samples.regression(p, n, x, y);
    }

    /** Sample s has label s mod C and input μ_label + std·ε_s, ε_si ~ N(0,1) (element s·N + i of {@code tensor}). */
    private static Samples clusters(int p, int n, int c, double[] means, double std, long seed, int tensor) {
        double[] x = gaussian(p * n, seed, tensor, 0);
        int[] labels = new int[p];
        for (int s = 0; s < p; s++) {
            labels[s] = s % c;
            for (int i = 0; i < n; i++) x[s * n + i] = means[labels[s] * n + i] + std * x[s * n + i];
        }
        return Samples.classification(p, n, c, x, labels);
    }

    /** A seeded permutation of 0..pairs−1 (Fisher–Yates from k = pairs−1 down, j = ⌊U_k·(k+1)⌋, tensor 7). */
    static int[] split(int pairs, long seed) {
        int[] order = new int[pairs];
        for (int k = 0; k < pairs; k++) order[k] = k;
        int[] w = new int[4];
        for (int k = pairs - 1; k > 0; k--) {
            TrainStreams.block(seed, 0, 0, TrainStreams.SPLIT, k, w);
            int j = TrainStreams.below(w[0], k + 1);
            int t = order[k]; order[k] = order[j]; order[j] = t;
        }
        return order;
    }

    /** Pairs order[from .. from+count): pair k = a·P + b has x_a = 1, x_{P+b} = 1, label (a + b) mod P. */
    private static Samples modadd(int m, int n, int[] order, int from, int count) {
        double[] x = new double[count * n];
        int[] labels = new int[count];
        for (int s = 0; s < count; s++) {
            int k = order[from + s], a = k / m, b = k % m;
            x[s * n + a] = 1;
            x[s * n + m + b] = 1;
            labels[s] = (a + b) % m;
        }
        return Samples.classification(count, n, m, x, labels);
    }
}
