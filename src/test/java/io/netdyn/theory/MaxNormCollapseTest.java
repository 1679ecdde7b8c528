package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.MaxNormConstruction.Variant;
import io.netdyn.model.SpecialFunctions;
import org.junit.jupiter.api.Test;

/** The large-k collapse rate of maxnorm networks: its threshold and moment against direct integration. */
class MaxNormCollapseTest {

    @Test
    void theThresholdKeepsAShareKOverNAndTheMomentIsTheTruncatedOne() {
        for (double ratio : new double[] {1.5, 2, 4, 8, 16, 100}) {
            double c = MaxNormCollapse.threshold(ratio);
            assertEquals(1 / ratio, 1 - SpecialFunctions.erf(c / Math.sqrt(2)), 1e-12, "P(|Z| > c) at n/k = " + ratio);
            // E[Z² ; |Z| > c] / P(|Z| > c) by the midpoint rule on [c, c + 12]
            int m = 200_000;
            double h = 12.0 / m, num = 0;
            for (int i = 0; i < m; i++) {
                double z = c + (i + 0.5) * h;
                num += 2 * z * z * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * h;
            }
            assertEquals(num * ratio, MaxNormCollapse.secondMoment(ratio), 1e-8 * num * ratio, "m2 at n/k = " + ratio);
        }
        assertEquals(0, MaxNormCollapse.log10SlopePerLayer(1), 1e-12, "n = k: no selection");
        assertEquals(-0.3020, MaxNormCollapse.log10SlopePerLayer(8), 5e-4);
        assertEquals(MaxNormCollapse.log10SlopePerLayer(4), MaxNormCollapse.log10SlopePerLayer(8, Variant.NEGATIVE), 1e-12);
        assertTrue(Double.isNaN(MaxNormCollapse.log10SlopePerLayer(1.5, Variant.NEGATIVE)));
    }
}
