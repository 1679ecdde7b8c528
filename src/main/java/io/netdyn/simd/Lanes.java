package io.netdyn.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
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

    /**
     * The processor's widest vector of longs, for integer kernels (their results do not depend on
     * the lane count).
     */
    public static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    /**
     * Whether 64-bit lane multiplies are native and wide (8 longs: AVX-512 and the like); with
     * narrower vectors the JIT emulates them and the scalar integer loops are as fast.
     */
    public static final boolean WIDE_LONGS = LONGS.length() >= 8;

    /** null when the processor runs 4-double vectors natively; else why not. */
    static String check() {
        int bits = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        return bits >= 256 ? null : "off (the processor's widest double vector is " + bits + " bits; the kernels need 256)";
    }

    static String describe() {
        return "4 doubles a vector; the processor's widest: " + DoubleVector.SPECIES_PREFERRED.length();
    }
}
