package io.netdyn.model;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.I2D;
import static jdk.incubator.vector.VectorOperators.I2L;
import static jdk.incubator.vector.VectorOperators.L2D;
import static jdk.incubator.vector.VectorOperators.L2I;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.SQRT;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DrawMath#gaussian} of eight word pairs at once, bit for bit: every lane does the scalar
 * code's operations in its order (the same fma's, the same bit selections, the ln tables read by
 * a gather). Elementwise, so the lane count does not change any result. Only loaded when
 * {@link io.netdyn.simd.Simd#ON}; used with {@link PhiloxSimd} where
 * {@link io.netdyn.simd.Lanes#WIDE_LONGS}.
 */
final class DrawMathSimd {
    private DrawMathSimd() {}

    static final int LANES = 8;
    private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    private static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
    private static final long ONE = Double.doubleToRawLongBits(1.0);

    /** out[oo + j] = m · DrawMath.gaussian(w0[off + j], w1[off + j]) for j in [0, 8); idx: scratch of 8 ints. */
    static void gaussians(int[] w0, int[] w1, int off, double m, double[] out, int oo, int[] idx) {
        DoubleVector ln = lnUniform(IntVector.fromArray(I8, w0, off), idx);
        DoubleVector cos = cos2piUniform(IntVector.fromArray(I8, w1, off));
        ln.mul(-2.0).lanewise(SQRT).mul(cos).mul(m).intoArray(out, oo);
    }

    /** {@link DrawMath#lnUniform}, lane by lane. */
    static DoubleVector lnUniform(IntVector word, int[] idx) {
        DoubleVector x = ((DoubleVector) word.lanewise(XOR, 0x80000000).convertShape(I2D, D8, 0)).add(0x1.00000001p31);
        LongVector ix = x.reinterpretAsLongs();
        LongVector tmp = ix.sub(DrawMath.OFF);
        LongVector j = tmp.lanewise(ASHR, 52);
        LongVector i = tmp.lanewise(LSHR, 48).and(15L);
        DoubleVector z = ix.sub(j.lanewise(LSHL, 52)).reinterpretAsDoubles();
        ((IntVector) i.convertShape(L2I, I8, 0)).intoArray(idx, 0);
        DoubleVector c = DoubleVector.fromArray(D8, DrawMath.C, 0, idx, 0);
        DoubleVector lncHi = DoubleVector.fromArray(D8, DrawMath.LNC_HI, 0, idx, 0);
        DoubleVector lncLo = DoubleVector.fromArray(D8, DrawMath.LNC_LO, 0, idx, 0);
        DoubleVector s = z.sub(c).div(z.add(c));
        DoubleVector t = s.add(s), y = s.mul(s);
        DoubleVector p = y.lanewise(FMA, y.lanewise(FMA, y.lanewise(FMA, DrawMath.T9, DrawMath.T7), DrawMath.T5), DrawMath.T3);
        DoubleVector n = (DoubleVector) j.sub(32L).convertShape(L2D, D8, 0);
        DoubleVector hi = n.mul(DrawMath.LN2_HI).add(lncHi);
        DoubleVector lo = n.lanewise(FMA, DrawMath.LN2_LO, lncLo);
        return hi.add(t.add(t.lanewise(FMA, y.mul(p), lo)));
    }

    /** {@link DrawMath#cos2piUniform}, lane by lane. */
    static DoubleVector cos2piUniform(IntVector word) {
        IntVector q = word.add(1 << 29).lanewise(LSHR, 30);
        IntVector diff = word.sub(q.lanewise(LSHL, 30));
        DoubleVector r = ((DoubleVector) diff.convertShape(I2D, D8, 0)).add(0.5).mul(0x1p-30);
        DoubleVector y = r.mul(r);
        LongVector qL = (LongVector) q.convertShape(I2L, L8, 0);
        LongVector odd = qL.and(1L).neg();                          // all ones for q = 1, 3: sin
        double[] k = DrawMath.K;
        DoubleVector h = row(odd, k[8], k[17]);
        for (int e = 7; e >= 0; e--) h = y.lanewise(FMA, h, row(odd, k[e], k[9 + e]));
        LongVector yb = y.reinterpretAsLongs(), rb = r.reinterpretAsLongs();
        LongVector rp = r.mul(DrawMath.PIO2_HI).reinterpretAsLongs(), one = LongVector.broadcast(L8, ONE);
        DoubleVector f = yb.lanewise(XOR, yb.lanewise(XOR, rb).and(odd)).reinterpretAsDoubles();
        DoubleVector g = one.lanewise(XOR, one.lanewise(XOR, rp).and(odd)).reinterpretAsDoubles();
        DoubleVector v = f.lanewise(FMA, h, g);
        LongVector neg = qL.add(1L).and(2L).lanewise(LSHL, 62);
        return v.reinterpretAsLongs().lanewise(XOR, neg).reinterpretAsDoubles();
    }

    /** The cos-row coefficient where {@code odd} is 0, the sin-row one where it is all ones. */
    private static DoubleVector row(LongVector odd, double cosRow, double sinRow) {
        long a = Double.doubleToRawLongBits(cosRow), b = Double.doubleToRawLongBits(sinRow);
        return LongVector.broadcast(L8, a).lanewise(XOR, LongVector.broadcast(L8, a ^ b).and(odd)).reinterpretAsDoubles();
    }

}
