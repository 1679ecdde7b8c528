package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training reproductions of docs/reproductions (trained-fixed-points, associative-memory,
 * weights-after-training, modes-and-basins): each script exists and has a {@code --quick}
 * variant, and the sweeps it runs — the same task, measures and options, at a few networks and
 * steps, in-process — produce every statistic its tables read, which {@link TrainingFigures}
 * turns into a PNG and a complete markdown table.
 */
class TrainingReproductionsTest {
    static final Path DIR = Path.of("docs/reproductions");
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private static Path sweep(Path out, String... args) {
        List<String> a = new ArrayList<>(List.of("sweep", "--backend", "cpu", "--report", "false", "--seed", "1",
                "--networks", "2", "--out", out.toString()));
        a.addAll(List.of(args));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(a.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, code, err.toString());
        return out;
    }

    /** Draws one figure and one table; checks the PNG and that every cell of the table has all its values. */
    private static void figureAndTable(Path dir, Path run, String x, String ys, String series, String where, int lines)
            throws Exception {
        Path png = dir.resolve("fig-" + ys.replace('/', '-').replace(',', '-') + ".png");
        List<String> plot = new ArrayList<>(List.of("plot", "--x", x, "--y", ys.split(",")[0], "--series", series,
                "--out", png.toString(), "--title", "t"));
        List<String> table = new ArrayList<>(List.of("table", "--x", x, "--y", ys, "--series", series));
        if (!where.isEmpty()) {
            plot.addAll(List.of("--where", where));
            table.addAll(List.of("--where", where));
        }
        plot.add(run.toString());
        table.add(run.toString());
        TrainingFigures.Options p = TrainingFigures.parse(plot.toArray(String[]::new));
        TrainingFigures.plot(TrainingFigures.read(p.runs()), p);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(PNG, head, png + " is a PNG");
        TrainingFigures.Options t = TrainingFigures.parse(table.toArray(String[]::new));
        String md = TrainingFigures.table(TrainingFigures.read(t.runs()), t);
        String[] rows = md.split("\n");
        assertEquals(lines + 2, rows.length, md);
        int perCell = ys.split(",").length;
        for (int i = 2; i < rows.length; i++) {
            assertFalse(rows[i].contains("–"), "missing value in " + rows[i]);
            String[] cells = rows[i].split("\\|");
            for (int c = 2; c < cells.length; c++) {
                assertEquals(perCell, cells[c].split(" / ").length, rows[i]);
            }
        }
    }

    @Test
    void everyScriptHasAQuickVariantAndItsPage() throws Exception {
        for (String name : List.of("trained-fixed-points", "associative-memory", "weights-after-training", "modes-and-basins")) {
            Path script = DIR.resolve(name + ".sh");
            assertTrue(Files.isRegularFile(script), "missing " + script);
            String text = Files.readString(script);
            assertTrue(text.contains("--quick") && text.contains("io.netdyn.report.TrainingFigures"), script.toString());
            Path page = DIR.resolve(name + ".md");
            assertTrue(Files.isRegularFile(page), "missing " + page);
            assertTrue(Files.readString(page).contains(name + ".sh"), page + " names its script");
        }
    }

