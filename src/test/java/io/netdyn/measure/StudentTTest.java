package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Student-t quantiles against reference values (R qt / scipy.stats.t.ppf, 17 digits). */
class StudentTTest {
    @Test
    void quantile975MatchesReferenceValuesTo1e12() {
        long[] df = {1, 2, 10, 30, 1000};
        double[] ref = {12.706204736174698, 4.302652729749464, 2.2281388519862744, 2.0422724563012373, 1.9623390808264078};
        double worst = 0;
        for (int i = 0; i < df.length; i++) {
            double t = StudentT.quantile975(df[i]);
            double err = Math.abs(t - ref[i]);
            System.out.printf("t_0.975,%d = %.17g  |error| = %.3g%n", df[i], t, err);
            assertEquals(ref[i], t, 1e-12, "df " + df[i]);
            worst = Math.max(worst, err);
        }
        System.out.printf("worst |error| %.3g; Cornish-Fisher at 1000: error %.3g%n", worst, StudentT.cornishFisher(1.959963984540054, 1000) - ref[4]);
    }

    @Test
    void closedFormsAndTheLargeDfBranchAgree() {
        for (double p : new double[] {0.6, 0.9, 0.975, 0.995}) {
            assertEquals(Math.tan(Math.PI * (p - 0.5)), StudentT.quantile(p, 1), 1e-12 * Math.tan(Math.PI * (p - 0.5)));
            double a = 2 * p - 1;
            assertEquals(a / Math.sqrt(2 * p * (1 - p)), StudentT.quantile(p, 2), 1e-13);
        }
        // the series and Cornish–Fisher branches meet at the switch
        long m = StudentT.SERIES_MAX;
        assertEquals(StudentT.quantile(0.9750000000000001, m), StudentT.quantile975(m), 1e-13);
        assertEquals(StudentT.quantile(0.975, m - 1), StudentT.cornishFisher(1.959963984540054, m - 1), 1e-13);
        // monotone in df towards z
        double prev = Double.POSITIVE_INFINITY;
        for (long d = 1; d < 200; d++) {
            double t = StudentT.quantile975(d);
            assertTrue(t < prev && t > 1.959963984540054, "df " + d);
            prev = t;
        }
        assertEquals(-StudentT.quantile(0.975, 7), StudentT.quantile(0.025, 7), 0);
    }
}
