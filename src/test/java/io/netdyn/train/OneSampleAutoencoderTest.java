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
 * sample stores it as an attractor. tanh, N = 16, depth 2, σ_w = 1, no bias: after a few hundred
 * steps the sample is a stable fixed point (memorised = 1), and it was not before training.
 */
class OneSampleAutoencoderTest {
    final Architecture arch = new Architecture(16, 2, Activation.TANH, false, Distribution.gaussian(1), Scaling.DEFAULT,
            Optional.empty());
    final NetworkShape shape = NetworkShape.of(arch);
    final TaskData data = TaskData.generate(Task.parse("autoencode:random:1"), arch, 0, 0, 7);

    @Test
    void theTrainedSampleBecomesAStableFixedPoint() {
        Object[][] runs = {{Optimizer.adam(), 0.01}, {Optimizer.sgd(), 0.5}};
        MemoryDiagnostics md = new MemoryDiagnostics(shape, MemoryDiagnostics.Settings.DEFAULT);
        for (Object[] run : runs) {
            for (long net = 0; net < 4; net++) {
                NetworkWeights w0 = InitialWeights.sample(arch, 7, net);
                assertEquals(0.0, md.memorised(w0, data.train()), "the untrained network does not hold the sample");
                TrainResult r = new NetworkTrainer(shape).train(w0, data,
                        TrainSettings.of((Optimizer) run[0], (double) run[1], 7), 300, net, null);
                MemoryDiagnostics.Attractor a = md.iterate(r.weights(), data.train().x(), 0);
                double recall = md.recall(r.weights(), data.train(), Corruption.noise(0.05), 20, 7, net);
                System.out.printf("one-sample autoencoder %s network %d: loss %.2e, converged in %d, ρ = %.4f, "
                                + "‖x*−x‖/‖x‖ = %.1e, memorised %.0f, recall(noise 0.05) %.2f%n",
                        ((Optimizer) run[0]).label(), net, r.train().loss(), a.iterations(), a.spectralRadius(), a.distance(),
                        md.memorised(r.weights(), data.train()), recall);
                assertTrue(r.train().loss() < 1e-4, "loss " + r.train().loss());
                assertTrue(a.stable(), "ρ = " + a.spectralRadius());
                assertEquals(1.0, md.memorised(r.weights(), data.train()));
                assertTrue(recall >= 0.9, "recall " + recall);
            }
        }
    }
}
