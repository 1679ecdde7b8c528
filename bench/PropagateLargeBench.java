// Large-N propagate benchmark (Backend.propagate -> per-layer Gram matrices). Run through
// bench/propagate_large_bench.sh, or:
//   java -cp target/netdyn.jar bench/PropagateLargeBench.java [networks width probes depth reps backend]
// backend: cpu (default, all cores) or cuda (the GPU; the large-N path for N >= 256, the GEMMs
// through cuBLAS when libcublas.so.12 loads, else kernels/gemm.cu). Set -Dnetdyn.cuda.propagate=small
// to time the small-N kernel at the same shape.
//
// Workload: `networks` Gaussian tanh networks (σ_w = 1.5, σ_b = 0.1, fan-in), width N, depth L,
// S probe inputs (q0 = 1, c0 = 0.3); per network and layer H = X Wᵀ + b, Y = tanh H and the three
// S×S Grams H Hᵀ, Y Yᵀ, BᵀB. Weights are generated inside the timed region (Philox, as always:
// netdyn never stores them between calls). Best wall time of `reps` repetitions after one warm-up.
//
// Napkin per network and layer: N² Philox Gaussian draws (~100 flop-equivalents each) for W,
// 2·S·N² flops for H, 3·2·S²·N for the Grams: N = 512, S = 8, L = 10, B = 8 -> 2.1e7 draws and
// 4.2e8 flops in all.
import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.backend.cuda.CudaBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.Optional;

public class PropagateLargeBench {
    public static void main(String[] args) {
        int networks = arg(args, 0, 8), n = arg(args, 1, 512), s = arg(args, 2, 8), depth = arg(args, 3, 10);
        int reps = arg(args, 4, 3);
        String which = args.length > 5 ? args[5] : "cpu";
        int threads = Runtime.getRuntime().availableProcessors();
        Architecture arch = new Architecture(n, depth, Activation.TANH, false, Distribution.gaussian(1.5),
                Scaling.DEFAULT, Optional.of(Distribution.gaussian(0.1)));
        ProbeInputs probes = new ProbeInputs(s, 1.0, 0.3);
        double best = Double.POSITIVE_INFINITY, checksum = 0;
        try (Backend backend = which.equals("cuda") ? CudaBackend.onGpu(new CpuBackend(threads), System.err::println) : new CpuBackend(threads)) {
            System.out.println("java backend: " + backend.name() + " on " + backend.device());
            for (int rep = 0; rep <= reps; rep++) {
                long t0 = System.nanoTime();
                PropagationGrams g = backend.propagate(new NetworkBatch(arch, 1, 0, networks), probes);
                double wall = (System.nanoTime() - t0) / 1e9;
                checksum = g.yGram()[g.yGram().length - 1] + g.hGram()[0];
                if (rep > 0) best = Math.min(best, wall);
                System.out.printf("java %s rep %d%s: %.3f s%n", which, rep, rep == 0 ? " (warm-up)" : "", wall);
            }
        }
        System.out.printf("java workload: %d networks, N=%d, S=%d, L=%d, %d threads%n", networks, n, s, depth, threads);
        System.out.printf("java checksum %.6f%n", checksum);
        System.out.printf("java_%s_seconds=%.4f%n", which, best);
    }

    private static int arg(String[] a, int i, int dflt) { return a.length > i ? Integer.parseInt(a[i]) : dflt; }
}
