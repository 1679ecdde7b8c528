package io.netdyn.cli;

import io.netdyn.backend.BackendKind;
import io.netdyn.measure.Measures;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.UsageError;
import io.netdyn.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;

/** {@code sweep} and {@code demo}: the same options; demo starts from a small built-in sweep. */
final class SweepCommand {
    /** The demo's built-in sweep: under a minute on 2 cores; any option may override it. */
    static final Map<SweepOption, String> DEMO = Map.of(
            SweepOption.WIDTHS, "16,64",
            SweepOption.DEPTHS, "1:30",
            SweepOption.DIST, "gaussian:1,cauchy:1",
            SweepOption.ACTIVATION, "tanh",
            SweepOption.NETWORKS, "200",
            SweepOption.OUT, "netdyn-demo",
            SweepOption.OVERWRITE, "true");

    /** Above this estimate (multiply-adds) a sweep announces its size before it starts. */
    static final double LARGE_WORK = 1e13;

    private final PrintStream out, err;
    private final boolean demo;

    SweepCommand(PrintStream out, PrintStream err, boolean demo) {
        this.out = out;
        this.err = err;
        this.demo = demo;
    }

    int run(String[] args, String[] fullArgs) throws IOException {
        SpecResolver resolver = new SpecResolver();
        if (demo) DEMO.forEach(resolver::set);
        Options options = OptionTable.sweepOptions(k -> resolver.text(SweepOption.byKey(k)));
        CommandLine cl = CliParsing.parse(options, args, demo ? "demo" : "sweep");
        if (cl.hasOption("help")) {
            help(options);
            return 0;
        }
        if (cl.hasOption("spec")) {
            Path specFile = SpecResolver.path("spec", cl.getOptionValue("spec"));
            resolver.readJson(specFile);
            if (!cl.hasOption(SweepOption.OUT.key())) resolver.anchorOut(specFile);
        }
        for (SweepOption o : SweepOption.values()) {
            if (cl.hasOption(o.key())) resolver.set(o, o.isFlag() ? "true" : cl.getOptionValue(o.key()));
        }
        SweepSpec spec = resolver.resolve(Measures.names());
        double work = SpecResolver.workEstimate(spec);
        int relaunched = SimdLaunch.runIfWorthIt(work, spec.backend() != BackendKind.CUDA, spec.imported().isPresent(), err);
        if (relaunched >= 0) return relaunched;           // the vector kernels' JVM ran it
        spec.imported().filter(w -> !w.names().isEmpty())
                .ifPresent(w -> err.println("netdyn: --weights: state_dict names: " + w.namesText()));
        if (work > LARGE_WORK) {
            err.printf(Locale.ROOT, "netdyn: estimated work %.1e multiply-adds (limit %.0e)%n", work, SpecResolver.MAX_WORK);
        }
        SweepRunner.Outcome result = new SweepRunner(err).run(spec, "netdyn " + String.join(" ", fullArgs));
        if (result.alreadyComplete()) {
            out.println("netdyn: " + result.out() + " is already complete: it holds the committed results of this sweep; nothing to do");
            return 0;
        }
        if (demo) SummaryTable.print(out, result.rows(), List.of(1, 5, 10, 20, 30));
        out.printf("netdyn: %s backend, %.1f s; wrote %s%n", result.backend(), result.wallSeconds(), written(result.out(), result.files()));
        return 0;
    }

    /**
     * The "wrote …" list of a run's files: each top-level file by its path, the files of a
     * sub-folder (--save-weights: weights/*.npz) as one entry with their count.
     */
    static String written(Path dir, List<String> files) {
        List<String> parts = new java.util.ArrayList<>();
        java.util.Map<String, Integer> folders = new java.util.LinkedHashMap<>();
        for (String f : files) {
            int slash = f.indexOf('/');
            if (slash < 0) {
                parts.add(dir.resolve(f).toString());
            } else {
                String folder = f.substring(0, slash);
                if (!folders.containsKey(folder)) parts.add("\u0000" + folder);     // placeholder, in order
                folders.merge(folder, 1, Integer::sum);
            }
        }
        return String.join(", ", parts.stream().map(p -> p.startsWith("\u0000")
                ? dir.resolve(p.substring(1)) + "/ (" + folders.get(p.substring(1)) + " files)" : p).toList());
    }

    private void help(Options options) {
        HelpFormatter f = new HelpFormatter();
        f.setWidth(110);
        f.setOptionComparator(null);   // the order of SweepOption: grid, run, output, then per measure
        PrintWriter pw = new PrintWriter(out);
        String name = demo ? "demo" : "sweep";
        String header = demo
                ? "Runs a small built-in sweep (defaults below) and prints a table; every sweep option overrides it.\n\n"
                : "Runs measures over the grid widths × dists × biases × activations, every depth in one pass.\n\n";
        f.printHelp(pw, 110, "java -jar netdyn.jar " + name + " [options]", header, options, 2, 2,
                "\nMeasures: " + String.join(", ", Measures.names()) + ". Docs: docs/cli.md", false);
        pw.flush();
    }
}
