package io.netdyn.cli;

import io.netdyn.backends.Backends;
import io.netdyn.io.BuildInfo;
import io.netdyn.measure.Measures;
import io.netdyn.simd.Simd;
import io.netdyn.spec.UsageError;
import java.io.PrintStream;
import java.util.Locale;

/** {@code info}: version, backends and why one is unavailable, device, threads. */
final class InfoCommand {
    private final PrintStream out;

    InfoCommand(PrintStream out) { this.out = out; }

    int run(String[] args) {
        org.apache.commons.cli.CommandLine cl = CliParsing.parse(new org.apache.commons.cli.Options()
                .addOption(org.apache.commons.cli.Option.builder("h").longOpt("help").build()), args, "info");
        {
            if (cl.hasOption("help")) {
                out.println("usage: java -jar netdyn.jar info\n\nPrints the version, git commit, the backends this"
                        + " machine can use (and why not), the CPU and its threads, and the measures.");
                return 0;
            }
        }
        Runtime rt = Runtime.getRuntime();
        out.println("netdyn " + BuildInfo.version() + " (commit " + BuildInfo.gitCommit() + ")");
        out.println("java: " + System.getProperty("java.vendor") + " " + System.getProperty("java.version")
                + ", max heap " + (rt.maxMemory() >> 20) + " MiB");
        out.println("backend cpu: available, " + rt.availableProcessors() + " threads, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        out.println("simd: " + Simd.status() + (Simd.ON || Simd.disabled() ? "" : "; sweeps of more than "
                + String.format(Locale.ROOT, "%.0e", SimdLaunch.MIN_WORK) + " multiply-adds re-launch with it"));
        String why = Backends.cudaUnavailableReason();
        out.println("backend cuda: " + (why == null ? "available" : "unavailable — " + why));
        for (String line : Backends.cudaInfo()) out.println("  " + line);
        out.println("measures: " + String.join(", ", Measures.names()));
        return 0;
    }
}
