package io.netdyn.train;

/**
 * A set of P samples of width N: inputs {@code x} (P×N, row-major: sample s is x[s·N .. s·N + N)),
 * and either regression targets {@code y} (P×N, {@code classes} = 0, {@code labels} null) or class
 * labels in 0..C−1 ({@code classes} = C ≥ 2, {@code y} null).
 */
public record Samples(int count, int width, int classes, double[] x, double[] y, int[] labels) {

    public Samples {
        if (count < 1) throw new IllegalArgumentException("need at least one sample, got " + count);
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
        if (x.length != count * width) throw new IllegalArgumentException("x must hold " + count + "×" + width + " values");
        if (classes == 0) {
            if (y == null || y.length != count * width) throw new IllegalArgumentException("y must hold " + count + "×" + width + " targets");
            if (labels != null) throw new IllegalArgumentException("regression samples carry no labels");
        } else {
            if (classes < 2 || classes > width) throw new IllegalArgumentException("classes must be in 2..N, got " + classes);
            if (labels == null || labels.length != count) throw new IllegalArgumentException("need " + count + " labels");
            for (int l : labels) if (l < 0 || l >= classes) throw new IllegalArgumentException("label " + l + " outside 0.." + (classes - 1));
            if (y != null) throw new IllegalArgumentException("classification samples carry no target vectors");
        }
    }

    public static Samples regression(int count, int width, double[] x, double[] y) {
        return new Samples(count, width, 0, x, y, null);
    }

    public static Samples classification(int count, int width, int classes, double[] x, int[] labels) {
        return new Samples(count, width, classes, x, null, labels);
    }

    /** Input s as a fresh array. */
    public double[] input(int s) {
        double[] v = new double[width];
        System.arraycopy(x, s * width, v, 0, width);
        return v;
    }
}
