package io.netdyn.train;

import io.netdyn.io.weights.FileDigest;
import io.netdyn.io.weights.NdArray;
import io.netdyn.io.weights.NpzReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The data of task {@code file:PATH} (docs/training.md, "Tasks"): an .npz holding
 * <pre>
 *   X_train   (P, N)            inputs, float32 or float64
 *   Y_train   (P, N)            regression targets (mse), or
 *   y_train   (P)               integer class labels 0..C−1 (xent on the first C outputs), int32/int64 or integral floats
 *   X_test    (Q, N)            optional, with Y_test (Q, N) or y_test (Q) of the same kind
 * </pre>
 * C = 1 + the largest label of the training and test sets (at least 2). Without X_test the test
 * set is the training set. Every value must be finite; no other array may be present.
 *
 * @param file   the path as given (relative to the current directory)
 * @param sha256 hex SHA-256 of the file's bytes (recorded in the manifest: a changed file is another task)
 */
public record TaskFile(Path file, String sha256, int width, int classes, Samples train, Samples test) {

    private static final Set<String> KNOWN = Set.of("X_train", "Y_train", "y_train", "X_test", "Y_test", "y_test");

    /** The file name without its last extension, as in the task label {@code file:STEM}. */
    public String stem() {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Reads and checks {@code text} (the PATH of {@code file:PATH}); every problem is one IllegalArgumentException. */
    public static TaskFile read(String text) {
        String what = "task 'file:" + text + "'";
        if (text.isBlank()) throw new IllegalArgumentException(what + ": give the path of an .npz file (file:PATH)");
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + ": not a valid path");
        }
        if (Files.isDirectory(file)) throw new IllegalArgumentException(what + ": " + file + " is a directory, not an .npz file");
        byte[] bytes;
        Map<String, NdArray> a;
        try {
            bytes = Files.readAllBytes(file);
            a = NpzReader.read(file, true);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + ": no such file: " + file);
        } catch (IOException | OutOfMemoryError e) {
            throw new IllegalArgumentException(what + ": cannot read " + file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
        for (String name : a.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(what + ": unknown array '" + name
                        + "' (expected X_train with Y_train or y_train, optionally X_test with Y_test or y_test)");
            }
        }
        NdArray x = a.get("X_train");
        if (x == null) throw new IllegalArgumentException(what + ": the file has no X_train array (the (P, N) training inputs)");
        if (x.rank() != 2 || x.shape()[0] < 1 || x.shape()[1] < 1) {
            throw new IllegalArgumentException(what + ": X_train must have shape (P, N) with P >= 1 samples, got " + x.shapeText());
        }
        int n = x.shape()[1];
        Kind kind = kind(what, a, "Y_train", "y_train", true);
        NdArray xt = a.get("X_test");
        Kind testKind = kind(what, a, "Y_test", "y_test", xt != null);
        if (xt == null && testKind != Kind.NONE) {
            throw new IllegalArgumentException(what + ": test targets without X_test (give X_test too, or neither)");
        }
        if (xt != null) {
            if (xt.rank() != 2 || xt.shape()[0] < 1 || xt.shape()[1] != n) {
                throw new IllegalArgumentException(what + ": X_test must have shape (Q, " + n + ") with Q >= 1 (N as in X_train), got "
                        + xt.shapeText());
            }
            if (testKind != kind) {
                throw new IllegalArgumentException(what + ": the training set has " + (kind == Kind.LABELS ? "labels y_train" : "targets Y_train")
                        + " but the test set " + (testKind == Kind.LABELS ? "labels y_test" : "targets Y_test") + " (use the same kind)");
            }
        }
        finite(what, x);
        if (xt != null) finite(what, xt);
        int classes = 0;
        if (kind == Kind.LABELS) {
            int max = Math.max(maxLabel(what, a.get("y_train"), x.shape()[0]), xt == null ? 0 : maxLabel(what, a.get("y_test"), xt.shape()[0]));
            classes = Math.max(2, max + 1);
            if (classes > n) {
                throw new IllegalArgumentException(what + ": labels up to " + max + " need C = " + classes
                        + " outputs, more than the width N = " + n + " (xent reads the first C outputs)");
            }
        } else {
            target(what, a.get("Y_train"), x);
            if (xt != null) target(what, a.get("Y_test"), xt);
        }
        Samples train = samples(x, kind == Kind.LABELS ? a.get("y_train") : a.get("Y_train"), n, classes);
        Samples test = xt == null ? train : samples(xt, kind == Kind.LABELS ? a.get("y_test") : a.get("Y_test"), n, classes);
        return new TaskFile(file, FileDigest.sha256(bytes), n, classes, train, test);
    }

    private enum Kind { NONE, TARGETS, LABELS }

    private static Kind kind(String what, Map<String, NdArray> a, String targets, String labels, boolean required) {
        boolean t = a.containsKey(targets), l = a.containsKey(labels);
        if (t && l) {
            throw new IllegalArgumentException(what + ": both " + targets + " (regression targets) and " + labels
                    + " (class labels) are present: keep one");
        }
        if (!t && !l && required) {
            throw new IllegalArgumentException(what + ": the file has neither " + targets + " (regression targets) nor " + labels
                    + " (class labels)");
        }
        return t ? Kind.TARGETS : l ? Kind.LABELS : Kind.NONE;
    }

    private static void finite(String what, NdArray v) {
        for (double d : v.data()) {
            if (!Double.isFinite(d)) throw new IllegalArgumentException(what + ": " + v.name() + " holds a non-finite value (" + d + ")");
        }
    }

    private static void target(String what, NdArray y, NdArray x) {
        if (y.rank() != 2 || y.shape()[0] != x.shape()[0] || y.shape()[1] != x.shape()[1]) {
            throw new IllegalArgumentException(what + ": " + y.name() + " must have the shape " + x.shapeText() + " of "
                    + x.name() + " (a map R^N -> R^N), got " + y.shapeText());
        }
        finite(what, y);
    }

    private static int maxLabel(String what, NdArray y, int p) {
        if (y.rank() != 1 || y.shape()[0] != p) {
            throw new IllegalArgumentException(what + ": " + y.name() + " must have shape (" + p + ") (one label per sample), got "
                    + y.shapeText());
        }
        int max = 0;
        for (double v : y.data()) {
            if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(what + ": " + y.name() + " holds " + v
                        + ", not a class label (labels are integers >= 0)");
            }
            max = Math.max(max, (int) v);
        }
        return max;
    }

    private static Samples samples(NdArray x, NdArray y, int n, int classes) {
        int p = x.shape()[0];
        if (classes == 0) return Samples.regression(p, n, x.data().clone(), y.data().clone());
        int[] labels = new int[p];
        for (int s = 0; s < p; s++) labels[s] = (int) y.data()[s];
        return Samples.classification(p, n, classes, x.data().clone(), labels);
    }

    @Override public boolean equals(Object o) { return o instanceof TaskFile f && f.sha256.equals(sha256) && f.file.equals(file); }
    @Override public int hashCode() { return sha256.hashCode(); }
    @Override public String toString() { return "file:" + file; }
}
