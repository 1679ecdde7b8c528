package io.netdyn.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape every vector kernel uses: four doubles (256 bits), on every processor that
 * has them — a fixed width, so the lane structure (and with it the summation order) does not
 * depend on the machine. Loaded only when {@link Simd} found the module.
 */
public final class Lanes {
    private Lanes() {}

    /** Four doubles. */
    public static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

    /** null when the processor runs 4-double vectors natively; else why not. */
    static String check() {
        int bits = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        return bits >= 256 ? null : "off (the processor's widest double vector is " + bits + " bits; the kernels need 256)";
    }

    static String describe() {
        return "4 doubles a vector; the processor's widest: " + DoubleVector.SPECIES_PREFERRED.length();
    }
}
