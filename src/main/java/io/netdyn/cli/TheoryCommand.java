package io.netdyn.cli;

import io.netdyn.io.CsvFormat;
import io.netdyn.io.OutputDirectory;
import io.netdyn.model.Activation;
import io.netdyn.report.TheoryFigures;
import io.netdyn.spec.UsageError;
import io.netdyn.theory.tables.JacobianSpectrum;
import io.netdyn.theory.tables.MeanFieldTable;
import io.netdyn.theory.tables.MomentTables;
import io.netdyn.theory.tables.PhaseDiagram;
import io.netdyn.theory.tables.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code theory <topic>}: closed-form and large-N predictions as CSV tables (and PNGs), no
 * networks sampled. Without --out the topic's first table goes to stdout; with --out every table
 * is staged and committed atomically ({@link OutputDirectory}), then the PNGs are written (each
 * atomically); files of the same name are replaced.
 */
final class TheoryCommand {
    /** A PNG to render once the tables are in place. */
    private interface Figure { void write(Path file) throws IOException; }

    private record Output(Map<String, Table> tables, Map<String, Figure> figures) {
        Output() { this(new LinkedHashMap<>(), new LinkedHashMap<>()); }
    }

    private final PrintStream out;

    TheoryCommand(PrintStream out) { this.out = out; }

    int run(String[] args) throws IOException {
        if (args.length == 0) {
            throw new UsageError("theory needs a subcommand: " + TheoryTopic.words() + " (see netdyn theory --help)");
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            overview();
            return 0;
        }
        TheoryTopic topic = TheoryTopic.parse(args[0]);
        Options options = options(topic);
        CommandLine cl = CliParsing.parse(options, Arrays.copyOfRange(args, 1, args.length), "theory " + topic.word());
        if (cl.hasOption("help")) {
            help(topic, options);
            return 0;
        }
        TheoryValues v = new TheoryValues(topic, cl);
        Path dir = v.out();
        boolean plot = topic.defaults().containsKey(TheoryOption.PLOT) && v.flag(TheoryOption.PLOT);
        if (plot && dir == null) throw UsageError.forOption(TheoryOption.PLOT.key(), "needs --out DIR for the PNG");
        Output o = switch (topic) {
            case MEANFIELD -> meanField(v);
            case PHASE -> phase(v, dir != null);
            case JACOBIAN -> jacobian(v, plot);
            case MOMENTS -> moments(v);
        };
        emit(o, dir);
        return 0;
    }

    private static Output meanField(TheoryValues v) {
        Output o = new Output();
        o.tables.put("meanfield.csv", MeanFieldTable.build(v.activations(), v.reals(TheoryOption.SIGMA_W, 0, true),
                v.reals(TheoryOption.SIGMA_B, 0, false)));
        return o;
    }

    private static Output phase(TheoryValues v, boolean toFiles) {
        List<Activation> acts = v.activations();
        List<Double> sw = v.reals(TheoryOption.SIGMA_W, 0, true), sb = v.reals(TheoryOption.SIGMA_B, 0, false);
        Output o = new Output();
        o.tables.put("phase.csv", PhaseDiagram.grid(acts, sw, sb));
        if (!toFiles) return o;
        Table line = PhaseDiagram.criticalLine(acts, sb);
        o.tables.put("critical_line.csv", line);
        o.figures.put("phase.png", file -> {
            Map<String, double[][]> lines = new LinkedHashMap<>();
            for (Object a : line.distinct("activation")) {
                Table t = line.where("activation", a);
                lines.put(a.toString(), new double[][] {t.numbers("sigma_b"), t.numbers("sigma_w")});
            }
            TheoryFigures.criticalLine(lines, file);
        });
        return o;
    }

