package io.netdyn.io.weights;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One named array read from a weights file, converted to doubles in C (row-major) order:
 * element (i0, i1, ..., ik) sits at i0·s1·...·sk + ... + ik.
 */
public record NdArray(String name, int[] shape, double[] data) {

    public int rank() { return shape.length; }

    /** The shape as Python prints it: (2, 3, 3), (4,) or (). */
    public String shapeText() { return shapeText(shape); }

    static String shapeText(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Product of the dimensions; an IllegalArgumentException (naming {@code where}) past 2^31 - 1. */
    static int elements(int[] shape, String where) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(where + ": shape " + shapeText(shape)
                    + " has more than 2^31 - 1 elements");
        }
        return (int) n;
    }
}
