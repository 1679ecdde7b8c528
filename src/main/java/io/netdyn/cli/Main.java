package io.netdyn.cli;

import io.netdyn.io.BuildInfo;
import io.netdyn.spec.UsageError;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point: parses the command word and dispatches. Only here is {@code System.exit}
 * called: 0 success, 2 bad input (one line, no stack trace), 1 runtime failure.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit code (the testable form of {@link #main}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0].toLowerCase(Locale.ROOT);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (command) {
                case "sweep" -> new SweepCommand(out, err, false).run(rest, args);
                case "demo" -> new SweepCommand(out, err, true).run(rest, args);
                case "merge" -> new MergeCommand(out).run(rest, args);
                case "report" -> new ReportCommand(out).run(rest);
                case "slurm" -> new SlurmCommand(out).run(rest);
                case "info" -> new InfoCommand(out).run(rest);
                case "theory" -> new TheoryCommand(out).run(rest);
                case "--version", "version" -> { out.println("netdyn " + BuildInfo.version()); yield 0; }
                default -> throw new UsageError("unknown command '" + args[0] + "' (expected demo, sweep, merge, slurm, report, info, theory; see netdyn --help)");
            };
        } catch (UsageError e) {
            err.println("netdyn: error: " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("netdyn: failed: out of memory (" + e.getMessage() + "); lower --batch or raise java -Xmx");
            return 1;
        } catch (Exception | Error e) {
            err.println("netdyn: failed: " + describe(e));
            if (System.getenv("NETDYN_DEBUG") != null) e.printStackTrace(err);
            return 1;
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m != null ? ": " + m : "") + " (set NETDYN_DEBUG=1 for a stack trace)";
    }

    static void usage(PrintStream out) {
        out.println("netdyn " + BuildInfo.version() + " — dynamics of random deep networks");
        out.println();
        out.println("usage: java -jar netdyn.jar <command> [options]");
        out.println();
        out.println("commands:");
        out.println("  demo    run a small built-in sweep (under a minute on 2 cores) and print a table");
        out.println("  sweep   run a depth × width sweep; write results.csv and manifest.json to --out");
        out.println("  merge   join the output directories of a sharded sweep (sweep --shard I/N)");
        out.println("  slurm   write a Slurm job array (shards, requeue, resume) and its merge job for a sweep");
        out.println("  report  (re)write DIR/report.html from DIR/results.csv");
        out.println("  info    version, backends, device, threads");
        out.println("  theory  mean-field and random-matrix predictions: meanfield, phase, jacobian, moments");
        out.println();
        out.println("'netdyn <command> --help' lists a command's options with their defaults.");
    }
}
