// Training benchmark, in process (netdyn CPU backend). Run as
//   java -cp target/netdyn.jar bench/TrainBench.java [networks width depth patterns steps rounds]
// default 64 32 4 8 200 5 tanh adam (activation, optimizer optional). Workload (W5 of bench/compare.sh, fewer networks and steps): tanh
// networks of width N, depth L, bias, task autoencode:random:P, full batch, Adam, η 1e-3. Times
// the reference trainer (train.NetworkTrainer, one sample at a time, dot products) and the
// backend's train (backend.cpu.TrainWorker, one thread) on the same networks, alternated, and
// checks that both give the same bits. Per step and network, full batch:
//   forward 2·L·P·N² flops, ∂W 2·L·P·N², backprop 2·(L−1)·P·N², Adam ~10·L·(N² + N):
//   N 32, L 4, P 8: 9.4e4 flops of products + 4.2e4 flops of Adam, ~1 024 tanh.
import io.netdyn.backend.TrainingBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import io.netdyn.train.InitialWeights;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.NetworkTrainer;
import io.netdyn.train.Optimizer;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.Task;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainSettings;
import java.util.Arrays;
import java.util.Optional;

public class TrainBench {
    public static void main(String[] args) {
        int nets = arg(args, 0, 64), n = arg(args, 1, 32), depth = arg(args, 2, 4), p = arg(args, 3, 8),
                steps = arg(args, 4, 200), rounds = arg(args, 5, 5);
        Architecture arch = new Architecture(n, depth, Activation.parse(args.length > 6 ? args[6] : "tanh"), false, Distribution.gaussian(1), Scaling.DEFAULT,
                Optional.of(Distribution.gaussian(0.1)));
        NetworkShape shape = NetworkShape.of(arch);
        TaskData data = TaskData.generate(Task.parse("autoencode:random:" + p), arch, 0, 0, 1);
        TrainSettings s = TrainSettings.of(Optimizer.parse(args.length > 7 ? args[7] : "adam"), 1e-3, 1);
        double[] ref = new double[rounds], fast = new double[rounds];
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (int r = 0; r < rounds; r++) {
                NetworkWeights[] wr = weights(arch, nets), wf = weights(arch, nets);
                OptimizerState[] sr = states(s, n, depth, nets), sf = states(s, n, depth, nets);
                NetworkTrainer t = new NetworkTrainer(shape);
                long t0 = cpuNanos();
                for (int k = 0; k < nets; k++) t.resume(wr[k], sr[k], data, s, steps, k, null);
                long t1 = cpuNanos();
                cpu.train(new TrainingBatch(shape, 0, wf, sf, data, s), steps);
                long t2 = cpuNanos();
                ref[r] = (t1 - t0) / 1e3 / nets / steps;
                fast[r] = (t2 - t1) / 1e3 / nets / steps;
                for (int k = 0; k < nets; k++) {
                    for (int l = 0; l < depth; l++) {
                        if (!Arrays.equals(wr[k].w()[l], wf[k].w()[l])) throw new AssertionError("not the reference's bits, network " + k);
                    }
                }
                System.out.printf("round %d: reference %.2f CPU µs/step/network, backend (1 thread) %.2f µs, %.2fx%n",
                        r + 1, ref[r], fast[r], ref[r] / fast[r]);
            }
        }
        double mr = median(Arrays.copyOfRange(ref, 1, rounds)), mf = median(Arrays.copyOfRange(fast, 1, rounds));
        System.out.printf("median of rounds 2..%d: reference %.2f µs, backend %.2f µs per step and network: %.2fx (same bits)%n",
                rounds, mr, mf, mr / mf);
    }

    static NetworkWeights[] weights(Architecture a, int count) {
        NetworkWeights[] w = new NetworkWeights[count];
        for (int k = 0; k < count; k++) w[k] = InitialWeights.sample(a, 1, k);
        return w;
    }

    static OptimizerState[] states(TrainSettings s, int n, int depth, int count) {
        OptimizerState[] st = new OptimizerState[count];
        for (int k = 0; k < count; k++) st[k] = OptimizerState.initial(s.optimizer(), n, depth);
        return st;
    }

    static double median(double[] x) {
        double[] c = x.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** CPU time of the process (the machine may be shared: wall time would count other processes). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static int arg(String[] a, int i, int d) { return a.length > i ? Integer.parseInt(a[i]) : d; }
}
