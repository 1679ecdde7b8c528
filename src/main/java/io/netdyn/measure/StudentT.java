package io.netdyn.measure;

/** The 0.975 quantile of Student's t, for 95% intervals. */
final class StudentT {
    private StudentT() {}

    private static final double[] TABLE = {Double.NaN,
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

    /** Exact table to df 30; beyond, the Cornish–Fisher expansion in 1/df (error &lt; 1e-4). */
    static double quantile975(long df) {
        if (df < 1) return Double.NaN;
        if (df < TABLE.length) return TABLE[(int) df];
        double z = 1.959963984540054, z3 = z * z * z, z5 = z3 * z * z, v = df;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
    }
}
