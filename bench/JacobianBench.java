// Jacobian spectra benchmark (netdyn CPU backend). Run through bench/jacobian_bench.sh, or:
//   java -cp target/netdyn.jar bench/JacobianBench.java [networks width depth every batch reps]
//
// Workload: `networks` Gaussian tanh networks (σ_w = 1.2, σ_b = 0.1, fan-in), width N, depth L,
// one input per network at the mean-field q*, singular values of the input–output Jacobian at
// every `every`-th layer (no eigenvalues). Weights are generated inside the timed region (they
// are part of the work: netdyn never stores them). Each repetition runs the whole workload in
// batches of `batch` networks; per-batch latency goes into an HdrHistogram, the wall time of
// the best repetition is the figure (the first repetition is a JIT warm-up and not counted).
//
// Napkin per network: L·(2N³ product + 8N³/3 QR and Q + N³/3 triangular) ≈ 5LN³ = 6.6e7, plus
// (L/every) SVDs × ~8 sweeps × (N²/2 pairs × 12N) ≈ 5 × 1.2e7 = 6e7 (N = 64, L = 50), i.e.
// ≈ 1.3e8 flops per network, 1.3e11 for 1 024 networks; plus 50·N² = 2e5 Philox Gaussian draws.
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.measure.MeanFieldInput;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import java.util.Optional;
import org.HdrHistogram.Histogram;

public class JacobianBench {
    public static void main(String[] args) {
        int networks = arg(args, 0, 1024), n = arg(args, 1, 64), depth = arg(args, 2, 50);
        int every = arg(args, 3, 10), batch = arg(args, 4, 128), reps = arg(args, 5, 3);
        int threads = Runtime.getRuntime().availableProcessors();
        Architecture arch = new Architecture(n, depth, Activation.TANH, false, Distribution.gaussian(1.2),
                Scaling.DEFAULT, Optional.of(Distribution.gaussian(0.1)));
        MeanFieldInput input = MeanFieldInput.choose(arch, 1.0);
        InputPoints points = InputPoints.random(1, input.q());
        int[] depths = new int[depth / every];
        for (int i = 0; i < depths.length; i++) depths[i] = (i + 1) * every;

        double best = Double.POSITIVE_INFINITY, checksum = 0;
        Histogram latency = new Histogram(3_600_000_000L, 3);      // µs, 3 significant digits
        try (CpuBackend backend = new CpuBackend(threads)) {
            for (int rep = 0; rep <= reps; rep++) {
                long t0 = System.nanoTime();
                checksum = 0;
                for (int first = 0; first < networks; first += batch) {
                    int count = Math.min(batch, networks - first);
                    long b0 = System.nanoTime();
                    JacobianSpectra s = backend.jacobianSpectra(new NetworkBatch(arch, 1, first, count), points, depths, false);
                    if (rep > 0) latency.recordValue((System.nanoTime() - b0) / 1000);
                    checksum += s.logSigma()[0];
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) best = Math.min(best, wall);
                System.out.printf("java rep %d%s: %.3f s%n", rep, rep == 0 ? " (warm-up)" : "", wall);
            }
        }
        System.out.printf("java workload: %d networks, N=%d, L=%d, spectra at %d depths, %d threads, q_in=%.6f%n",
                networks, n, depth, depths.length, threads, input.q());
        System.out.printf("java batch latency (%d networks): p50 %.1f ms, p90 %.1f ms, max %.1f ms%n", batch,
                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3, latency.getMaxValue() / 1e3);
        System.out.printf("java checksum %.6f%n", checksum);
        System.out.printf("java_seconds=%.4f%n", best);
    }

    private static int arg(String[] a, int i, int dflt) { return a.length > i ? Integer.parseInt(a[i]) : dflt; }
}