    @Test
    void trainedFixedPoints(@TempDir Path dir) throws Exception {
        Path run = sweep(dir.resolve("glyphs16"), "--task", "autoencode:glyphs", "--corruption", "mask:0.2", "--widths", "16",
                "--depths", "1,2", "--dist", "gaussian:1,cauchy:1", "--activation", "logistic,tanh",
                "--measures", "training,fixedpoints", "--starts", "8", "--lr", "0.01", "--steps", "0,30");
        figureAndTable(dir, run, "depth", "q_stable_mean,p_q0,p_q1,p_q2plus,q_unstable_mean,basin_max_mean",
                "dist,activation,step", "", 8);
        figureAndTable(dir, run, "depth", "train_loss,memorised,recall,spurious", "dist,activation,step", "step=30", 4);
        // the ESD of J_f at the stable fixed points, step 0 against after training, Gaussian against Cauchy
        Path png = dir.resolve("esd.png");
        String[] plot = {"esd", "--series", "dist,step", "--where", "depth=1,activation=tanh", "--out", png.toString(), run.toString()};
        TrainingFigures.EsdOptions e = TrainingFigures.parseEsd(plot);
        var h = TrainingFigures.histograms(e);
        // a histogram exactly for the (cell, depth, step) with a stable fixed point (q_stable_mean > 0)
        List<ResultTable.Row> rows = TrainingFigures.read(List.of(run));
        List<String> withPoints = new ArrayList<>();
        for (ResultTable.Row r : rows) {
            if (r.statistic().equals("q_stable_mean") && r.value() > 0 && r.depth() == 1 && r.activation().equals("tanh")) {
                withPoints.add(r.dist() + " step " + r.step());
            }
        }
        assertTrue(withPoints.size() >= 2, withPoints.toString());
        assertEquals(new java.util.TreeSet<>(withPoints), new java.util.TreeSet<>(h.keySet()));
        long cellsWithPoints = rows.stream().filter(r -> r.statistic().equals("q_stable_mean") && r.value() > 0).count();
        TrainingFigures.esdPlot(h, e);
        assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(png), 4));
        String md = TrainingFigures.esdTable(TrainingFigures.histograms(TrainingFigures.parseEsd(
                new String[] {"esd-table", "--series", "dist,activation,depth,step", run.toString()})));
        assertEquals(2 + cellsWithPoints, md.split("\n").length, md);
        for (String row : md.split("\n")) {
            assertFalse(row.contains("NaN"), row);
            if (!row.startsWith("| series") && !row.startsWith("|---")) {
                double median = Double.parseDouble(row.split("\\|")[3].trim());
                assertTrue(median > 0 && median < 1, "|λ| < 1 at stable points: " + row);
            }
        }
        // a series that pools several histograms is refused
        IllegalArgumentException pooled = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TrainingFigures.histograms(TrainingFigures.parseEsd(new String[] {"esd-table", "--series", "dist", run.toString()})));
        assertTrue(pooled.getMessage().contains("pools several histograms"), pooled.getMessage());
    }

    @Test
    void associativeMemory(@TempDir Path dir) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int p : new int[] {1, 3}) {
            runs.add(sweep(dir.resolve("P" + p), "--task", "autoencode:random:" + p, "--widths", "8", "--depths", "1,2",
                    "--activation", "tanh", "--measures", "training", "--starts", "8", "--lr", "0.01", "--steps", "20,40",
                    "--corruption", "noise:0.1").toString());
        }
        Path png = dir.resolve("memorised.png");
        String[] plot = {"plot", "--x", "P", "--logx", "--y", "memorised", "--series", "width,depth", "--where",
            "step=40,activation=tanh", "--out", png.toString(), runs.get(0), runs.get(1)};
        TrainingFigures.Options o = TrainingFigures.parse(plot);
        TrainingFigures.plot(TrainingFigures.read(o.runs()), o);
        assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(png), 4));
        String[] table = {"table", "--x", "P", "--y", "memorised,recall,spurious,train_loss", "--series", "width,depth",
            "--where", "step=40", runs.get(0), runs.get(1)};
        o = TrainingFigures.parse(table);
        String md = TrainingFigures.table(TrainingFigures.read(o.runs()), o);
        assertTrue(md.startsWith("| series (memorised / recall / spurious / train_loss) | P = 1 | P = 3 |"), md);
        assertEquals(2 + 2, md.split("\n").length, md);
        assertFalse(md.contains("–"), md);
    }

    @Test
    void weightsAfterTraining(@TempDir Path dir) throws Exception {
        Path run = sweep(dir.resolve("classify"), "--task", "classify:gauss:4", "--last-linear", "--widths", "16", "--depths", "2",
                "--dist", "gaussian:1,cauchy:1", "--activation", "tanh", "--measures", "weights,training", "--lr", "0.01",
                "--steps", "0,10,30");
        figureAndTable(dir, run, "step", "weights/alpha,weights/num_spikes,weights/mp_softrank,weights/stable_rank",
                "dist,depth", "", 4);
        figureAndTable(dir, run, "step", "train_loss,test_loss,test_acc", "dist", "", 2);
    }

    @Test
    void modesAndBasins(@TempDir Path dir) throws Exception {
        Path run = sweep(dir.resolve("modadd"), "--task", "modadd:3", "--last-linear", "--widths", "8", "--depths", "2",
                "--activation", "tanh", "--weight-decay", "0.1", "--lr", "0.003", "--measures", "modes,training",
                "--steps", "0,10,30");
        figureAndTable(dir, run, "step", "op_frac,nop_frac,dead_frac,sample_radius,weight_radius,train_acc,test_acc,weight_norm",
                "depth", "", 1);
        // double descent: teacher:0.5 against the training samples P, one run per P (x = samples, from each manifest)
        List<String> runs = new ArrayList<>();
        for (int p : new int[] {8, 17}) {
            runs.add(sweep(dir.resolve("teacher/P" + p), "--task", "teacher:0.5", "--train-samples", Integer.toString(p),
                    "--test-samples", "32", "--last-linear", "--widths", "16", "--depths", "1,2", "--dist", "gaussian:1",
                    "--activation", "tanh", "--lr", "0.01", "--measures", "modes,training", "--steps", "0,20").toString());
        }
        Path png = dir.resolve("teacher.png");
        List<String> plot = new ArrayList<>(List.of("plot", "--x", "samples", "--logx", "--logy", "--y", "test_loss", "--series", "depth",
                "--where", "step=20", "--out", png.toString()));
        plot.addAll(runs);
        TrainingFigures.Options o = TrainingFigures.parse(plot.toArray(String[]::new));
        TrainingFigures.plot(TrainingFigures.read(o.runs()), o);
        assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(png), 4));
        List<String> table = new ArrayList<>(List.of("table", "--x", "samples", "--y", "test_loss,train_loss,op_frac,sample_radius,weight_radius",
                "--series", "depth", "--where", "step=20"));
        table.addAll(runs);
        o = TrainingFigures.parse(table.toArray(String[]::new));
        String md = TrainingFigures.table(TrainingFigures.read(o.runs()), o);
        assertTrue(md.startsWith("| series (test_loss / train_loss / op_frac / sample_radius / weight_radius) | P = 8 | P = 17 |"), md);
        assertEquals(2 + 2, md.split("\n").length, md);
        assertFalse(md.contains("–"), md);
    }
}