    private static Output jacobian(TheoryValues v, boolean plot) {
        Activation a = v.activation();
        double sw = v.single(TheoryOption.SIGMA_W, 0, true), sb = v.single(TheoryOption.SIGMA_B, 0, false);
        List<Integer> depths = v.integers(TheoryOption.DEPTHS, 1, TheoryValues.MAX_DEPTH);
        int points = v.integer(TheoryOption.POINTS, 1, TheoryValues.MAX_POINTS);
        boolean log = v.flag(TheoryOption.LOG);
        JacobianSpectrum.Result r;
        try {
            r = JacobianSpectrum.build(a, sw, sb, depths, points, v.positiveOrAuto(TheoryOption.LAMBDA_MAX), log);
        } catch (IllegalStateException e) { // the length map diverges: no q* to put the inputs on
            throw UsageError.forOption(TheoryOption.SIGMA_W.key(), e.getMessage());
        }
        Output o = new Output();
        o.tables.put("jacobian_density.csv", r.density());
        o.tables.put("jacobian_moments.csv", r.summary());
        if (plot) {
            o.figures.put("jacobian_density.png", file -> {
                Map<String, double[][]> curves = new LinkedHashMap<>();
                for (Object d : r.density().distinct("depth")) {
                    Table t = r.density().where("depth", d);
                    curves.put("L = " + d, new double[][] {t.numbers("lambda"), t.numbers("density")});
                }
                String title = "JJᵀ spectral density, " + a.label() + ", σ_w = " + CsvFormat.number(sw)
                        + ", σ_b = " + CsvFormat.number(sb);
                TheoryFigures.jacobianDensity(title, curves, log, file);
            });
        }
        return o;
    }

    private static Output moments(TheoryValues v) {
        Output o = new Output();
        o.tables.put("fuss_catalan.csv", MomentTables.fussCatalan(v.integers(TheoryOption.DEPTHS, 0, TheoryValues.MAX_DEPTH),
                v.integers(TheoryOption.K, 1, TheoryValues.MAX_K)));
        o.tables.put("marchenko_pastur.csv", MomentTables.marchenkoPastur(v.reals(TheoryOption.GAMMA, 0, true),
                v.integer(TheoryOption.POINTS, 1, TheoryValues.MAX_POINTS)));
        return o;
    }

    /** stdout: the first table only; a directory: every table, then every figure. */
    private void emit(Output o, Path dir) throws IOException {
        if (dir == null) {
            PrintWriter pw = new PrintWriter(out);
            o.tables.values().iterator().next().writeCsv(pw);
            pw.flush();
            return;
        }
        List<String> written = new ArrayList<>();
        try (OutputDirectory od = OutputDirectory.open(dir)) {
            for (Map.Entry<String, Table> e : o.tables.entrySet()) {
                try (Writer w = od.writer(e.getKey())) {
                    e.getValue().writeCsv(w);
                }
            }
            od.commit();
            written.addAll(od.fileNames());
        }
        for (Map.Entry<String, Figure> e : o.figures.entrySet()) {
            e.getValue().write(dir.resolve(e.getKey()));
            written.add(e.getKey());
        }
        out.println("netdyn: wrote " + String.join(", ", written.stream().map(f -> dir.resolve(f).toString()).toList()));
    }

    static Options options(TheoryTopic topic) {
        Options options = new Options();
        topic.defaults().forEach((o, d) -> {
            String help = o.help() + (o.isFlag() ? "" : " (default: " + d + ")");
            Option.Builder b = Option.builder().longOpt(o.key()).desc(help);
            if (!o.isFlag()) b.hasArg().argName(o.argName());
            options.addOption(b.build());
        });
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    private void help(TheoryTopic topic, Options options) {
        HelpFormatter f = new HelpFormatter();
        PrintWriter pw = new PrintWriter(out);
        String header = topic.summary() + ".\nWith --out DIR writes " + String.join(", ", topic.files())
                + "; without, prints " + topic.files().get(0) + " to stdout.\n\n";
        f.printHelp(pw, 110, "java -jar netdyn.jar theory " + topic.word() + " [options]", header, options, 2, 2,
                "\nColumns and formulas: docs/theory.md", false);
        pw.flush();
    }

    private void overview() {
        out.println("usage: java -jar netdyn.jar theory <subcommand> [options]");
        out.println();
        out.println("Mean-field and random-matrix predictions (no networks sampled), as CSV and PNG.");
        out.println();
        for (TheoryTopic t : TheoryTopic.values()) out.printf("  %-10s %s%n", t.word(), t.summary());
        out.println();
        out.println("'netdyn theory <subcommand> --help' lists its options with their defaults; docs/theory.md has the formulas.");
    }
}
