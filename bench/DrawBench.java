// Gaussian weight draws, ns per draw (netdyn CPU, one thread). Run after `mvn package`:
//   java -cp target/netdyn.jar bench/DrawBench.java [rounds]        (or -cp target/classes)
//
// Per width N (16 and 512: one layer is N² draws) it times, in one process and alternating
// round by round so that JIT state, frequency and the other load on the machine hit all
// variants alike:
//   library  two blocks per Streams.block2 call + sqrt(-2 Math.log U0)·Math.cos(2π U1): the
//            one-block-per-element Gaussian loop (random-stream layout 1) with the JDK's log/cos
//   dm-block2 the same Philox loop + DrawMath.gaussian (netdyn's ln/cos alone, layout 1)
//   sampler  TensorSampler.weights: layout 2, four blocks per Streams.block4 call, each block
//            four Gaussians (both Box–Muller variates of both word pairs; what netdyn runs)
//   philox   the block2 words alone (layout 1's Philox floor)
// Each variant fills layers until ~20 ms have passed; the figure is the median over rounds of
// ns per draw. A checksum keeps the JIT from dropping the work.
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.DrawMath;
import io.netdyn.model.Philox4x32;
import io.netdyn.model.Scaling;
import io.netdyn.model.Streams;
import io.netdyn.model.TensorSampler;
import java.util.Arrays;
import java.util.Optional;

public class DrawBench {
    static double sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        for (int n : new int[] {16, 512}) run(n, rounds);
    }

    static void run(int n, int rounds) {
        Architecture arch = new Architecture(n, 4, Activation.TANH, false, Distribution.gaussian(1.0),
                Scaling.DEFAULT, Optional.empty());
        TensorSampler sampler = new TensorSampler(arch, 12345L);
        double m = arch.weightMultiplier();
        double[] w = new double[n * n];
        int[] pair = new int[8], block = new int[4];
        String[] names = {"library", "dm-block2", "sampler", "philox"};
        double[][] ns = new double[names.length][rounds];
        for (int warm = 0; warm < 3; warm++) {
            for (int v = 0; v < names.length; v++) time(v, sampler, m, w, pair, block, 200_000_000L);
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.length; k++) {
                int v = (r + k) % names.length;                 // rotate the order every round
                ns[v][r] = time(v, sampler, m, w, pair, block, 20_000_000L);
            }
        }
        System.out.printf("N=%d (%d draws per layer), %d rounds, median ns/draw:", n, n * n, rounds);
        for (int v = 0; v < names.length; v++) {
            double[] s = ns[v].clone();
            Arrays.sort(s);
            System.out.printf("  %s %.2f", names[v], s[rounds / 2]);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) ratio[r] = ns[0][r] / ns[2][r];
        Arrays.sort(ratio);
        System.out.printf("  | library/sampler median %.2fx", ratio[rounds / 2]);
        for (int r = 0; r < rounds; r++) ratio[r] = ns[0][r] / ns[1][r];
        Arrays.sort(ratio);
        System.out.printf(", library/dm-block2 %.2fx (checksum %.3g)%n", ratio[rounds / 2], sink);
    }

    static double time(int variant, TensorSampler sampler, double m, double[] w, int[] pair, int[] block, long budgetNs) {
        long draws = 0, t0 = System.nanoTime(), t;
        long network = 0;
        do {
            fill(variant, sampler, network++, m, w, pair, block);
            draws += w.length;
            t = System.nanoTime();
        } while (t - t0 < budgetNs);
        sink += w[w.length / 2];
        return (double) (t - t0) / draws;
    }

    static void fill(int variant, TensorSampler sampler, long network, double m, double[] w, int[] pair, int[] block) {
        int count = w.length;
        switch (variant) {
            case 0 -> {
                for (int e = 0; e + 1 < count; e += 2) {
                    Streams.NETWORK.block2(12345L, network, 1, Streams.TENSOR_WEIGHT, e, pair);
                    w[e] = m * library(Philox4x32.uniform(pair[0]), Philox4x32.uniform(pair[1]));
                    w[e + 1] = m * library(Philox4x32.uniform(pair[4]), Philox4x32.uniform(pair[5]));
                }
            }
            case 1 -> {
                for (int e = 0; e + 1 < count; e += 2) {
                    Streams.NETWORK.block2(12345L, network, 1, Streams.TENSOR_WEIGHT, e, pair);
                    w[e] = m * DrawMath.gaussian(pair[0], pair[1]);
                    w[e + 1] = m * DrawMath.gaussian(pair[4], pair[5]);
                }
            }
            case 2 -> sampler.weights(network, 1, w);
            default -> {
                for (int e = 0; e + 1 < count; e += 2) {
                    Streams.NETWORK.block2(12345L, network, 1, Streams.TENSOR_WEIGHT, e, pair);
                    w[e] = pair[0] ^ pair[1];
                    w[e + 1] = pair[4] ^ pair[5];
                }
            }
        }
    }

    static double library(double u0, double u1) {
        return Math.sqrt(-2 * Math.log(u0)) * Math.cos(2 * Math.PI * u1);
    }
}
