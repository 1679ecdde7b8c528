package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Radhakrishnan, Belkin &amp; Uhler (PNAS 2020): an over-parameterised autoencoder trained on one
 * sample stores it as an attractor. tanh, N = 16, depth 2, σ_w = 1, no bias, 64 networks: after
 * 300 steps every network fits the sample (loss &lt; 1e-4) and it was a fixed point of none before
 * training; wherever the iteration from it stays there (memorised) it is a stable fixed point.
 * With SGD (lr 0.5) every network holds it as an attractor that recalls copies with 5% noise; with
 * Adam (lr 0.01) most do (measured: 53 of 64; the rest fit the sample as an unstable point or
 * with a basin narrower than the noise).
 */
class OneSampleAutoencoderTest {
    static final int NETWORKS = 64;
    final Architecture arch = new Architecture(16, 2, Activation.TANH, false, Distribution.gaussian(1), Scaling.DEFAULT,
            Optional.empty());
    final NetworkShape shape = NetworkShape.of(arch);
    final TaskData data = TaskData.generate(Task.parse("autoencode:random:1"), arch, 0, 0, 7);

    @Test
    void theTrainedSampleBecomesAStableFixedPoint() {
        Object[][] runs = {{Optimizer.sgd(), 0.5, NETWORKS}, {Optimizer.adam(), 0.01, NETWORKS * 3 / 4}};
        MemoryDiagnostics md = new MemoryDiagnostics(shape, MemoryDiagnostics.Settings.DEFAULT);
        for (Object[] run : runs) {
            Optimizer opt = (Optimizer) run[0];
            int recalled = 0;
            for (long net = 0; net < NETWORKS; net++) {
                NetworkWeights w0 = InitialWeights.sample(arch, 7, net);
                assertEquals(0.0, md.memorised(w0, data.train()), "the untrained network does not hold the sample");
                TrainResult r = new NetworkTrainer(shape).train(w0, data, TrainSettings.of(opt, (double) run[1], 7), 300, net, null);
                assertTrue(r.train().loss() < 1e-4, opt.label() + " network " + net + ": loss " + r.train().loss());
                if (md.memorised(r.weights(), data.train()) == 0) continue;
                MemoryDiagnostics.Attractor a = md.iterate(r.weights(), data.train().x(), 0);
                assertTrue(a.stable(), opt.label() + " network " + net + ": ρ = " + a.spectralRadius());
                if (md.recall(r.weights(), data.train(), Corruption.noise(0.05), 20, 7, net) >= 0.9) recalled++;
            }
            System.out.printf("one-sample autoencoder %s: an attractor recalling 5%%-noise copies in %d of %d networks%n",
                    opt.label(), recalled, NETWORKS);
            assertTrue(recalled >= (int) run[2], opt.label() + ": an attractor in " + recalled + " of " + NETWORKS);
        }
    }
}
