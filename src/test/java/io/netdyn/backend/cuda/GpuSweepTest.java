package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.SweepRuns;
import io.netdyn.testing.Tolerances;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every measure end to end on a real GPU ({@code --backend cuda}) against the CPU backend's
 * results.csv — one test per measure, plus the large-N propagate path with orthogonal and
 * Gaussian weights. The kernels are the ones the emulator tests pin to the CPU; what this adds
 * is the hardware: launches and their resources, FMA contraction, cuBLAS, chunking against the
 * real memory budget. Tolerances are per statistic ({@link Tolerances#forStatistic}): 1e-6
 * relative for the continuous ones, one network's share of the cell for those that count discrete
 * outcomes rounding can flip (a start that converges on one backend only, a basin radius one
 * bisection bracket apart) — the sweeps run 200 networks a cell, so a 1% bias in any statistic
 * fails. Skipped, with the reason, without a usable GPU; run
 * with {@code -Dnetdyn.test.gpuBackend=cuda-emu} to dry-run the same checks on the emulator.
 */
@Tag("gpu")
class GpuSweepTest {
    private static final String BACKEND = System.getProperty("netdyn.test.gpuBackend", "cuda");

    static Stream<Arguments> sweeps() {
        return Stream.of(
                sweep("propagation", "--widths", "8,24", "--depths", "1:8", "--dist", "gaussian:1.5,cauchy:1", "--probes", "6",
                        "--networks", "200", "--measures", "propagation"),
                sweep("propagation, large-N path, orthogonal and gaussian", "--widths", "300", "--depths", "1:3",
                        "--dist", "orthogonal:1.2,gaussian:1", "--probes", "8", "--networks", "6", "--measures", "propagation"),
                sweep("fixedpoints", "--widths", "6,12", "--depths", "1:3", "--networks", "200", "--starts", "32",
                        "--measures", "fixedpoints"),
                sweep("jacobian", "--widths", "8,16", "--depths", "1:6", "--networks", "200", "--measures", "jacobian"),
                sweep("lyapunov", "--widths", "8", "--depths", "1:6", "--networks", "200", "--map-steps", "40",
                        "--measures", "lyapunov"),
                sweep("modes", "--widths", "6", "--depths", "1:4", "--networks", "200", "--probes", "6", "--measures", "modes"),
                sweep("wormhole", "--widths", "8", "--depths", "1:6", "--networks", "200", "--measures", "wormhole"),
                sweep("weights (on the host under every backend)", "--widths", "16", "--depths", "1:3",
                        "--dist", "gaussian:1,cauchy:1", "--networks", "200", "--measures", "weights"));
    }

    private static Arguments sweep(String name, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "sweep";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--report";
        full[args.length + 2] = "false";
        return Arguments.of(name, full);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweeps")
    void theMeasureOnTheGpuGivesTheCpuResults(String name, String[] sweep, @TempDir Path dir) throws Exception {
        if (BACKEND.equals("cuda")) {
            String why = JCudaDevice.unavailableReason();
            assumeTrue(why == null, () -> "no usable GPU: " + why);
        } else {
            assumeTrue(EmulatorDevice.unavailableReason() == null, () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
        }
        ByteArrayOutputStream cpuErr = new ByteArrayOutputStream(), gpuErr = new ByteArrayOutputStream();
        List<String> cpu = SweepRuns.run(sweep, dir.resolve("cpu"), "cpu", cpuErr, "results.csv");
        List<String> gpu = SweepRuns.run(sweep, dir.resolve(BACKEND), BACKEND, gpuErr, "results.csv");
        String announced = gpuErr.toString();
        assertTrue(announced.contains(BACKEND.equals("cuda") ? "on the GPU: " : "in the emulated kernels: ")
                && !announced.contains("on the CPU ("), "every operation on the device: " + announced);
        assertTrue(cpu.size() > 1, name + ": rows");
        List<String> args = List.of(sweep);
        CsvAssert.assertSameStatistics(cpu, gpu, Integer.parseInt(args.get(args.indexOf("--networks") + 1)));
    }
}
