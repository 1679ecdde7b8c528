package io.netdyn.cli;

import io.netdyn.simd.Simd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a large sweep in a JVM that has the vector kernels: when this JVM was started without
 * {@code --add-modules jdk.incubator.vector} (a plain {@code java -jar netdyn.jar …}), the same
 * command line is started again with that option, its exit code becomes ours, and its output
 * passes through (less the JVM's one-line "Using incubator modules" warning). The results are
 * the same bits either way ({@link Simd}); the second JVM costs ≈ 0.2 s, so sweeps under
 * {@link #MIN_WORK} multiply-adds run here on the scalar kernels.
 */
final class SimdLaunch {
    private SimdLaunch() {}

    /** Estimated multiply-adds above which the re-launch pays for itself (≈ 1 s of scalar work). */
    static final double MIN_WORK = 1e9;
    /** Set in the re-launched JVM's environment: it never re-launches again. */
    static final String MARKER = "NETDYN_SIMD_RELAUNCHED";
    private static final String WARNING = "WARNING: Using incubator modules: " + Simd.MODULE;

    /**
     * For the re-launched JVM, the fixed-point kernels (MapKernelsSimd) compiled by C2 early (at
     * 1% of the usual invocation counts) and in the foreground (the thread that asks waits for
     * C2's code): until then they run in the interpreter and C1, where every vector operation is a
     * call that allocates — tens of times slower than the scalar loops; W1 spent ≈ 0.4 s of its
     * 2.4 s there. Not the other vector kernels: with the same options the Householder dot product
     * made one W2-sized run in three about 2× slower (C2 code built from so short a profile can
     * leave vector calls in place, and it stays), and W2's runs gain nothing from them.
     * {@code quiet}: the JVM would print each command on stdout.
     */
    static final List<String> JIT_OPTIONS = List.of("-XX:CompileCommand=quiet",
            "-XX:CompileCommand=BackgroundCompilation,io.netdyn.backend.cpu.MapKernelsSimd::*,false",
            "-XX:CompileCommand=CompileThresholdScaling,io.netdyn.backend.cpu.MapKernelsSimd::*,0.01");

    /** Only {@link Main#main} sets this: tests run commands in process and must not spawn JVMs. */
    static volatile boolean allowed;

    /**
     * The exit code of the re-launched command, or −1 when this JVM runs it: no re-launch needed
     * (SIMD on, turned off, small work, a GPU run) or possible (imported weights, which this JVM
     * already holds; no readable command line; then a notice on {@code err}).
     */
    static int runIfWorthIt(double work, boolean cpuKernels, boolean importedWeights, PrintStream err) {
        if (!allowed || Simd.ON || Simd.disabled() || !cpuKernels || work < MIN_WORK) return -1;
        if (importedWeights) {                               // this JVM holds them: a second one would load them again
            return scalar(err, "--weights sweeps run in one JVM; start it with --add-modules " + Simd.MODULE
                    + " for the vector kernels");
        }
        if (System.getenv(MARKER) != null) {             // re-launched, module loaded, still off: the processor
            err.println("netdyn: SIMD " + Simd.status() + ": the scalar CPU kernels give the same results, slower");
            return -1;
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> java = info.command();
        Optional<String[]> args = info.arguments();
        if (java.isEmpty() || args.isEmpty()) return scalar(err, "this JVM's command line is not readable");
        for (String a : args.get()) {
            if (a.startsWith("-XX:StartFlightRecording") || a.startsWith("-agentlib") || a.startsWith("-agentpath")
                    || a.startsWith("-javaagent")) {
                return scalar(err, "a profiler or agent runs in this JVM; start it with --add-modules " + Simd.MODULE
                        + " for the vector kernels");
            }
            if (a.equals("-jar") || a.startsWith("io.netdyn")) break;     // the JVM's options end here
        }
        if (ModuleFinder.ofSystem().find(Simd.MODULE).isEmpty()) return scalar(err, "this Java runtime has no " + Simd.MODULE);
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.add("--add-modules");
        cmd.add(Simd.MODULE);
        cmd.addAll(JIT_OPTIONS);
        cmd.addAll(List.of(args.get()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(MARKER, "1");
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            return scalar(err, "could not start " + java.get());
        }
        Thread stop = new Thread(child::destroy);           // SIGTERM to us (scancel, kill): pass it on
        Runtime.getRuntime().addShutdownHook(stop);
        Thread pump = new Thread(() -> copyStderr(child.getErrorStream(), err), "netdyn-stderr");
        pump.start();
        try {
            int rc = child.waitFor();
            pump.join();
            Runtime.getRuntime().removeShutdownHook(stop);
            return rc;
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int scalar(PrintStream err, String why) {
        err.println("netdyn: SIMD off (" + why + "): the scalar CPU kernels give the same results, slower");
        return -1;
    }

    /** Copies the child's stderr as it comes (progress lines included), dropping the incubator warning. */
    static void copyStderr(InputStream in, PrintStream err) {
        try (in) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') first.write(c);
            String line = first.toString(StandardCharsets.UTF_8);
            if (!line.equals(WARNING)) {
                err.print(line);
                if (c == '\n') err.println();
            }
            err.flush();
            byte[] buf = new byte[8192];
            OutputStream o = err;
            for (int n; (n = in.read(buf)) > 0; ) { o.write(buf, 0, n); o.flush(); }
        } catch (IOException e) {
            // the child's stderr closed under us: nothing more to copy
        }
    }
}
