package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.sweep.SweepRunner;
import io.netdyn.theory.MeanField;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measured q_l of Gaussian tanh networks at N = 512 against the mean-field length map
 * q_l = σ_w² ∫Dz tanh(√q_{l-1} z)² + σ_b², q_1 = σ_w² q0 + σ_b² (docs/measures/propagation.md,
 * "Theory beside the measurement"), within 2% over 10 layers; the correlation c_l of inputs at
 * c0 = 0.5 against the correlation map within 0.02.
 */
class MeanFieldPropagationTest {
    @Test
    void lengthAndCorrelationMapsMatchAtWidth512(@TempDir Path dir) throws Exception {
        // σ_w, σ_b, q0, networks. In the ordered phase with bias every probe of a network
        // converges to the same point, so q_l is dominated by that network's ‖b‖²/N: it
        // needs more networks for the same accuracy than the chaotic phase, which self-averages.
        // The last case (c0 = 0.5) checks the correlation map; correlated probes average less,
        // so it checks c only.
        double[][] cases = {{1.5, 0.0, 1.0, 8, 0}, {2.5, 0.3, 0.5, 8, 0}, {0.8, 0.2, 2.0, 192, 0}, {1.5, 0.3, 1.0, 12, 0.5}};
        for (double[] c : cases) {
            double sw = c[0], sb = c[1], q0 = c[2];
            SpecResolver r = new SpecResolver()
                    .set(SweepOption.WIDTHS, "512").set(SweepOption.DEPTHS, "1:10")
                    .set(SweepOption.DIST, "gaussian:" + sw)
                    .set(SweepOption.BIAS, sb == 0 ? "none" : "gaussian:" + sb)
                    .set(SweepOption.ACTIVATION, "tanh").set(SweepOption.NETWORKS, Integer.toString((int) c[3]))
                    .set(SweepOption.PROBES, "16").set(SweepOption.INPUT_CORR, Double.toString(c[4])).set(SweepOption.Q0, Double.toString(q0))
                    .set(SweepOption.BACKEND, "cpu").set(SweepOption.THREADS, "2")
                    .set(SweepOption.OUT, dir.resolve("o" + sw + "-" + sb + "-" + c[4]).toString());
            List<ResultRow> rows = new SweepRunner(new PrintStream(new ByteArrayOutputStream()))
                    .run(r.resolve(Measures.names()), "test").rows();
            double[] theory = new MeanField(Activation.TANH, sw * sw, sb * sb).qTrajectory(sw * sw * q0 + sb * sb, 10);
            int checked = 0;
            for (ResultRow row : rows) {
                if (row.statistic().equals("c")) {
                    assertEquals(row.theory(), row.value(), 0.02, String.format("c at σ_w=%s σ_b=%s depth %d", sw, sb, row.depth()));
                }
                if (!row.statistic().equals("q") || c[4] > 0) continue;
                assertEquals(theory[row.depth() - 1], row.theory(), 1e-12, "theory column");
                double want = theory[row.depth() - 1];
                assertEquals(want, row.value(), 0.02 * want,
                        String.format("σ_w=%s σ_b=%s q0=%s depth %d: measured %.5f, mean field %.5f", sw, sb, q0,
                                row.depth(), row.value(), want));
                checked++;
            }
            assertEquals(c[4] > 0 ? 0 : 10, checked);
        }
        assertTrue(new MeanField(Activation.TANH, 2.25, 0).qTrajectory(2.25, 10)[9] > 0.1, "nontrivial q* for σ_w=1.5");
    }
}
