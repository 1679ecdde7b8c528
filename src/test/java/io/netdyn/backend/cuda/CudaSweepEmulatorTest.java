package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
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
        assertEquals(cpu.get(0), emu.get(0), "header");
        int mismatches = 0;
        StringBuilder sb = new StringBuilder();
        for (int r = 1; r < cpu.size(); r++) {
            String[] a = cpu.get(r).split(",", -1), b = emu.get(r).split(",", -1);
            assertEquals(a.length, b.length, "row " + r);
            for (int c = 0; c < a.length; c++) {
                if (a[c].equals(b[c])) continue;
                boolean ok;
                try {
                    double x = Double.parseDouble(a[c]), y = Double.parseDouble(b[c]);
                    ok = Math.abs(x - y) <= 1e-9 + 1e-7 * Math.abs(x);
                } catch (NumberFormatException e) {
                    ok = false;
                }
                if (!ok && mismatches++ < 10) sb.append("\n  cpu ").append(cpu.get(r)).append("\n  emu ").append(emu.get(r));
            }
        }
        if (mismatches > 0) fail(mismatches + " values differ:" + sb);
    }

    private static List<String> run(Path out, String backend) throws Exception {
        return run(out, backend, new ByteArrayOutputStream());
    }

    private static List<String> run(Path out, String backend, ByteArrayOutputStream err) throws Exception {
        String[] args = new String[SWEEP.length + 4];
        System.arraycopy(SWEEP, 0, args, 0, SWEEP.length);
        args[SWEEP.length] = "--backend";
        args[SWEEP.length + 1] = backend;
        args[SWEEP.length + 2] = "--out";
        args[SWEEP.length + 3] = out.toString();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, code, backend + ": " + err);
        return Files.readAllLines(out.resolve("results.csv"));
    }
}
