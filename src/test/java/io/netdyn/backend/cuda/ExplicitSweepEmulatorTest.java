package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.NpzWriter;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep --weights FILE.npz --backend cuda-emu} (imported networks, every measure that takes
 * them, on the device through the explicit-layer mode) gives the CPU backend's results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class ExplicitSweepEmulatorTest {
    /** 12 hand-made networks of width 4 and depth 3: Gaussian weights of gain 1.8/√N, biases N(0, 0.3²). */
    static void writeNetworks(Path file) throws Exception {
        Random r = new Random(7);
        int count = 12, n = 4;
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int l = 1; l <= 3; l++) {
            double[] w = new double[count * n * n], b = new double[count * n];
            for (int i = 0; i < w.length; i++) w[i] = 1.8 / Math.sqrt(n) * r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = 0.3 * r.nextGaussian();
            members.put("W" + l, NpzWriter.f8(new int[] {count, n, n}, w));
            members.put("b" + l, NpzWriter.f8(new int[] {count, n}, b));
        }
        NpzWriter.write(file, members);
    }

    @Test
    void importedNetworksOnCudaEmuGiveTheCpuResults(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("nets.npz");
        writeNetworks(npz);
        String[] sweep = {"sweep", "--weights", npz.toString(), "--measures", "propagation,fixedpoints,lyapunov,jacobian,modes",
            "--depths", "1:3", "--activation", "tanh,relu", "--probes", "4", "--threads", "1", "--seed", "21",
            "--batch", "5"};
        List<String> cpu = SweepRuns.run(sweep, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(sweep, dir.resolve("emu"), "cuda-emu", notices, "results.csv");
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 30, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-9, 1e-7);
    }
}
