package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Axes and intervals: valid ranges, robust limits, clipped ends marked, log axes. */
class SvgPlotTest {
    private static final Palette PALETTE = new Palette(Set.of("a", "b"));

    /** y pixel coordinates of every interval path's vertices ("M x,y V y" bars). */
    private static List<Double> barEnds(String svg) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("M[-0-9.]+,([-0-9.]+)V([-0-9.]+)").matcher(svg);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
            out.add(Double.parseDouble(m.group(2)));
        }
        return out;
    }

    @Test
    void fractionsAreCutToTheUnitInterval() {
        assertArrayEquals(new double[] {0, 1}, Statistics.validRange("p_q1", 0.2, 0.9));
        assertArrayEquals(new double[] {0, 1}, Statistics.validRange("converged_frac", 0, 1));
        assertArrayEquals(new double[] {0, 1}, Statistics.validRange("hamming_mean", 0.1, 0.5));
        assertArrayEquals(new double[] {0, 1}, Statistics.validRange("d_theta_fold@nk=4", 0.1, 0.5));
        assertArrayEquals(new double[] {0, 1}, Statistics.validRange("weight_radius_censored", 0.1, 0.5));
        assertArrayEquals(new double[] {-1, 1}, Statistics.validRange("cos_mean", -0.2, 0.5));
        assertArrayEquals(new double[] {0, Double.POSITIVE_INFINITY}, Statistics.validRange("q_stable_mean", 0.5, 3));
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, Statistics.validRange("p_q1", 0.2, 1.3),
                "a fraction by name whose values leave [0, 1] is not cut");
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, Statistics.validRange("lambda_1", -1, 1));

        SvgPlot p = new SvgPlot("p_q1", "depth L", "p_q1").integerX().validY(0, 1);
        p.points("a", List.of(new SvgPlot.Pt(1, 0.5, -0.3, 1.4, "t1"), new SvgPlot.Pt(2, 0.6, -0.2, 1.3, "t2"), new SvgPlot.Pt(3, 0.95, -0.1, 1.2, "t3")));
        double[] yr = p.yRange(false);
        assertTrue(yr[0] >= -0.05 && yr[1] <= 1.05, "the axis stays near [0, 1]: " + yr[0] + ".." + yr[1]);
        String svg = p.svg(540, 320, PALETTE);
        assertEquals(0, p.clippedIntervals(), "cut at the valid range, which lies inside the axis: caps, no arrowheads");
        // y pixel of 0 and 1: the plot is 254 px high from y = 26
        double y0 = 26 + 254 - (0 - yr[0]) / (yr[1] - yr[0]) * 254, y1 = 26 + 254 - (1 - yr[0]) / (yr[1] - yr[0]) * 254;
        for (double y : barEnds(svg)) assertTrue(y <= y0 + 0.1 && y >= y1 - 0.1, "bar end " + y + " inside [" + y1 + ", " + y0 + "]");
    }

    @Test
    void oneWildIntervalDoesNotHideTheTheory() {
        SvgPlot p = new SvgPlot("q", "depth L", "q").integerX();
        List<SvgPlot.Pt> pts = new ArrayList<>();
        for (int d = 1; d <= 8; d++) pts.add(new SvgPlot.Pt(d, 1 + 0.01 * d, 0.98 + 0.01 * d, 1.02 + 0.01 * d, null));
        pts.set(4, new SvgPlot.Pt(5, 1.05, -100, 100, null));
        p.points("a", pts);
        p.curve("a", new double[] {1, 8}, new double[] {1.0, 1.0});
        double[] yr = p.yRange(false);
        assertTrue(yr[0] > 0.9 && yr[1] < 1.2, "values, theory and the 2nd–98th percentile of interval ends: " + yr[0] + ".." + yr[1]);
        String svg = p.svg(540, 320, PALETTE);
        assertEquals(2, p.clippedIntervals(), "both ends of the wild interval are cut");
        assertEquals(2, count(svg, "l-4,[-]?7h8z"), "and marked with arrowheads");
        assertEquals(7 * 2, count(svg, "h6"), "the other intervals end in caps");
        assertTrue(svg.contains("<polyline class=\"theory\""));
    }

    @Test
    void logAxesShowThePositivePartAndSaySo() {
        SvgPlot p = new SvgPlot("q", "depth L", "q").integerX();
        List<SvgPlot.Pt> pts = new ArrayList<>();
        for (int d = 1; d <= 6; d++) pts.add(new SvgPlot.Pt(d, Math.pow(10, d), -Math.pow(10, d), 2 * Math.pow(10, d), null));
        p.points("a", pts);
        String svg = p.svg(540, 320, PALETTE);
        assertTrue(p.logYUsed());
        assertTrue(svg.contains("q (log scale: positive part)"));
        assertEquals(6, p.openIntervals(), "every lower end is ≤ 0: an open bar to the bottom edge");
        assertEquals(1, p.clippedIntervals(), "the top end 2e6 is past the 98th percentile: an arrowhead");
        assertEquals(5, count(svg, "h6"), "caps on the 5 upper ends inside the axis, none on the open lower ends");
        assertTrue(svg.contains(">1e3</text>"), "decade ticks");
        SvgPlot neg = new SvgPlot("x", "depth L", "x").points("a", List.of(new SvgPlot.Pt(1, -1), new SvgPlot.Pt(2, 1e6)));
        assertFalse(neg.svg(540, 320, PALETTE).contains("log scale"), "a non-positive value keeps the axis linear");
    }

    @Test
    void percentileRanksDropTheExtremeEndFirst() {
        List<Double> v = List.of(1.0, 2.0, 3.0, 100.0);
        assertEquals(3.0, SvgPlot.rank(v, 0.98, true));
        assertEquals(2.0, SvgPlot.rank(v, 0.02, false), "up to 50 ends: the lowest is dropped too");
        assertEquals(5.0, SvgPlot.rank(List.of(5.0), 0.98, true));
    }

    @Test
    void legendsLeaveOutWhatAllSeriesShare() {
        assertEquals(List.of("gaussian:1, tanh", "cauchy:1, relu"), SvgPlot.legendTexts(List.of("N=8, gaussian:1, tanh", "N=8, cauchy:1, relu")));
        assertArrayEquals(new String[] {"gaussian:1.5, relu,", "bias gaussian:0.1"}, SvgPlot.wrap("gaussian:1.5, relu, bias gaussian:0.1"));
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
