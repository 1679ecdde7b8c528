package io.netdyn.model;

/**
 * netdyn's own ln U and cos(2π U) for the uniforms U = (k + 1/2)·2^-32 of one Philox word k
 * ({@link Philox4x32#uniform}), used by every Box–Muller draw (docs/model.md, "Reproducible
 * randomness"). Built only from IEEE-754 operations that round exactly one way (+ − × ÷, fma,
 * integer and bit operations, double constants written in hex), so the results are the same bits
 * on every JVM and machine, in the CUDA kernels ({@code kernels/drawmath.cuh}, the same
 * operations in the same order, every fused multiply-add an explicit fma and no other product
 * contracted) and in the kernel emulator. Library log/cos are free to differ by an ulp between
 * Java, glibc and CUDA; these are not.
 *
 * <p>Accuracy: at most one double away from the correctly rounded value (largest error against
 * a 200-bit reference on 200 000 words: 0.98 ulp for ln U, 1.01 ulp for cos 2πU; DrawMathTest checks a
 * strided sweep of all words, a million random ones and the edge words against StrictMath).
 * About twice as fast as Math.log + Math.cos (no argument reduction, no special cases: the
 * argument is always a Philox uniform).
 * {@link Math#fma} is one instruction on x86 with FMA3 and on ARM64; without hardware FMA the JDK
 * emulates it (slow, still exact).
 */
public final class DrawMath {
    private DrawMath() {}

    // ---- ln U -------------------------------------------------------------------------------
    // x = k + 1/2 (exact) = z·2^j with z in [0.6875, 1.375) from x's bits; 16 subintervals of z
    // (width 1/32 below 1, 1/16 above), centre c_i (c = 1 exactly for [0.96875, 1), so that
    // ln U is accurate to the last bit as U → 1). With s = (z − c)/(z + c), |s| < 0.0159:
    //   ln z = ln c + 2 atanh s = ln c + 2s (1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9)   (truncation < 2^-63)
    //   ln U = (j − 32) ln 2 + ln z,  ln 2 = LN2_HI + LN2_LO and ln c = LNC_HI + LNC_LO split so
    //   that (j − 32)·LN2_HI + LNC_HI is exact; the small parts are added last.

    /** Bits of 0.6875: x − OFF puts z's exponent in the top bits and the subinterval below them. */
    static final long OFF = 0x3FE6000000000000L;

    /** Subinterval centres c_i, exact in a few bits. */
    static final double[] C = {
        0x1.68p-1, 0x1.78p-1, 0x1.88p-1, 0x1.98p-1, 0x1.a8p-1, 0x1.b8p-1, 0x1.c8p-1, 0x1.d8p-1,
        0x1.e8p-1, 0x1.0p0, 0x1.08p0, 0x1.18p0, 0x1.28p0, 0x1.38p0, 0x1.48p0, 0x1.58p0,
    };

    /**
     * ln c_i = LNC_HI[i] + LNC_LO[i]: LNC_HI a multiple of 2^-32 (so n·LN2_HI + LNC_HI is exact),
     * LNC_LO the rest rounded to nearest (DrawMathTest checks the pair against Math.log).
     */
    static final double[] LNC_HI = {
        -0x1.68ac83e8p-2, -0x1.3c252774p-2, -0x1.1178e824p-2, -0x1.d1037f28p-3,
        -0x1.823c1658p-3, -0x1.365fcbp-3, -0x1.da72764p-4, -0x1.4d3115dp-4,
        -0x1.894aa14p-5, 0x0.0p0, 0x1.f829b1p-6, 0x1.6f0d28bp-4,
        0x1.29552f8p-3, 0x1.9525a9dp-3, 0x1.fb9186d8p-3, 0x1.2e8e2bbp-2,
    };
    static final double[] LNC_LO = {
        -0x1.c6a141a64eaddp-34, 0x1.99cf895693f28p-35, 0x1.81b8421cc74bep-34, 0x1.aa184a7e75b6fp-35,
        0x1.72e1f224659cep-34, -0x1.590162fa8234bp-35, 0x1.eee576bfe058fp-34, -0x1.03f562ed3e859p-35,
        -0x1.3f66866a2fa5ep-34, 0x0.0p0, -0x1.87ccffb30703fp-34, -0x1.a94b4641b6646p-36,
        0x1.ff5234c05dc71p-35, -0x1.75297137d9f16p-36, -0x1.0e0eab9555ccap-34, -0x1.ee2cf63d336e5p-34,
    };

