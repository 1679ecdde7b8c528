package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.io.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** esd.csv in the report: which depths, which theory (and why none), the density's normalisation. */
class EsdFiguresTest {
    private static EsdTable.CellKey cell(String dist, String act, String bias) { return new EsdTable.CellKey(16, dist, act, bias, ""); }

    @Test
    void firstMiddleAndLastDepth() {
        assertEquals(List.of(1, 3, 6), EsdTable.chosenDepths(List.of(1, 2, 3, 4, 5, 6)));
        assertEquals(List.of(2, 4), EsdTable.chosenDepths(List.of(2, 4)));
        assertEquals(List.of(7), EsdTable.chosenDepths(List.of(7)));
        assertThrows(IllegalArgumentException.class, () -> EsdTable.parse("width,depth\n1,2\n"));
    }

    /** ∫ p(ln σ) d ln σ over the support: 1 when p = 2λρ(λ)/(1 − atom) is the density of ln σ. */
    private static double mass(EsdTheory.Result r) {
        double hi = 0.5 * Math.log(r.density().upperEdge()), lo = hi - 40, s = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) s += r.lnSigmaDensity(lo + (i + 0.5) * (hi - lo) / n) * (hi - lo) / n;
        return s;
    }

    @Test
    void theDensityOfLnSigmaIntegratesToOne() {
        EsdTheory t = new EsdTheory(null);
        EsdTheory.Result tanh = t.at(cell("gaussian:1.5", "tanh", "gaussian:0.1"), 3);
        assertNull(tanh.reason());
        assertEquals(1, mass(tanh), 0.01);
        EsdTheory.Result relu = t.at(cell("gaussian:1.2", "relu", "none"), 2);   // atom at 0: conditioned on σ > 0
        assertNotNull(relu.density());
        assertEquals(1, mass(relu), 0.02);
    }

    @Test
    void noTheoryWhereItDoesNotApplyAndTheReasonSaysWhy() throws Exception {
        EsdTheory t = new EsdTheory(null);
        assertTrue(t.at(cell("cauchy:1", "tanh", "none"), 2).reason().contains("heavy-tailed"));
        assertTrue(t.at(cell("gaussian:1", "tanh", "cauchy:0.1"), 2).reason().contains("heavy-tailed"));
        assertTrue(t.at(cell("orthogonal:1", "tanh", "none"), 2).reason().contains("orthogonal"));
        assertTrue(t.at(cell("imported:nets", "tanh", "file"), 2).reason().contains("imported"));
        assertTrue(t.at(cell("gaussian:2", "relu", "none"), 2).reason().contains("q*"), "relu with σ_w² > 2: no finite q*");
        JsonObject m = new JsonObject();
        m.putObject("spec").put("last-linear", "true");
        assertTrue(new EsdTheory(m).at(cell("gaussian:1", "tanh", "none"), 2).reason().contains("linear last layer"));
        JsonObject w = new JsonObject();
        w.putObject("spec").put("weights", "nets.npz");
        assertTrue(new EsdTheory(w).at(cell("gaussian:1", "tanh", "none"), 2).reason().contains("imported"));
        JsonObject none = new JsonObject();
        none.putObject("spec").put("scaling", "none");   // σ_w² = N·1 = 16: still a mean field, at a different σ_w
        EsdTheory.Result unscaled = new EsdTheory(none).at(cell("gaussian:1", "tanh", "none"), 1);
        assertNotNull(unscaled.density());
        double m1 = t.at(cell("gaussian:1", "tanh", "none"), 1).density().theoryM1();
        assertTrue(Math.abs(unscaled.density().theoryM1() / m1 - 1) > 0.1, "the manifest's scaling is used: " + unscaled.density().theoryM1() + " vs " + m1);
    }
}
