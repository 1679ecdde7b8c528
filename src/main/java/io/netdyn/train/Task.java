package io.netdyn.train;

import java.util.Locale;

/**
 * A training task, parsed from {@code NAME[:ARGS]} (docs/training.md, "Tasks"):
 * <pre>
 *   autoencode:random:P     P random patterns, target = input
 *   autoencode:binary:P     P binary patterns, target = input
 *   autoencode:glyphs       digit images 0–9 (N = k², k ≥ 4), target = input
 *   teacher[:NOISE]         regression onto a random teacher network, label noise std NOISE (default 0)
 *   classify:gauss:C[:S]    C Gaussian clusters, within-cluster std S (default 1), label = cluster
 *   modadd:P                (a + b) mod P from one-hot a and b
 *   file:PATH               the .npz file's data ({@link TaskFile}): regression (Y_train) or labels (y_train)
 * </pre>
 * Width-dependent conditions (modadd needs
 * N ≥ 2P, glyphs a square N ≥ 16, classify N ≥ C) are checked by {@link #checkWidth}.
 *
 * @param size  P for autoencode:random/binary and modadd, C for classify, 0 otherwise
 * @param noise NOISE for teacher, S for classify, 0 otherwise
 * @param file  the data of file:PATH, null otherwise
 */
public record Task(Kind kind, int size, double noise, TaskFile file) {

    public enum Kind { AUTOENCODE_RANDOM, AUTOENCODE_BINARY, AUTOENCODE_GLYPHS, TEACHER, CLASSIFY_GAUSS, MODADD, FILE }

    public Task(Kind kind, int size, double noise) { this(kind, size, noise, null); }

    static final String EXPECTED = "expected autoencode:random:P, autoencode:binary:P, autoencode:glyphs, "
            + "teacher:NOISE, classify:gauss:C, modadd:P or file:PATH";

    public Task {
        if (kind == null) throw new IllegalArgumentException("task kind is required");
        if ((kind == Kind.FILE) != (file != null)) throw new IllegalArgumentException("a file task needs its data, and only it");
        switch (kind) {
            case AUTOENCODE_RANDOM, AUTOENCODE_BINARY -> {
                if (size < 1) throw new IllegalArgumentException("task autoencode: P must be >= 1, got " + size);
            }
            case MODADD -> {
                if (size < 2) throw new IllegalArgumentException("task modadd: P must be >= 2, got " + size);
            }
            case CLASSIFY_GAUSS -> {
                if (size < 2) throw new IllegalArgumentException("task classify:gauss: C must be >= 2 classes, got " + size);
                if (!(noise > 0) || Double.isInfinite(noise)) {
                    throw new IllegalArgumentException("task classify:gauss: the cluster std must be a finite number > 0, got " + noise);
                }
            }
            case TEACHER -> {
                if (!(noise >= 0) || Double.isInfinite(noise)) {
                    throw new IllegalArgumentException("task teacher: NOISE must be a finite number >= 0, got " + noise);
                }
            }
            case AUTOENCODE_GLYPHS, FILE -> { }
        }
    }

    /** Task file:PATH on data already read. */
    public static Task file(TaskFile data) { return new Task(Kind.FILE, 0, 0, data); }

    public static Task autoencodeRandom(int p) { return new Task(Kind.AUTOENCODE_RANDOM, p, 0); }
    public static Task autoencodeBinary(int p) { return new Task(Kind.AUTOENCODE_BINARY, p, 0); }
    public static Task glyphs() { return new Task(Kind.AUTOENCODE_GLYPHS, 0, 0); }
    public static Task teacher(double noise) { return new Task(Kind.TEACHER, 0, noise); }
    public static Task classifyGauss(int classes, double std) { return new Task(Kind.CLASSIFY_GAUSS, classes, std); }
    public static Task modadd(int p) { return new Task(Kind.MODADD, p, 0); }

