package io.netdyn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netdyn theory}: files written and parseable, known answers in the output, one-line errors. */
class TheoryCommandTest {
    /** A parsed CSV: header and rows of cells (our tables never quote). */
    record Csv(List<String> header, List<String[]> rows) {
        static Csv parse(String text) {
            List<String> lines = text.strip().lines().toList();
            List<String[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) rows.add(l.split(",", -1));
            Csv c = new Csv(Arrays.asList(lines.get(0).split(",")), rows);
            for (String[] r : rows) assertEquals(c.header.size(), r.length, "ragged row " + String.join(",", r));
            return c;
        }

        static Csv read(Path p) throws Exception { return parse(Files.readString(p)); }

        String text(int row, String col) { return rows.get(row)[header.indexOf(col)]; }

        double num(int row, String col) {
            String s = text(row, col);
            return s.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
        }
    }

    @Test
    void phaseWritesTheGridTheCriticalLineAndAPng(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p");
        Run r = CliTest.run("theory", "phase", "--sigma-w", "0.5:2:0.5", "--sigma-b", "0,0.5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("phase.png"), r.out());

        Csv line = Csv.read(out.resolve("critical_line.csv"));
        assertEquals(List.of("activation", "sigma_b", "sigma_w", "q_star"), line.header());
        assertEquals(2, line.rows().size());
        assertEquals(0.0, line.num(0, "sigma_b"));
        assertEquals(1.0, line.num(0, "sigma_w"), 1e-6, "tanh, σ_b = 0: the edge of chaos is σ_w = 1");
        assertTrue(line.num(1, "sigma_w") > 1.2 && line.num(1, "sigma_w") < 1.8, "bias moves the edge up");

        Csv grid = Csv.read(out.resolve("phase.csv"));
        assertEquals(List.of("activation", "sigma_w", "sigma_b", "q_star", "chi1", "xi_c"), grid.header());
        assertEquals(4 * 2, grid.rows().size());
        for (String sb : new String[] {"0.0", "0.5"}) {
            double prev = -1;
            int n = 0;
            for (int i = 0; i < grid.rows().size(); i++) {
                if (!grid.text(i, "sigma_b").equals(sb)) continue;
                double chi = grid.num(i, "chi1");
                assertTrue(chi > prev, "χ1 increases with σ_w at σ_b = " + sb + ": " + chi + " after " + prev);
                prev = chi;
                n++;
            }
            assertEquals(4, n);
        }
        assertEquals(0.25, grid.num(0, "chi1"), 1e-12, "tanh, σ_w = 0.5, σ_b = 0: q* = 0, χ1 = σ_w²");

        byte[] png = Files.readAllBytes(out.resolve("phase.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(3, s.count(), "phase.csv, critical_line.csv, phase.png and no staging leftovers");
        }
    }

    @Test
    void meanfieldPrintsCsvToStdoutOrWritesIt(@TempDir Path dir) throws Exception {
        String[] args = {"theory", "meanfield", "--activation", "tanh,relu", "--sigma-w", "0.5,1,1.5", "--sigma-b", "0,0.3"};
        Run r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        Csv c = Csv.parse(r.out());
        assertEquals(List.of("activation", "sigma_w", "sigma_b", "q_star", "c_star", "chi1", "chi_c", "xi_q", "xi_c",
                "mu1", "mu2"), c.header());
        assertEquals(2 * 3 * 2, c.rows().size());
        assertEquals("tanh", c.text(0, "activation"));
        assertEquals(0.25, c.num(0, "chi1"), 1e-12);
        int relu = 6 + 2 + 1;                                  // relu, σ_w = 1, σ_b = 0.3
        assertEquals(0.5, c.num(relu, "chi1"), 1e-12, "relu: χ1 = σ_w²/2");
        assertEquals(0.09 / 0.5, c.num(relu, "q_star"), 1e-12, "relu: q* = σ_b²/(1 − σ_w²/2)");
        assertEquals(0.5, c.num(relu, "mu2"), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, c.num(relu + 2, "q_star"), "relu, σ_w² > 2: the length map diverges");
        assertEquals("NaN", c.text(relu + 2, "chi1"));

        Path out = dir.resolve("m");
        assertEquals(0, CliTest.run(CliTest.concat(args, "--out", out.toString())).code());
        assertEquals(r.out(), Files.readString(out.resolve("meanfield.csv")), "stdout and file carry the same table");
    }

    @Test
    void momentsAreFussCatalanAndMarchenkoPastur(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("mo");
        Run r = CliTest.run("theory", "moments", "--depths", "1:6", "--k", "1:3", "--gamma", "0.5,2", "--points", "50",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Csv fc = Csv.read(out.resolve("fuss_catalan.csv"));
        assertEquals(6 * 3, fc.rows().size());
        for (int i = 0; i < fc.rows().size(); i++) {
            long depth = Long.parseLong(fc.text(i, "depth")), k = Long.parseLong(fc.text(i, "k"));
            long m = Long.parseLong(fc.text(i, "moment"));
            if (k == 1) assertEquals(1, m);
            if (k == 2) assertEquals(depth + 1, m, "m2 = L + 1");
            if (k == 3) assertEquals((3 * depth + 3) * (3 * depth + 2) / 6, m, "m3 = C(3L+3, 3)/(3L+1)");
        }
        Csv mp = Csv.read(out.resolve("marchenko_pastur.csv"));
        assertEquals(2 * 50, mp.rows().size());
        double mass = 0, width = Math.pow(1 + Math.sqrt(0.5), 2) - Math.pow(1 - Math.sqrt(0.5), 2);
        for (int i = 0; i < 50; i++) mass += mp.num(i, "density") * width / 50;
        assertEquals(1.0, mass, 0.02, "γ = 0.5: the density integrates to 1 (midpoint rule)");
        assertEquals(0.5, mp.num(50, "atom"), 1e-15, "γ = 2: atom 1 − 1/γ at 0");
    }

    @Test
    void jacobianMomentsAndDensityFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("j");
        // tanh at σ_w = 1, σ_b = 0: q* = 0, D = I, so JJᵀ is Fuss–Catalan: m1 = 1, m2 = L + 1
        Run r = CliTest.run("theory", "jacobian", "--depths", "1,3", "--points", "40", "--plot", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Csv m = Csv.read(out.resolve("jacobian_moments.csv"));
        assertEquals(2, m.rows().size());
        for (int i = 0; i < 2; i++) {
            double depth = m.num(i, "depth");
            assertEquals(1.0, m.num(i, "m1"), 1e-9);
            assertEquals(depth + 1, m.num(i, "m2"), 1e-9);
            assertEquals(1.0, m.num(i, "mass"), 1e-6);
            assertEquals(Math.pow(depth + 1, depth + 1) / Math.pow(depth, depth), m.num(i, "lambda_max"), 1e-6);
        }
        Csv d = Csv.read(out.resolve("jacobian_density.csv"));
        assertEquals(List.of("depth", "lambda", "density"), d.header());
        assertEquals(2 * 40, d.rows().size());
        assertTrue(d.num(0, "density") > 0);
        assertTrue(Files.size(out.resolve("jacobian_density.png")) > 1000);

        Run relu = CliTest.run("theory", "jacobian", "--activation", "relu", "--sigma-w", "1.4142135623730951",
                "--depths", "2", "--points", "5");
        assertEquals(0, relu.code(), relu.err());
        assertEquals(1 + 5, relu.out().strip().lines().count(), "stdout: the density table only");
    }

    @Test
    void badInputIsOneLineNamingTheOptionExitTwo(@TempDir Path dir) {
        String[][] cases = {
            {"", "theory"}, {"", "theory", "frobnicate"},
            {"--sigma-w", "theory", "meanfield", "--sigma-w", "0.5:3"},
            {"--sigma-w", "theory", "meanfield", "--sigma-w", "-1"},
            {"--sigma-b", "theory", "meanfield", "--sigma-b", "1:0:0.1"},
            {"--activation", "theory", "phase", "--activation", "swish"},
            {"--depths", "theory", "phase", "--depths", "3"},
            {"--sigma-w", "theory", "jacobian", "--sigma-w", "1,2"},
            {"--sigma-w", "theory", "jacobian", "--activation", "relu", "--sigma-w", "2"},
            {"--points", "theory", "jacobian", "--points", "0"},
            {"--lambda-max", "theory", "jacobian", "--lambda-max", "big"},
            {"--plot", "theory", "jacobian", "--plot"},
            {"--k", "theory", "moments", "--k", "-1"},
            {"--gamma", "theory", "moments", "--gamma", "0"},
        };
        for (String[] c : cases) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            boolean withOut = args.length > 1 && !c[0].equals("--plot");   // --plot without --out is the error
            String[] out = withOut ? new String[] {"--out", dir.resolve("x").toString()} : new String[0];
            Run r = CliTest.run(CliTest.concat(args, out));
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.code(), what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertTrue(r.err().startsWith("netdyn: error:"), what);
            if (!c[0].isEmpty()) assertTrue(r.err().contains(c[0]), "names " + c[0] + ": " + what);
            assertFalse(r.err().contains("Exception"), what);
            assertFalse(Files.exists(dir.resolve("x")), "nothing written: " + what);
        }
    }

    @Test
    void helpShowsEveryDefault() {
        assertEquals(0, CliTest.run("theory", "--help").code());
        String[][] expect = {
            {"meanfield", "0.5:3:0.25)", "(default: tanh)"},
            {"phase", "(default: 0:1:0.1)", "phase.png"},
            {"jacobian", "(default: 1,2,4,8,16)", "(default: auto)", "--plot"},
            {"moments", "(default: 1:6)", "(default: 0.25,0.5,1)"},
        };
        for (String[] e : expect) {
            Run r = CliTest.run("theory", e[0], "--help");
            assertEquals(0, r.code());
            for (int i = 1; i < e.length; i++) assertTrue(r.out().contains(e[i]), e[0] + " help lacks " + e[i] + ":\n" + r.out());
        }
        assertTrue(CliTest.run("--help").out().contains("theory"));
    }
}