    /** ln 2 = LN2_HI + LN2_LO; LN2_HI has 21 significant bits (fdlibm's split). */
    static final double LN2_HI = 0x1.62e42feep-1, LN2_LO = 0x1.a39ef35793c76p-33;
    static final double T3 = 0x1.5555555555555p-2, T5 = 0x1.999999999999ap-3,
            T7 = 0x1.2492492492492p-3, T9 = 0x1.c71c71c71c71cp-4;

    /** ln U for U = Philox4x32.uniform(word) = (word + 1/2)·2^-32, in [−33 ln 2, 0). */
    public static double lnUniform(int word) {
        double x = (word ^ 0x80000000) + 0x1.00000001p31;            // (k − 2^31) + (2^31 + 1/2): exact
        long ix = Double.doubleToRawLongBits(x);
        long tmp = ix - OFF;
        int j = (int) (tmp >> 52);                                   // x = z·2^j
        int i = (int) (tmp >>> 48) & 15;                             // subinterval of z
        double z = Double.longBitsToDouble(ix - ((long) j << 52));
        double c = C[i];
        double s = (z - c) / (z + c);                                // z − c exact (Sterbenz)
        double t = s + s, y = s * s;
        double p = Math.fma(y, Math.fma(y, Math.fma(y, T9, T7), T5), T3);
        double n = j - 32;
        double hi = n * LN2_HI + LNC_HI[i];                          // exact (both multiples of 2^-32)
        double lo = Math.fma(n, LN2_LO, LNC_LO[i]);
        return hi + (t + Math.fma(t, y * p, lo));
    }

    // ---- cos 2πU ----------------------------------------------------------------------------
    // U = (k + 1/2)·2^-32 = (q + r)/4 exactly, q = ⌊(k + 2^29)/2^30⌋ mod 4 and
    // r = (k − q·2^30 + 1/2)·2^-30 in [−1/2, 1/2): 2πU = qπ/2 + θ, θ = (π/2) r, |θ| ≤ π/4, so
    // cos 2πU = cos θ, −sin θ, −cos θ, sin θ for q = 0, 1, 2, 3 — no rounded argument, unlike
    // cos(2*PI*u), whose argument error (≈ 2^-51) is many ulps of the result near its zeros.
    // Both kernels are Taylor series in r (terms below 2^-58 dropped, coefficients rounded to
    // nearest), evaluated by Horner with fma; the quadrant is selected by bit operations (it is
    // random, so a branch would mispredict half the time).
    //   cos θ = 1 + y (A1 + y (A2 + … + y A8)),   y = r², A_n = (−1)^n (π/2)^(2n) / (2n)!
    //   sin θ = r·PIO2_HI + r (PIO2_LO + y (B1 + … + y B8)),  B_n = (−1)^n (π/2)^(2n+1) / (2n+1)!
    // (PIO2_HI: π/2 to 21 bits, so r·PIO2_HI is exact; PIO2_LO = π/2 − PIO2_HI.)

