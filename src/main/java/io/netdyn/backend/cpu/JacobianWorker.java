package io.netdyn.backend.cpu;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.linalg.JacobiSvd;
import io.netdyn.linalg.RowHouseholder;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.LayerSource;
import java.util.Arrays;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * One worker's scratch for {@link CpuBackend#jacobianSpectra}: the running product of one
 * network, a layer at a time (weights regenerated per layer, never all stored), kept in
 * factored form so that small singular values survive depth:
 * <pre>
 *   h_l = W_l x_{l-1} + b_l,   x_l = φ(h_l),   D_l = diag φ'(h_l)
 *   J_l = D_l W_l J_{l-1} = Q_l T_l,   D_l W_l Q_{l-1} = Q_l R_l (Householder),   T_l = R_l T_{l-1}
 *   Q_l is never formed: its Householder vectors are applied to the rows of W_{l+1} directly
 *   σ(J_l) = σ(T_l)     (one-sided Jacobi on the upper-triangular T_l)
 *   at a linear last layer: σ(W_l J_{l-1}) = σ(R' T_{l-1}),  W_l Q_{l-1} = Q' R'
 *   eigenvalues: of the explicit J_l = Q_l T_l (EJML)
 * </pre>
 * Why factored: an explicit product J_l = D_l W_l J_{l-1} in floating point carries absolute
 * errors ~ε·σ_1 in every direction, so every singular value below ~1e-16·σ_1 is rounding noise
 * (log σ histograms of deep networks then show a false floor). The triangular factors are
 * graded like the Lyapunov spectrum and their product keeps componentwise accuracy, so σ_i is
 * accurate down to the double range: the dynamic range of T_l may reach ~1e±300. This is the
 * same QR per layer as the Lyapunov measure (k = N). T_l is held as T̂_l · 2^{e_l}
 * ({@link RowProducts#renormalise}).
 * Napkin, per network, layer and input point: 2N³ (W Q by reflections) + 4N³/3 (QR) + N³/3 (R T);
 * plus one Jacobi SVD (~6–9 sweeps × 6N³) and an EJML eigen-decomposition at requested depths.
 */
final class JacobianWorker {
    private static final double LN2 = Math.log(2);

    private final Architecture arch;
    private final long seed;
    private final InputPoints points;
    private final int[] depths;
    private final LayerSource layers;           // sampled (TensorSampler) or explicit weights
    private final int n, p;
    private final double[] row, w, bias, x, h, reflectors, taus, tri, v, qf, tau, work, sigma;
    private final int[] exponent, block = new int[4];
    private final EigenDecomposition_F64<DMatrixRMaj> eig;
    private final DMatrixRMaj eigInput;
    private final double[] eigQ;
    private final double[] eigAbs, eigArg;
    private final Integer[] order;

    JacobianWorker(Architecture arch, long seed, LayerSource layers, InputPoints points, int[] depths, boolean eigenvalues) {
        this.arch = arch;
        this.seed = seed;
        this.points = points;
        this.depths = depths;
        this.layers = layers;
        this.n = arch.width();
        this.p = points.count();
        int nn = n * n;
        w = new double[nn];
        bias = new double[n];
        x = new double[p * n];
        h = new double[n];
        reflectors = new double[p * nn];
        taus = new double[p * n];
        tri = new double[p * nn];
        v = new double[nn];
        qf = new double[nn];
        tau = new double[n];
        row = new double[n];
        work = new double[nn];
        sigma = new double[n];
        exponent = new int[p];
        eig = eigenvalues ? DecompositionFactory_DDRM.eig(n, false) : null;
        eigInput = eigenvalues ? new DMatrixRMaj(n, n) : null;
        eigQ = eigenvalues ? new double[nn] : null;
        eigAbs = new double[n];
        eigArg = new double[n];
        order = new Integer[n];
    }

    /** Fills the spectra of network {@code network}, stored at batch slot {@code slot}. */
    void run(long network, int slot, JacobianSpectra out) {
        Activation phi = arch.activation();
        int maxDepth = depths[depths.length - 1], nn = n * n;
        points.fill(seed, network, slot, n, x, block);
        Arrays.fill(exponent, 0);
        for (int q = 0; q < p; q++) identity(tri, q * nn);    // J_0 = Q_0 T_0 = I · I
        int next = 0;                                          // index of the next requested depth
        for (int l = 1; l <= maxDepth; l++) {
            layers.weights(network, l, w);
            layers.biases(network, l, bias);
            boolean report = depths[next] == l;
            for (int q = 0; q < p; q++) {
                int o = q * nn;
                RowProducts.affine(w, x, q * n, bias, h, n);
                System.arraycopy(w, 0, v, 0, nn);
                if (l > 1) RowHouseholder.applyQRight(v, n, reflectors, o, taus, q * n, n, row);   // W_l Q_{l-1}
                if (report && arch.lastLinear()) {             // spectrum of W_l J_{l-1}; J_l itself goes on
                    System.arraycopy(v, 0, qf, 0, nn);
                    RowHouseholder.factor(qf, n, n, tau, row);
                    upperTimesUpper(qf, tri, o, work);
                    spectrum(qf, tau, work, 0, exponent[q], out, slot, q, next);
                }
                for (int i = 0; i < n; i++) {                  // D_l W_l Q_{l-1}
                    double di = phi.dphi(h[i]);
                    for (int j = 0; j < n; j++) v[i * n + j] *= di;
                }
                RowHouseholder.factor(v, n, n, tau, row);      // = Q_l R_l
                upperTimesUpper(v, tri, o, work);              // T_l = R_l T_{l-1}
                System.arraycopy(work, 0, tri, o, nn);
                exponent[q] += RowProducts.renormalise(tri, o, nn);
                if (report && !arch.lastLinear()) spectrum(v, tau, tri, o, exponent[q], out, slot, q, next);
                System.arraycopy(v, 0, reflectors, o, nn);     // Q_l, kept as Householder vectors
                System.arraycopy(tau, 0, taus, q * n, n);
                for (int i = 0; i < n; i++) x[q * n + i] = phi.phi(h[i]);
            }
            if (report) next++;
        }
    }

    private void identity(double[] a, int off) {
        Arrays.fill(a, off, off + n * n, 0.0);
        for (int i = 0; i < n; i++) a[off + i * n + i] = 1;
    }

    /** out = R · T[to..] for R the upper triangle of the QR factor r and T upper triangular. */
    private void upperTimesUpper(double[] r, double[] t, int to, double[] out) {
        Arrays.fill(out, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            int ro = i * n;
            for (int k = i; k < n; k++) {
                double rik = r[ro + k];
                int tk = to + k * n;
                for (int j = k; j < n; j++) out[ro + j] += rik * t[tk + j];
            }
        }
    }

    /**
     * Spectra of J = Q T · 2^e, Q given by the Householder factors (qr, tau), T at t[to..]:
     * singular values from T, eigenvalues (if asked) from the explicit product Q T.
     */
    private void spectrum(double[] qr, double[] tauQ, double[] t, int to, int e, JacobianSpectra out,
                          int slot, int q, int di) {
        int nn = n * n, o = out.offset(slot, q, di);
        double shift = e * LN2;
        if (eig != null) {
            RowHouseholder.formQ(qr, tauQ, n, n, eigQ, row);
            RowProducts.scaledProduct(null, eigQ, t, to, eigInput.data, 0, n, n);
            eigenvalues(shift, out.eigLogAbs(), out.eigArg(), o);
        }
        System.arraycopy(t, to, work, 0, nn);
        JacobiSvd.rowsInPlace(work, n, n, sigma);
        double[] ls = out.logSigma();
        for (int i = 0; i < n; i++) ls[o + i] = Math.log(sigma[i]) + shift;
    }

    /** EJML's Hessenberg + shifted QR eigenvalues, sorted by modulus (descending). */
    private void eigenvalues(double shift, double[] logAbs, double[] arg, int o) {
        if (!eig.decompose(eigInput)) {
            Arrays.fill(logAbs, o, o + n, Double.NaN);
            Arrays.fill(arg, o, o + n, Double.NaN);
            return;
        }
        for (int i = 0; i < n; i++) {
            Complex_F64 v = eig.getEigenvalue(i);
            eigAbs[i] = Math.hypot(v.real, v.imaginary);
            eigArg[i] = Math.atan2(v.imaginary, v.real);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(eigAbs[b], eigAbs[a]);
            return c != 0 ? c : Double.compare(eigArg[a], eigArg[b]);
        });
        for (int i = 0; i < n; i++) {
            logAbs[o + i] = Math.log(eigAbs[order[i]]) + shift;
            arg[o + i] = eigArg[order[i]];
        }
    }
}
