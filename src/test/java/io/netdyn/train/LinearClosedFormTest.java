package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * A depth-1 linear network f(x) = Wx + b under full-batch gradient descent on the mse loss
 * L = (1/P) Σ_s ½‖W x_s + b − y_s‖² follows the closed form of linear regression. With
 * W̃ = [W | b], x̃ = (x; 1), Σ = X̃X̃ᵀ/P, C = YX̃ᵀ/P the gradient is W̃Σ − C, so
 * W̃_{t+1} = W̃_t A + ηC with A = I − ηΣ, and
 * <pre>
 *   W̃_t = W̃_0 A^t + C Σ⁻¹ (I − A^t) = W̃_0 V diag(μ^t) Vᵀ + C V diag((1 − μ^t)/λ) Vᵀ,   μ = 1 − ηλ
 * </pre>
 * from the eigen-decomposition Σ = V diag(λ) Vᵀ — computed here independently of the trainer.
 */
class LinearClosedFormTest {
    static final int N = 4, P = 12, STEPS = 100;
    static final double LR = 0.1;

    final SplittableRandom rnd = new SplittableRandom(42);
    final double[] x = gaussians(P * N), y = gaussians(P * N);
    final Samples samples = Samples.regression(P, N, x, y);

    @Test
    void gradientDescentFollowsTheClosedFormTrajectory() {
        NetworkWeights w0 = new NetworkWeights(N, new double[][] {gaussians(N * N)}, new double[][] {gaussians(N)});
        int m = N + 1;
        DMatrixRMaj xt = new DMatrixRMaj(m, P), yt = new DMatrixRMaj(N, P);
        for (int s = 0; s < P; s++) {
            for (int i = 0; i < N; i++) {
                xt.set(i, s, x[s * N + i]);
                yt.set(i, s, y[s * N + i]);
            }
            xt.set(N, s, 1);
        }
        DMatrixRMaj sigma = new DMatrixRMaj(m, m), c = new DMatrixRMaj(N, m);
        CommonOps_DDRM.multTransB(1.0 / P, xt, xt, sigma);
        CommonOps_DDRM.multTransB(1.0 / P, yt, xt, c);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        assertTrue(eig.decompose(sigma.copy()));
        double[] lambda = new double[m];
        DMatrixRMaj v = new DMatrixRMaj(m, m);
        for (int k = 0; k < m; k++) {
            lambda[k] = eig.getEigenvalue(k).getReal();
            assertTrue(lambda[k] > 1e-3, "Σ must be well conditioned");
            DMatrixRMaj vk = eig.getEigenVector(k);
            for (int i = 0; i < m; i++) v.set(i, k, vk.get(i));
        }
        DMatrixRMaj wt0 = new DMatrixRMaj(N, m);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) wt0.set(i, j, w0.w()[0][i * N + j]);
            wt0.set(i, N, w0.b()[0][i]);
        }

        for (Activation a : new Activation[] {Activation.LINEAR, Activation.TANH}) {
            NetworkShape shape = new NetworkShape(N, 1, a, a != Activation.LINEAR);   // tanh with a linear last layer
            NetworkTrainer trainer = new NetworkTrainer(shape);
            NetworkWeights w = NetworkTrainer.copy(w0);
            OptimizerState st = OptimizerState.initial(Optimizer.sgd(), N, 1);
            TrainSettings settings = TrainSettings.of(Optimizer.sgd(), LR, 1);
            double worst = 0;
            for (int t = 1; t <= STEPS; t++) {
                trainer.step(w, st, samples, Loss.MSE, settings, 0);
                DMatrixRMaj expected = closedForm(wt0, c, v, lambda, t);
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < N; j++) worst = Math.max(worst, Math.abs(w.w()[0][i * N + j] - expected.get(i, j)));
                    worst = Math.max(worst, Math.abs(w.b()[0][i] - expected.get(i, N)));
                }
            }
            System.out.printf("depth-1 %s: max |W_t − closed form| over %d steps = %.2e%n", shape, STEPS, worst);
            assertTrue(worst < 1e-12, a + ": trajectory error " + worst);
            assertEquals(STEPS, st.steps());
        }
    }

    private static DMatrixRMaj closedForm(DMatrixRMaj w0, DMatrixRMaj c, DMatrixRMaj v, double[] lambda, int t) {
        int m = lambda.length;
        DMatrixRMaj power = new DMatrixRMaj(m, m), resolvent = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double p = 0, r = 0;
                for (int k = 0; k < m; k++) {
                    double mu = Math.pow(1 - LR * lambda[k], t);
                    p += v.get(i, k) * mu * v.get(j, k);
                    r += v.get(i, k) * ((1 - mu) / lambda[k]) * v.get(j, k);
                }
                power.set(i, j, p);
                resolvent.set(i, j, r);
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(w0.numRows, m), b = new DMatrixRMaj(w0.numRows, m);
        CommonOps_DDRM.mult(w0, power, a);
        CommonOps_DDRM.mult(c, resolvent, b);
        CommonOps_DDRM.addEquals(a, b);
        return a;
    }

    /** Momentum, adam and decoupled weight decay against the same recursions written as matrix algebra. */
    @Test
    void momentumAdamAndWeightDecayMatchMatrixRecursions() {
        double decay = 0.05, beta = 0.8;
        for (Optimizer opt : new Optimizer[] {Optimizer.sgd(), Optimizer.momentum(beta), Optimizer.adam()}) {
            double[] wt = gaussians(N * (N + 1));      // [W | b] row-major N×(N+1)
            double[] vel = new double[wt.length], m1 = new double[wt.length], m2 = new double[wt.length];
            NetworkWeights w = split(wt);
            NetworkTrainer trainer = new NetworkTrainer(new NetworkShape(N, 1, Activation.LINEAR, false));
            OptimizerState st = OptimizerState.initial(opt, N, 1);
            TrainSettings s = TrainSettings.of(opt, 0.02, 1).withWeightDecay(decay);
            double worst = 0;
            for (int t = 1; t <= 50; t++) {
                trainer.step(w, st, samples, Loss.MSE, s, 0);
                // G = (W̃X̃ − Y) X̃ᵀ / P
                double[] g = new double[wt.length];
                for (int s2 = 0; s2 < P; s2++) {
                    for (int i = 0; i < N; i++) {
                        double r = wt[i * (N + 1) + N] - y[s2 * N + i];
                        for (int j = 0; j < N; j++) r += wt[i * (N + 1) + j] * x[s2 * N + j];
                        for (int j = 0; j < N; j++) g[i * (N + 1) + j] += r * x[s2 * N + j] / P;
                        g[i * (N + 1) + N] += r / P;
                    }
                }
                for (int e = 0; e < wt.length; e++) {
                    boolean bias = e % (N + 1) == N;
                    double u = switch (opt.kind()) {
                        case SGD -> g[e];
                        case MOMENTUM -> vel[e] = beta * vel[e] + g[e];
                        case ADAM -> {
                            m1[e] = 0.9 * m1[e] + 0.1 * g[e];
                            m2[e] = 0.999 * m2[e] + 0.001 * g[e] * g[e];
                            yield (m1[e] / (1 - Math.pow(0.9, t))) / (Math.sqrt(m2[e] / (1 - Math.pow(0.999, t))) + 1e-8);
                        }
                    };
                    wt[e] -= 0.02 * (u + (bias ? 0 : decay) * wt[e]);
                }
                NetworkWeights expected = split(wt);
                for (int e = 0; e < N * N; e++) worst = Math.max(worst, Math.abs(expected.w()[0][e] - w.w()[0][e]));
                for (int e = 0; e < N; e++) worst = Math.max(worst, Math.abs(expected.b()[0][e] - w.b()[0][e]));
            }
            System.out.printf("%s with decay %.2f: max deviation from the matrix recursion over 50 steps = %.2e%n", opt.label(), decay, worst);
            assertTrue(worst < 1e-12, opt.label() + ": " + worst);
        }
    }

    /** A linear last layer on a depth-1 network is the linear network, bit for bit. */
    @Test
    void linearLastLayerOfDepthOneIsTheLinearNetwork() {
        NetworkWeights w0 = new NetworkWeights(N, new double[][] {gaussians(N * N)}, new double[][] {gaussians(N)});
        NetworkWeights a = NetworkTrainer.copy(w0), b = NetworkTrainer.copy(w0);
        TrainSettings s = TrainSettings.of(Optimizer.adam(), 0.01, 1);
        NetworkTrainer ta = new NetworkTrainer(new NetworkShape(N, 1, Activation.LINEAR, false));
        NetworkTrainer tb = new NetworkTrainer(new NetworkShape(N, 1, Activation.ERF, true));
        OptimizerState sa = OptimizerState.initial(s.optimizer(), N, 1), sb = OptimizerState.initial(s.optimizer(), N, 1);
        for (int t = 0; t < 30; t++) {
            ta.step(a, sa, samples, Loss.MSE, s, 0);
            tb.step(b, sb, samples, Loss.MSE, s, 0);
        }
        assertArrayEquals(a.w()[0], b.w()[0], 0.0);
        assertArrayEquals(a.b()[0], b.b()[0], 0.0);
    }

    private static NetworkWeights split(double[] wt) {
        double[] w = new double[N * N], b = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) w[i * N + j] = wt[i * (N + 1) + j];
            b[i] = wt[i * (N + 1) + N];
        }
        return new NetworkWeights(N, new double[][] {w}, new double[][] {b});
    }

    private double[] gaussians(int k) {
        double[] g = new double[k];
        for (int i = 0; i < k; i++) g[i] = GradientCheckTest.gaussian(rnd);
        return g;
    }
}
