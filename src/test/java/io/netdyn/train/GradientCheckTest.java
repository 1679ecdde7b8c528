package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The backward pass against central finite differences of the loss, in fp64, for every
 * activation × loss (and a linear last layer), at random points whose pre-activations all stay
 * away from the kinks of relu (0) and hardtanh (±1).
 */
class GradientCheckTest {
    static final int N = 5, DEPTH = 3, P = 4, C = 3;
    static final double STEP = 1e-5, TOLERANCE = 1e-6;
    /** Pre-activations closer than this to a kink are re-drawn (far above the FD step's reach). */
    static final double KINK_MARGIN = 1e-3;

    @Test
    void backpropMatchesCentralDifferencesForEveryActivationAndLoss() {
        StringBuilder report = new StringBuilder();
        for (Activation a : Activation.values()) {
            for (Loss loss : Loss.values()) {
                for (boolean lastLinear : new boolean[] {false, true}) {
                    double err = worstRelativeError(a, loss, lastLinear);
                    report.append(String.format("%-9s %-4s lastLinear=%-5b max rel err %.2e%n", a.label(), loss.label(), lastLinear, err));
                    assertTrue(err < TOLERANCE, a + " " + loss + " lastLinear=" + lastLinear + ": relative error " + err);
                }
            }
        }
        System.out.print(report);
    }

    /** max over parameters of |g − g_fd| / max(|g|, 1e-3·max|g|) at the first kink-free random point. */
    static double worstRelativeError(Activation a, Loss loss, boolean lastLinear) {
        NetworkShape shape = new NetworkShape(N, DEPTH, a, lastLinear);
        NetworkTrainer trainer = new NetworkTrainer(shape);
        for (long seed = 1; ; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1000 + a.ordinal() * 10 + loss.ordinal());
            NetworkWeights w = randomWeights(rnd, a);
            Samples s = randomSamples(rnd, loss, a);
            if (!kinkFree(shape, w, s)) continue;
            NetworkWeights g = zeros();
            trainer.lossAndGradient(w, s, loss, g);
            double gmax = 0;
            for (int l = 0; l < DEPTH; l++) {
                for (double v : g.w()[l]) gmax = Math.max(gmax, Math.abs(v));
                for (double v : g.b()[l]) gmax = Math.max(gmax, Math.abs(v));
            }
            assertTrue(gmax > 1e-4, a + " " + loss + ": gradient vanishes, the check would be empty");
            NetworkWeights scratch = zeros();
            double worst = 0;
            for (int l = 0; l < DEPTH; l++) {
                for (int e = 0; e < N * N; e++) worst = Math.max(worst, check(trainer, w, s, loss, w.w()[l], e, g.w()[l][e], gmax, scratch));
                for (int e = 0; e < N; e++) worst = Math.max(worst, check(trainer, w, s, loss, w.b()[l], e, g.b()[l][e], gmax, scratch));
            }
            return worst;
        }
    }

    private static double check(NetworkTrainer t, NetworkWeights w, Samples s, Loss loss, double[] theta, int e,
                                double analytic, double gmax, NetworkWeights scratch) {
        double v = theta[e];
        theta[e] = v + STEP;
        double up = t.lossAndGradient(w, s, loss, scratch);
        theta[e] = v - STEP;
        double down = t.lossAndGradient(w, s, loss, scratch);
        theta[e] = v;
        double fd = (up - down) / (2 * STEP);
        return Math.abs(analytic - fd) / Math.max(Math.abs(analytic), 1e-3 * gmax);
    }

    static NetworkWeights randomWeights(SplittableRandom rnd, Activation a) {
        double[][] w = new double[DEPTH][N * N], b = new double[DEPTH][N];
        double sw = 1.3 / Math.sqrt(N);
        for (int l = 0; l < DEPTH; l++) {
            for (int e = 0; e < N * N; e++) w[l][e] = sw * gaussian(rnd);
            for (int e = 0; e < N; e++) b[l][e] = 0.3 * gaussian(rnd);
        }
        return new NetworkWeights(N, w, b);
    }

    static Samples randomSamples(SplittableRandom rnd, Loss loss, Activation a) {
        double[] x = new double[P * N];
        for (int e = 0; e < x.length; e++) x[e] = gaussian(rnd);
        if (loss == Loss.XENT) {
            int[] labels = new int[P];
            for (int s = 0; s < P; s++) labels[s] = rnd.nextInt(C);
            return Samples.classification(P, N, C, x, labels);
        }
        double[] y = new double[P * N];
        for (int e = 0; e < y.length; e++) y[e] = a == Activation.LOGISTIC ? rnd.nextDouble() : rnd.nextDouble() * 1.6 - 0.8;
        return Samples.regression(P, N, x, y);
    }

    /** Whether no pre-activation of any sample lies within KINK_MARGIN of a kink of φ. */
    static boolean kinkFree(NetworkShape shape, NetworkWeights w, Samples s) {
        if (shape.activation() != Activation.RELU && shape.activation() != Activation.HARDTANH) return true;
        double[] x = new double[N], h = new double[N];
        for (int k = 0; k < s.count(); k++) {
            System.arraycopy(s.x(), k * N, x, 0, N);
            for (int l = 0; l < DEPTH; l++) {
                for (int i = 0; i < N; i++) {
                    double sum = 0;
                    for (int j = 0; j < N; j++) sum += w.w()[l][i * N + j] * x[j];
                    h[i] = sum + w.b()[l][i];
                    boolean activated = !(shape.lastLinear() && l == DEPTH - 1);
                    if (activated && shape.activation() == Activation.RELU && Math.abs(h[i]) < KINK_MARGIN) return false;
                    if (activated && shape.activation() == Activation.HARDTANH && Math.abs(Math.abs(h[i]) - 1) < KINK_MARGIN) return false;
                }
                for (int i = 0; i < N; i++) x[i] = shape.activation().phi(h[i]);
            }
        }
        return true;
    }

    static NetworkWeights zeros() {
        return new NetworkWeights(N, new double[DEPTH][N * N], new double[DEPTH][N]);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
