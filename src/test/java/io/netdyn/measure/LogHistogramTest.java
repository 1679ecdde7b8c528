package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogHistogramTest {
    static LogHistogram of(List<Double> values) {
        LogHistogram h = new LogHistogram();
        for (double v : values) h.add(v);
        return h;
    }

    @Test
    void binsDoNotDependOnArrivalOrderEvenAcrossCoarsening() {
        SplittableRandom rnd = new SplittableRandom(4);
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < 5000; i++) v.add(rnd.nextGaussian() * (i % 7 == 0 ? 300 : 0.01));
        v.add(Double.NEGATIVE_INFINITY);
        v.add(Double.NaN);
        List<LogHistogram.Bin> ref = of(v).bins(37);
        for (int rep = 0; rep < 5; rep++) {
            Collections.shuffle(v, new Random(rep));
            LogHistogram h = of(v);
            assertEquals(ref, h.bins(37));
            assertEquals(5000, h.finiteCount());
            assertEquals(2, h.nonFiniteCount());
        }
    }

    @Test
    void binsCoverEveryValueAndCountThemOnce() {
        SplittableRandom rnd = new SplittableRandom(8);
        LogHistogram h = new LogHistogram();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < 3000; i++) {
            double x = rnd.nextDouble(-5, 3);
            h.add(x);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        List<LogHistogram.Bin> bins = h.bins(25);
        assertTrue(bins.size() <= 25);
        assertTrue(bins.get(0).lo() <= min && bins.get(bins.size() - 1).hi() > max);
        long total = 0;
        for (int i = 0; i < bins.size(); i++) {
            total += bins.get(i).count();
            if (i > 0) assertEquals(bins.get(i - 1).hi(), bins.get(i).lo(), 0.0);
        }
        assertEquals(3000, total);
    }

    @Test
    void narrowSpectraKeepFineBinsAndAConstantIsOneBin() {
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 100; i++) h.add(1e-6 * i);
        assertTrue(h.fineWidth() < 1e-8, "width " + h.fineWidth());
        assertEquals(10, h.bins(10).size());
        LogHistogram c = new LogHistogram();
        for (int i = 0; i < 10; i++) c.add(0.25);
        assertEquals(1, c.bins(50).size());
        assertEquals(10, c.bins(50).get(0).count());
        assertTrue(new LogHistogram().bins(5).isEmpty());
    }
}
