package io.netdyn.theory.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.model.Activation;
import io.netdyn.spec.DoubleList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The critical line χ1 = 1 at σ_b = 0, where χ1 = σ_w² φ'(0)² has a closed form. */
class PhaseDiagramTest {
    @Test
    void criticalSigmaWAtZeroBiasIsOneOverPhiPrimeAtZero() {
        assertEquals(1.0, PhaseDiagram.criticalSigmaW(Activation.TANH, 0), 1e-6);
        assertEquals(Math.sqrt(Math.PI) / 2, PhaseDiagram.criticalSigmaW(Activation.ERF, 0), 1e-9, "erf'(0) = 2/√π");
        assertEquals(1.0, PhaseDiagram.criticalSigmaW(Activation.LINEAR, 0.5), 1e-9, "linear: χ1 = σ_w² for any σ_b");
        assertEquals(Math.sqrt(2), PhaseDiagram.criticalSigmaW(Activation.RELU, 0.5), 1e-9, "relu: χ1 = σ_w²/2 for any σ_b");
    }

    @Test
    void linearRangesAreExactDecimals() {
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5), DoubleList.parse("0:0.5:0.1"));
        assertEquals(List.of(0.5, 1.0, 2.0, 2.5), DoubleList.parse("0.5,1,2:2.6:0.5"));
    }
}
