package io.netdyn.cli;

import io.netdyn.io.BuildInfo;
import io.netdyn.spec.UsageError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point: parses the command word and dispatches. Only here is {@code System.exit}
 * called: 0 success, 2 bad input (one line, no stack trace), 1 runtime failure.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        SimdLaunch.allowed = true;
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
                default -> throw new UsageError("unknown command '" + UsageError.echo(args[0]) + "' (expected demo, sweep, merge, slurm, report, info, theory; see netdyn --help)");
            };
        } catch (UsageError e) {
            err.println("netdyn: error: " + oneLine(e.getMessage()));
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("netdyn: failed: out of memory (" + oneLine(String.valueOf(e.getMessage()))
                    + "); lower --batch or raise java -Xmx");
            return 1;
        } catch (Exception | Error e) {
            err.println("netdyn: failed: " + oneLine(describe(e)));
            if (System.getenv("NETDYN_DEBUG") != null) e.printStackTrace(err);
            return 1;
        }
    }

    /** Longest message printed; longer ones (an echoed huge input) are cut with "…". */
    static final int MAX_MESSAGE = 1000;

    /** A message as one line of at most {@link #MAX_MESSAGE} characters. */
    static String oneLine(String m) {
        String s = m == null ? "" : m.replaceAll("[\\r\\n\\t]+", " ");
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }

    /**
     * A runtime failure in words: what went wrong and with which file, never a Java class
     * name (NETDYN_DEBUG=1 adds the stack trace for that).
     */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) e = e.getCause();
        String m = e.getMessage();
        String what;
        if (e instanceof NoSuchFileException f) what = "no such file or directory: " + f.getFile();
        else if (e instanceof FileAlreadyExistsException f) what = "already exists: " + f.getFile();
        else if (e instanceof AccessDeniedException f) what = "permission denied: " + f.getFile();
        else if (e instanceof NotDirectoryException f) what = "not a directory: " + f.getFile();
        else if (e instanceof DirectoryNotEmptyException f) what = "directory not empty: " + f.getFile();
        else if (e instanceof FileSystemException f) what = "file system error: " + f.getFile()
                + (f.getReason() != null ? " (" + f.getReason() + ")" : "");
        else if (e instanceof IOException) what = "I/O error" + (m != null ? ": " + m : "");
        else if (e instanceof StackOverflowError) what = "input nested too deeply (stack overflow)";
        else what = "internal error" + (m != null ? ": " + m : "");
        return what + " (set NETDYN_DEBUG=1 for a stack trace)";
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
