// Fixed-point benchmark (netdyn CPU backend). Run through bench/fixedpoints_bench.sh, or:
//   java -cp target/netdyn.jar bench/FixedPointBench.java [networks width depth starts iters batch reps threads search]
// (search: "search" (default) also times the whole search, "nosearch" skips it)
//
// Workload (docs/performance.md, "Fixed points"): `networks` Cauchy tanh networks (cauchy:1, fan-in
// 1/N, no bias), width N, depth L; M starts uniform in [-1,1]^N; x <- f(x) for at most T iterations
// with early exit on convergence (||f(x)-x||_inf < 1e-8 max(1, ||f(x)||_inf)) and on cycles of
// period 2..8. This is Backend.iterateMap, the hot loop of workload W1 of bench/compare.sh. Weights
// are generated inside the timed region (netdyn never stores them). The whole search (iteration,
// Newton polish and search from M more starts, Jacobians, eigenvalues) is timed too, for
// information: numpy has no counterpart of it here.
//
// Napkin per network: M · (map evaluations per start ≈ T for cycling starts) · L · 2N² flops
// = 64 · 200 · 8 · 512 ≈ 5.2e7 flops plus 64 · 200 · 8 · 16 ≈ 1.6e6 tanh; 1 024 networks ≈ 5e10
// flops (the measured map-evaluation count is printed). Small GEMMs (m × 16)·(16 × 16) in L1.
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.measure.fixedpoint.FixedPointSearch;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.spec.FixedPointOptions;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.HdrHistogram.Histogram;

public class FixedPointBench {
    public static void main(String[] args) {
        int networks = arg(args, 0, 1024), n = arg(args, 1, 16), depth = arg(args, 2, 8);
        int m = arg(args, 3, 64), iters = arg(args, 4, 200), batch = arg(args, 5, 128), reps = arg(args, 6, 3);
        int threads = arg(args, 7, Runtime.getRuntime().availableProcessors());
        boolean timeSearch = args.length <= 8 || !args[8].equals("nosearch");
        Architecture arch = new Architecture(n, depth, Activation.TANH, false, Distribution.cauchy(1),
                Scaling.DEFAULT, Optional.empty());
        FixedPointOptions opts = FixedPointOptions.defaults().withStarts(m).withMaxIter(iters).withCycles(8);
        StartPoints starts = opts.startsFor(Activation.TANH);
        int[] depths = {depth};
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        try (CpuBackend backend = new CpuBackend(threads)) {
            Histogram latency = new Histogram(3_600_000_000L, 3);      // µs per batch
            double best = Double.POSITIVE_INFINITY, bestCpu = 0;
            long evaluations = 0;
            int[] status = new int[4];
            for (int rep = 0; rep <= reps; rep++) {                     // rep 0: JIT warm-up, not counted
                long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                evaluations = 0;
                java.util.Arrays.fill(status, 0);
                for (int first = 0; first < networks; first += batch) {
                    long b0 = System.nanoTime();
                    int count = Math.min(batch, networks - first);
                    FixedPointRun run = backend.iterateMap(new NetworkBatch(arch, 1, first, count),
                            depths, starts, opts.settings());
                    if (rep > 0) latency.recordValue((System.nanoTime() - b0) / 1000);
                    for (int k = 0; k < run.status().length; k++) {
                        evaluations += run.iterations()[k];
                        status[run.status()[k]]++;
                    }
                }
                double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                if (rep > 0 && wall < best) { best = wall; bestCpu = cpu; }
            }
            FixedPointSearch search = new FixedPointSearch(backend, opts);
            double searchBest = Double.POSITIVE_INFINITY;
            for (int rep = 0; timeSearch && rep <= Math.max(1, reps / 2); rep++) {
                long t0 = System.nanoTime();
                for (int first = 0; first < networks; first += batch) {
                    search.run(new NetworkBatch(arch, 1, first, Math.min(batch, networks - first)),
                            depths, starts);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) searchBest = Math.min(searchBest, wall);
            }
            System.out.printf("workload=fixed points: %d networks, N=%d, L=%d, %d starts, %d iterations, tanh, cauchy:1%n",
                    networks, n, depth, m, iters);
            System.out.printf("java_threads=%d%n", threads);
            System.out.printf("java_seconds=%.4f%n", best);
            System.out.printf("java_cpu_seconds=%.4f%n", bestCpu);
            System.out.printf("java_networks_per_s=%.1f%n", networks / best);
            System.out.printf("java_gflops=%.2f%n", 2.0 * evaluations * depth * n * n / best / 1e9);
            System.out.printf("java_batch_ms_p50=%.1f p99=%.1f (batch %d)%n", latency.getValueAtPercentile(50) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3, batch);
            System.out.printf("map_evaluations=%d%n", evaluations);
            System.out.printf("starts converged=%d cycle=%d not_converged=%d diverged=%d%n",
                    status[0], status[1], status[2], status[3]);
            if (timeSearch) {
                System.out.printf("java_search_seconds=%.4f%n", searchBest);
                System.out.printf("java_search_networks_per_s=%.1f%n", networks / searchBest);
            }
        }
    }

    private static int arg(String[] a, int i, int dflt) { return a.length > i ? Integer.parseInt(a[i]) : dflt; }
}