    /** Parses {@code NAME[:ARGS]}; every malformed text gives one IllegalArgumentException naming it. */
    public static Task parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty task (" + EXPECTED + ")");
        String t = text.trim();
        if (t.regionMatches(true, 0, "file:", 0, 5)) return file(TaskFile.read(t.substring(5)));
        String[] p = t.toLowerCase(Locale.ROOT).split(":", -1);
        switch (p[0]) {
            case "autoencode" -> {
                if (p.length < 2) {
                    throw new IllegalArgumentException("task '" + t + "' needs its data: autoencode:random:P, autoencode:binary:P or autoencode:glyphs");
                }
                switch (p[1]) {
                    case "random", "binary" -> {
                        fields(t, p, 3, 3);
                        int n = integer(t, p[2], "P");
                        if (n < 1) throw new IllegalArgumentException("task '" + t + "': P must be >= 1 patterns, got " + n);
                        return p[1].equals("random") ? autoencodeRandom(n) : autoencodeBinary(n);
                    }
                    case "glyphs" -> {
                        fields(t, p, 2, 2);
                        return glyphs();
                    }
                    default -> throw new IllegalArgumentException("task '" + t + "': unknown autoencode data '" + p[1]
                            + "' (expected random:P, binary:P or glyphs)");
                }
            }
            case "teacher" -> {
                fields(t, p, 1, 2);
                double noise = p.length == 2 ? number(t, p[1], "NOISE") : 0;
                if (!(noise >= 0) || Double.isInfinite(noise)) {
                    throw new IllegalArgumentException("task '" + t + "': NOISE must be a finite number >= 0, got " + p[1]);
                }
                return teacher(noise);
            }
            case "classify" -> {
                if (p.length < 2 || !p[1].equals("gauss")) {
                    throw new IllegalArgumentException("task '" + t + "': expected classify:gauss:C[:S]");
                }
                fields(t, p, 3, 4);
                int c = integer(t, p[2], "C");
                if (c < 2) throw new IllegalArgumentException("task '" + t + "': C must be >= 2 classes, got " + c);
                double s = p.length == 4 ? number(t, p[3], "S") : 1.0;
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("task '" + t + "': the cluster std S must be a finite number > 0, got " + p[3]);
                }
                return classifyGauss(c, s);
            }
            case "modadd" -> {
                fields(t, p, 2, 2);
                int m = integer(t, p[1], "P");
                if (m < 2) throw new IllegalArgumentException("task '" + t + "': P must be >= 2, got " + m);
                return modadd(m);
            }
            case "file" -> throw new IllegalArgumentException("task '" + t + "': expected file:PATH");
            default -> throw new IllegalArgumentException("unknown task '" + t + "' (" + EXPECTED + ")");
        }
    }

    private static void fields(String text, String[] p, int min, int max) {
        if (p.length < min) throw new IllegalArgumentException("task '" + text + "' is missing a ':' field (" + EXPECTED + ")");
        if (p.length > max) throw new IllegalArgumentException("task '" + text + "' has too many ':' fields (" + EXPECTED + ")");
    }

    private static int integer(String text, String field, String what) {
        try {
            return Integer.parseInt(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task '" + text + "': " + what + " must be an integer, got '" + field + "'");
        }
    }

    private static double number(String text, String field, String what) {
        try {
            return Double.parseDouble(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task '" + text + "': " + what + " must be a number, got '" + field + "'");
        }
    }

    /** The canonical text, which {@link #parse} reads back. */
    public String label() {
        return switch (kind) {
            case AUTOENCODE_RANDOM -> "autoencode:random:" + size;
            case AUTOENCODE_BINARY -> "autoencode:binary:" + size;
            case AUTOENCODE_GLYPHS -> "autoencode:glyphs";
            case TEACHER -> "teacher:" + fmt(noise);
            case CLASSIFY_GAUSS -> "classify:gauss:" + size + (noise == 1.0 ? "" : ":" + fmt(noise));
            case MODADD -> "modadd:" + size;
            case FILE -> "file:" + file.stem();
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Whether the targets are class labels (classify, modadd) rather than vectors. */
    public boolean isClassification() {
        return kind == Kind.CLASSIFY_GAUSS || kind == Kind.MODADD || kind == Kind.FILE && file.classes() > 0;
    }

    /** Whether the target is the input (the autoencode tasks). */
    public boolean isAutoencoder() {
        return kind == Kind.AUTOENCODE_RANDOM || kind == Kind.AUTOENCODE_BINARY || kind == Kind.AUTOENCODE_GLYPHS;
    }

    /** The number of classes C (the first C outputs are the logits); 0 for regression tasks. */
    public int classes() {
        return switch (kind) {
            case CLASSIFY_GAUSS, MODADD -> size;
            case FILE -> file.classes();
            default -> 0;
        };
    }

    /** mse for autoencode and teacher, xent for classify and modadd. */
    public Loss defaultLoss() { return isClassification() ? Loss.XENT : Loss.MSE; }

    /** Throws an IllegalArgumentException naming the task when it cannot run at width {@code n}. */
    public void checkWidth(int n) {
        switch (kind) {
            case MODADD -> {
                if (n < 2 * size) {
                    throw new IllegalArgumentException("task " + label() + " needs width N >= 2P = " + (2 * size)
                            + " (one-hot a and b), got N = " + n);
                }
            }
            case CLASSIFY_GAUSS -> {
                if (n < size) {
                    throw new IllegalArgumentException("task " + label() + " predicts from the first C outputs: needs width N >= C = "
                            + size + ", got N = " + n);
                }
            }
            case AUTOENCODE_GLYPHS -> {
                int k = Glyphs.side(n);
                if (k < 4) {
                    throw new IllegalArgumentException("task autoencode:glyphs needs a square width N = k*k >= 16 (k×k-pixel images), got N = " + n);
                }
            }
            case FILE -> {
                if (n != file.width()) {
                    throw new IllegalArgumentException("task " + label() + " has samples of width N = " + file.width()
                            + " (X_train's columns; a map R^N -> R^N), but the networks have width N = " + n);
                }
            }
            default -> {
                if (n < 1) throw new IllegalArgumentException("width must be >= 1, got " + n);
            }
        }
    }
}
