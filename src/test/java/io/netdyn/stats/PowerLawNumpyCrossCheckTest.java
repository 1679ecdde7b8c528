package io.netdyn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PowerLawFit} against the same estimator written independently with numpy
 * ({@code src/test/resources/io/netdyn/stats/csn_fit.py}), on fixed data sets: a mixture, the
 * eigenvalues of a Cauchy layer (spanning ~15 decades) and a sample with many ties. Skipped, with
 * the reason, where {@code python3} with numpy is not on the PATH (another interpreter:
 * {@code -Dnetdyn.python=PATH}).
 */
class PowerLawNumpyCrossCheckTest {
    static final String PYTHON = System.getProperty("netdyn.python", "python3");
    @TempDir static Path dir;
    static Path script;
    static String noPython;                                     // why the cross-check cannot run, or null

    @BeforeAll
    static void findPython() throws IOException {
        noPython = pythonWithNumpy();
        if (noPython != null) System.err.println("PowerLawNumpyCrossCheckTest: " + noPython);
        script = dir.resolve("csn_fit.py");
        try (InputStream in = PowerLawNumpyCrossCheckTest.class.getResourceAsStream("csn_fit.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @BeforeEach
    void needPython() {
        Assumptions.assumeTrue(noPython == null, noPython);
    }

    @Test
    void mixture() throws Exception {
        compare("mixture", Samples.mixture(new Random(31), 1500, 1.5, 1500, 2.5, 5), 2);
    }

    @Test
    void cauchyLayerEigenvalues() throws Exception {
        compare("cauchy", WeightStatistics.eigenvalues(Samples.cauchy(new Random(32), 128), 128), 2);
    }

    @Test
    void tiesAndAMinimumTail() throws Exception {
        double[] x = Samples.pareto(new Random(33), 2000, 2.2, 1);
        for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 8) / 8.0;
        compare("ties", x, 2);
        compare("ties, minTail 200", x, 200);
    }

    private static void compare(String name, double[] x, int minTail) throws Exception {
        Path data = dir.resolve(name.replaceAll("\\W", "_") + ".txt");
        StringJoiner lines = new StringJoiner("\n", "", "\n");
        for (double v : x) lines.add(Double.toString(v));                  // shortest round-trip decimal
        Files.writeString(data, lines.toString());
        String out = run(PYTHON, script.toString(), data.toString(), Integer.toString(minTail)).trim();
        String[] f = out.split("\\s+");
        assertEquals(5, f.length, "numpy said: " + out);
        double alpha = Double.parseDouble(f[0]), xmin = Double.parseDouble(f[1]), d = Double.parseDouble(f[2]);
        int n = Integer.parseInt(f[3]);
        PowerLawFit j = PowerLawFit.fit(x, minTail);
        System.out.printf("numpy cross-check %s: java α=%.15g x_min=%.15g D=%.15g n=%d | numpy α=%.15g x_min=%.15g D=%.15g n=%d%n",
                name, j.alpha(), j.xmin(), j.ks(), j.tail(), alpha, xmin, d, n);
        assertEquals(xmin, j.xmin(), 1e-10 * xmin, name + " x_min");
        assertEquals(n, j.tail(), name + " tail");
        assertEquals(alpha, j.alpha(), 1e-10 * alpha, name + " α");
        assertEquals(d, j.ks(), 1e-10, name + " D");
        assertEquals(Double.parseDouble(f[4]), j.sigma(), 1e-10 * j.sigma(), name + " σ");
    }

    /** null when {@code python3 -c 'import numpy'} works, else why not. */
    private static String pythonWithNumpy() {
        try {
            run(PYTHON, "-c", "import numpy");
            return null;
        } catch (Exception e) {
            return PYTHON + " with numpy is not available (" + e.getMessage() + "): numpy cross-check skipped";
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text.strip());
        assertTrue(text.length() < 1 << 20);
        return text;
    }
}
