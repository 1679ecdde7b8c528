package io.netdyn.model;

/** Special functions the JDK lacks, to double precision. */
public final class SpecialFunctions {
    private SpecialFunctions() {}

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    // Cephes tanh.c: tanh(x) = x + x·s·P(s)/Q(s), s = x², on |x| < 0.625. The constants of tanh
    // are public for its vector form (backend/cpu/MapKernelsSimd), which must use the same ones.
    public static final double P0 = -9.64399179425052238628E-1, P1 = -9.92877231001918586564E1,
            P2 = -1.61468768441708447952E3;
    public static final double Q0 = 1.12811678491632931402E2, Q1 = 2.23548839060100448583E3,
            Q2 = 4.84406305325125486048E3;

    /**
     * tanh(x) to ≈ 4.5e-16 relative (2 ulps of StrictMath.tanh), exactly odd. Why not
     * {@code Math.tanh}: on JDK 17 it is a native fdlibm call (~0.3 µs, measured), which made a
     * fixed-point search 50× slower than its matrix work. With z = |x|: Cephes' rational minimax
     * form z + z·s·P(s)/Q(s), s = z², on z &lt; 0.625; 1 − 2/(e^{2z} + 1) beyond, with e^{2z} from
     * {@link #expTanh} and z capped at 22 (where the formula is 1 exactly). Only operations that
     * round one way (+ − × ÷, fma, bit operations), so the vector form
     * ({@code backend/cpu/MapKernelsSimd.tanh}) and the kernels ({@code kernels/map_common.cuh})
     * give the same bits.
     */
    public static double tanh(double x) {
        double z = Math.abs(x), t;
        if (z >= 0.625) {
            t = 1 - 2 / (expTanh(2 * Math.min(z, 22)) + 1);
        } else {
            double s = z * z;
            double p = (P0 * s + P1) * s + P2;
            double q = ((s + Q0) * s + Q1) * s + Q2;
            t = z + z * s * (p / q);
        }
        return Math.copySign(t, x);           // ±0 and NaN pass through (NaN fails z ≥ 0.625 and stays NaN)
    }

    // e^a = 2^k e^r: k = round(a/ln 2) by the 1.5·2^52 shift (k sits in the low mantissa bits),
    // r = a − k ln 2 in two fma steps (|r| ≤ ln 2 / 2), e^r by its Taylor polynomial to r^13
    // (truncation < 5e-18), 2^k built from k's bits.
    public static final double EXP_SHIFT = 0x1.8p52, INV_LN2 = 0x1.71547652b82fep0,
            LN2_HI = 0x1.62e42fefa39efp-1, LN2_LO = 0x1.abc9e3b39803fp-56;
    public static final long EXP_SHIFT_BITS = 0x4338000000000000L;
    /** 1/n!, n = 0..13, correctly rounded. */
    public static final double E0 = 0x1.0p0, E1 = 0x1.0p0, E2 = 0x1.0p-1, E3 = 0x1.5555555555555p-3,
            E4 = 0x1.5555555555555p-5, E5 = 0x1.1111111111111p-7, E6 = 0x1.6c16c16c16c17p-10,
            E7 = 0x1.a01a01a01a01ap-13, E8 = 0x1.a01a01a01a01ap-16, E9 = 0x1.71de3a556c734p-19,
            E10 = 0x1.27e4fb7789f5cp-22, E11 = 0x1.ae64567f544e4p-26, E12 = 0x1.1eed8eff8d898p-29,
            E13 = 0x1.6124613a86d09p-33;

    /** e^a for a in [1.25, 44] (tanh's range), within 1 ulp of StrictMath.exp. */
    static double expTanh(double a) {
        double t = Math.fma(a, INV_LN2, EXP_SHIFT);
        double k = t - EXP_SHIFT;
        double r = Math.fma(-k, LN2_HI, a);
        r = Math.fma(-k, LN2_LO, r);
        double p = Math.fma(E13, r, E12);
        p = Math.fma(p, r, E11);
        p = Math.fma(p, r, E10);
        p = Math.fma(p, r, E9);
        p = Math.fma(p, r, E8);
        p = Math.fma(p, r, E7);
        p = Math.fma(p, r, E6);
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E1);
        p = Math.fma(p, r, E0);
        double twoK = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - EXP_SHIFT_BITS + 1023) << 52);
        return p * twoK;
    }

    /**
     * erf(x). For |x| &lt; 3 the all-positive series
     * erf(x) = (2/√π) e^{-x²} Σ_n 2^n x^{2n+1} / (1·3···(2n+1)) (no cancellation);
     * beyond, 1 - erfc(x) with erfc from its continued fraction.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 6) return Math.signum(x);
        if (ax < 3) {
            double term = ax, sum = ax, x2 = 2 * ax * ax;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= x2 / (2 * n + 1);
                sum += term;
            }
            return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum, x);
        }
        return Math.copySign(1 - erfcLarge(ax), x);
    }

    /** erfc(x) for x ≥ 3: e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), Lentz. */
    static double erfcLarge(double x) {
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 300; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
