package io.netdyn.report;

import io.netdyn.backend.IterationSettings;
import io.netdyn.backend.MapNetworks;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.measure.fixedpoint.FixedPointSearch;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.spec.FixedPointOptions;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The fixed-point benchmark of bench/fixedpoints_bench.sh: B networks (Cauchy weights, tanh,
 * no bias) of width N and depth L, M starts in [-1,1]^N, T iterations at most, cycles up to
 * P = 8, tol 1e-8 — timed as the iteration alone (the workload bench/fixedpoints_numpy.py
 * repeats) and as the whole search (iteration + Newton search + Jacobians + eigenvalues).
 * Prints one "key=value" line per figure. Arguments: B N L M T threads reps.
 */
public final class FixedPointBench {
    private FixedPointBench() {}

    public static void main(String[] args) {
        int b = arg(args, 0, 1024), n = arg(args, 1, 16), l = arg(args, 2, 8), m = arg(args, 3, 64), t = arg(args, 4, 200);
        int threads = arg(args, 5, Runtime.getRuntime().availableProcessors()), reps = arg(args, 6, 5);
        Architecture arch = new Architecture(n, l, Activation.TANH, false, Distribution.cauchy(1), Scaling.DEFAULT, Optional.empty());
        MapNetworks nets = MapNetworks.sampled(new NetworkBatch(arch, 1, 0, b));
        FixedPointOptions opts = FixedPointOptions.defaults().withStarts(m).withMaxIter(t).withCycles(8);
        IterationSettings s = opts.settings();
        StartPoints starts = opts.startsFor(Activation.TANH);
        int[] depths = {l};
        Histogram iterNs = new Histogram(3), searchNs = new Histogram(3);
        try (CpuBackend backend = new CpuBackend(threads)) {
            FixedPointRun warm = backend.iterateMap(nets, depths, starts, s);       // JIT warm-up
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                warm = backend.iterateMap(nets, depths, starts, s);
                iterNs.recordValue(System.nanoTime() - t0);
            }
            long evals = 0;
            int[] status = new int[4];
            for (int k = 0; k < warm.status().length; k++) { evals += warm.iterations()[k]; status[warm.status()[k]]++; }
            FixedPointSearch search = new FixedPointSearch(backend, opts);
            search.run(nets, depths, starts);
            for (int r = 0; r < Math.max(1, reps / 2); r++) {
                long t0 = System.nanoTime();
                search.run(nets, depths, starts);
                searchNs.recordValue(System.nanoTime() - t0);
            }
            double iterS = iterNs.getValueAtPercentile(50) / 1e9, searchS = searchNs.getValueAtPercentile(50) / 1e9;
            System.out.printf("workload=fixed points: %d networks, N=%d, L=%d, %d starts, %d iterations, tanh, cauchy:1%n", b, n, l, m, t);
            System.out.printf("threads=%d%n", threads);
            System.out.printf("java_iterate_seconds=%.4f%n", iterS);
            System.out.printf("java_iterate_min_seconds=%.4f%n", iterNs.getMinValue() / 1e9);
            System.out.printf("java_iterate_networks_per_s=%.1f%n", b / iterS);
            System.out.printf("java_iterate_gflops=%.2f%n", 2.0 * evals * l * n * n / iterS / 1e9);
            System.out.printf("map_evaluations=%d%n", evals);
            System.out.printf("starts_converged=%d starts_cycle=%d starts_not_converged=%d starts_diverged=%d%n",
                    status[0], status[1], status[2], status[3]);
            System.out.printf("java_search_seconds=%.4f%n", searchS);
            System.out.printf("java_search_networks_per_s=%.1f%n", b / searchS);
        }
    }

    private static int arg(String[] a, int i, int dflt) { return a.length > i ? Integer.parseInt(a[i]) : dflt; }
}