    static final double A1 = -0x1.3bd3cc9be45dep+0, A2 = 0x1.03c1f081b5ac4p-2, A3 = -0x1.55d3c7e3cbffap-6,
            A4 = 0x1.e1f506891babbp-11, A5 = -0x1.a6d1f2a204a8cp-16, A6 = 0x1.f9d38a3763cc3p-22,
            A7 = -0x1.b6e24f44b128fp-28, A8 = 0x1.20c62c2f2d7f5p-34, A9 = -0x1.2a0c591af8314p-41;
    static final double B1 = -0x1.4abbce625be53p-1, B2 = 0x1.466bc6775aae2p-4, B3 = -0x1.32d2cce62bd86p-8,
            B4 = 0x1.50783487ee782p-13, B5 = -0x1.e3074fde8871fp-19, B6 = 0x1.e8f434d018d63p-25,
            B7 = -0x1.6fadb9f155744p-31, B8 = 0x1.aaec32af93359p-38;
    static final double PIO2_HI = 0x1.921fbp0, PIO2_LO = 0x1.5110b4611a626p-22;

    /** Horner coefficients by quadrant parity: cos row A1..A9, sin row PIO2_LO, B1..B8. */
    static final double[] K = {
        A1, A2, A3, A4, A5, A6, A7, A8, A9,
        PIO2_LO, B1, B2, B3, B4, B5, B6, B7, B8,
    };

    /** cos 2πU for U = Philox4x32.uniform(word) = (word + 1/2)·2^-32. */
    public static double cos2piUniform(int word) {
        int q = (word + (1 << 29)) >>> 30;                           // quadrant mod 4 (wraps)
        double r = ((word - (q << 30)) + 0.5) * 0x1p-30;             // int difference in [−2^29, 2^29)
        double y = r * r;
        int o = (q & 1) * 9;                                         // 0: cos, 9: sin
        double h = Math.fma(y, Math.fma(y, Math.fma(y, Math.fma(y, Math.fma(y, Math.fma(y, Math.fma(y,
                Math.fma(y, K[o + 8], K[o + 7]), K[o + 6]), K[o + 5]), K[o + 4]), K[o + 3]), K[o + 2]), K[o + 1]), K[o]);
        long odd = -(long) (q & 1);                                  // all ones for q = 1, 3: sin
        long yb = Double.doubleToRawLongBits(y), rb = Double.doubleToRawLongBits(r);
        long one = Double.doubleToRawLongBits(1.0), rp = Double.doubleToRawLongBits(r * PIO2_HI);
        double f = Double.longBitsToDouble(yb ^ ((yb ^ rb) & odd));           // y (cos) or r (sin)
        double g = Double.longBitsToDouble(one ^ ((one ^ rp) & odd));         // 1 (cos) or r·PIO2_HI (sin)
        double v = Math.fma(f, h, g);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(v) ^ ((long) ((q + 1) & 2) << 62));  // negative for q = 1, 2
    }

    /** The Box–Muller radius sqrt(−2 ln U0) of a word pair. */
    public static double radius(int w0) {
        return Math.sqrt(-2 * lnUniform(w0));
    }

    /** The Box–Muller Gaussian of two Philox words: sqrt(−2 ln U0)·cos(2π U1). */
    public static double gaussian(int w0, int w1) {
        return radius(w0) * cos2piUniform(w1);
    }

    /** Word w − 2^30 (wrapping): its uniform is U − 1/4 mod 1, so cos 2π(U − 1/4) = sin 2πU exactly. */
    public static final int QUARTER_TURN = 1 << 30;

    /**
     * Gaussian j (0..3) of one Philox block's four words (a Gaussian weight or bias tensor's
     * layout, {@link TensorSampler}): both variates of the Box–Muller pairs (w0, w1) and (w2, w3),
     * <pre>
     *   Z_0 = R_0 cos 2πU_1,  Z_1 = R_0 sin 2πU_1,  Z_2 = R_2 cos 2πU_3,  Z_3 = R_2 sin 2πU_3,
     *   R_i = sqrt(−2 ln U_i),   sin 2πU = cos2piUniform(w − 2^30)
     * </pre>
     */
    public static double gaussianOfBlock(int[] block, int j) {
        int p = j & 2;
        return gaussian(block[p], block[p + 1] - (j & 1) * QUARTER_TURN);
    }
}
