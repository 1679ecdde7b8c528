package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole propagation sweep through the CLI on {@code --backend cuda-emu} (the CUDA backend's
 * Java code, plans and kernels, emulated) gives the CPU backend's results.csv: same rows, same
 * labels, every number within 1e-7 relative (+1e-9 absolute for values near 0).
 */
class CudaSweepEmulatorTest {
    static final String[] SWEEP = {"sweep", "--measures", "propagation", "--widths", "3,17", "--depths", "1:4",
        "--dist", "gaussian:1.5,cauchy:1", "--activation", "tanh,relu", "--bias", "none,gaussian:0.2",
        "--networks", "10", "--probes", "6", "--threads", "1", "--seed", "99"};

    @Test
    void cudaEmuSweepReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        String why = EmulatorDevice.unavailableReason();
        assumeTrue(why == null, () -> "kernel emulator unavailable: " + why);
        List<String> cpu = run(dir.resolve("cpu"), "cpu");
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(dir.resolve("emu"), "cuda-emu", notices);
        assertTrue(notices.toString().contains("cuda-emu backend (testing only)"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 100, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-9, 1e-7);
    }

    /** A training sweep: the networks trained by kernels/train.cu, then measured along training. */
    static final String[] TRAINING = {"sweep", "--measures", "training,propagation,fixedpoints", "--widths", "4,9",
        "--depths", "1,2", "--activation", "tanh", "--networks", "6", "--task", "autoencode:random:3", "--lr", "0.01,0.05",
        "--steps", "0,15,40", "--batch-size", "2", "--starts", "8", "--probes", "4", "--threads", "1", "--seed", "5",
        "--report", "false"};

    @Test
    void cudaEmuTrainingSweepReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        String why = EmulatorDevice.unavailableReason();
        assumeTrue(why == null, () -> "kernel emulator unavailable: " + why);
        List<String> cpu = SweepRuns.run(TRAINING, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(TRAINING, dir.resolve("emu"), "cuda-emu", notices, "results.csv");
        assertTrue(notices.toString().contains("in the emulated kernels: ") && notices.toString().contains("train"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.stream().anyMatch(r -> r.contains("train_loss")) && cpu.size() > 100, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-9, 1e-7);
    }

    private static List<String> run(Path out, String backend) throws Exception {
        return run(out, backend, new ByteArrayOutputStream());
    }

    private static List<String> run(Path out, String backend, ByteArrayOutputStream err) throws Exception {
        return SweepRuns.run(SWEEP, out, backend, err, "results.csv");
    }
}
