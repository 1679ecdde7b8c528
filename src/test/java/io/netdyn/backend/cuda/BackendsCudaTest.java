package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.BackendUnavailableException;
import io.netdyn.backends.Backends;
import io.netdyn.cli.Main;
import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend choice: "cuda" without a GPU is exit 2 with the reason; "auto" falls back once, saying why. */
class BackendsCudaTest {

    @Test
    void theUnavailableReasonIsTruthful() {
        String why = Backends.cudaUnavailableReason();
        String kernels = KernelImage.notBuiltReason();
        String driver = CudaDriverProbe.result().problem();
        assertEquals(kernels == null && driver == null, why == null);
        if (kernels != null) assertTrue(why.contains("kernels not built"), why);
        if (driver != null) assertTrue(why.contains(driver), why);
    }

    @Test
    void cudaWithoutAGpuIsRefusedAndAutoFallsBackWithOneNotice() {
        String why = Backends.cudaUnavailableReason();
        assumeTrue(why != null, "a usable GPU is present: the no-GPU paths are not reachable here");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.open(BackendKind.CUDA, 1, s -> { }));
        assertTrue(e.getMessage().contains(why) && e.kind() == BackendKind.CUDA, e.getMessage());
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open(BackendKind.AUTO, 1, notices::add)) {
            assertEquals("cpu", b.name());
        }
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains(why), notices.get(0));
    }

    @Test
    void theCliExitsWith2ForCudaWithoutAGpu(@TempDir Path dir) {
        assumeTrue(Backends.cudaUnavailableReason() != null, "a usable GPU is present");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"sweep", "--backend", "cuda", "--widths", "4", "--depths", "1:2",
            "--networks", "2", "--out", dir.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--backend: cuda is not usable"), err.toString());
    }

    /**
     * Orthogonal weights are no longer refused: the propagation sweep runs on cuda-emu and gives the
     * CPU's rows. S ≤ N: with more probes than units the Grams are singular and effective_rank
     * (√ of their eigenvalues) turns the GEMM's 1e-16 rounding of the zero eigenvalues into ~1e-7.
     */
    @Test
    void orthogonalWeightsOnTheCudaBackendRunAndGiveTheCpuResults(@TempDir Path dir) throws Exception {
        assumeTrue(EmulatorDevice.unavailableReason() == null, () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
        String[] sweep = {"sweep", "--dist", "orthogonal:1", "--widths", "4", "--depths", "1:2", "--networks", "2",
            "--probes", "3", "--measures", "propagation", "--threads", "1"};   // S ≤ N: full-rank Grams (see below)
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(sweep, dir.resolve("emu"), "cuda-emu", err, "results.csv");
        assertFalse(err.toString().contains("orthogonal"), err.toString());
        List<String> cpu = SweepRuns.run(sweep, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        assertTrue(cpu.size() > 1, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-9, 1e-7);
    }
}
