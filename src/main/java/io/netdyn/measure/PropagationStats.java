package io.netdyn.measure;

import io.netdyn.backend.PropagationGrams;
import io.netdyn.linalg.TridiagonalEigen;

/**
 * The statistics of docs/measures/propagation.md ("Per network, at depth l") for one network at
 * one depth, from the S×S Gram matrices (G = H Hᵀ of pre-activations, Y = outputs, B = sign bits;
 * N = width):
 * <pre>
 *   q              = tr(G) / (S N)                                 mean h²
 *   c              = mean_{i&lt;j} G_ij / √(G_ii G_jj)                pre-activation correlation
 *   cos_mean       = mean_{i&lt;j} cos_ij,  cos_ij = Y_ij / √(Y_ii Y_jj)
 *   d_mean         = mean (1 - cos_ij)/2
 *   d_theta_mean   = mean arccos(cos_ij)/π
 *   hamming_mean   = mean (B_ii + B_jj - 2 B_ij)/N                  share of differing signs
 *   effective_rank = exp(-Σ p_k ln p_k),  p_k = σ_k / Σ σ,  σ_k² = max(eig(Y), 0)   (Roy &amp; Vetterli)
 *   sv_ratio       = σ_2 / σ_1
 *   distinct_outputs = greedy count of outputs farther than tol·max(|y_i|,|y_j|) from every earlier one
 * </pre>
 * eig(Y) by {@link TridiagonalEigen} (Householder + implicit QR; a Y with a NaN or ±∞ entry goes
 * to Jacobi, {@code SymmetricEigen}, and its NaN or ∞ eigenvalues give NaN for both).
 */
public final class PropagationStats {
    public static final String[] NAMES = {"q", "c", "cos_mean", "d_mean", "d_theta_mean",
        "hamming_mean", "effective_rank", "sv_ratio", "distinct_outputs"};

    private final int s;
    private final TridiagonalEigen eigen;
    private final double[] ev;

    public PropagationStats(int probes) {
        this.s = probes;
        this.eigen = new TridiagonalEigen(probes);
        this.ev = new double[probes];
    }

    /** Fills {@code out} (length NAMES.length) for network {@code b} at depth {@code l}. */
    public void compute(PropagationGrams g, int b, int l, double distinctTol, double[] out) {
        allButSpectrum(g, b, l, distinctTol, out);
        spectrum(g.yGram(), g.offset(b, l), g.width(), out);
    }

    private void allButSpectrum(PropagationGrams g, int b, int l, double distinctTol, double[] out) {
        int off = g.offset(b, l), n = g.width();
        double[] h = g.hGram(), y = g.yGram(), bits = g.bitGram();
        double trace = 0;
        for (int i = 0; i < s; i++) trace += h[off + i * s + i];
        out[0] = trace / ((double) s * n);
        double c = 0, cos = 0, dd = 0, dth = 0, ham = 0;
        int pairs = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                c += cosine(h, off, i, j);
                double cij = cosine(y, off, i, j);
                cos += cij;
                dd += (1 - cij) / 2;
                dth += Math.acos(Math.max(-1, Math.min(1, cij))) / Math.PI;
                ham += (bits[off + i * s + i] + bits[off + j * s + j] - 2 * bits[off + i * s + j]) / n;
                pairs++;
            }
        }
        out[1] = c / pairs;
        out[2] = cos / pairs;
        out[3] = dd / pairs;
        out[4] = dth / pairs;
        out[5] = ham / pairs;
        out[8] = distinct(y, off, distinctTol);
    }

    private double cosine(double[] g, int off, int i, int j) {
        double den = Math.sqrt(g[off + i * s + i] * g[off + j * s + j]);
        return den > 0 ? g[off + i * s + j] / den : Double.NaN;
    }

    /** effective rank and σ2/σ1 from the eigenvalues σ² of the output Gram matrix of N-long rows. */
    private void spectrum(double[] y, int off, int n, double[] out) {
        eigen.eigenvalues(y, off, ev);
        fromEigenvalues(ev, n * EPS, out);
    }

    private static final double EPS = 0x1p-52;

    /**
     * out[6], out[7] from the eigenvalues σ² (sorted descending; overwritten by σ). Eigenvalues
     * at or below {@code floor}·Σ_k max(σ_k², 0) count as 0: Γ's entries are N-term sums whose
     * rounding moves its eigenvalues by up to N·ε·tr Γ, so smaller ones carry no information —
     * and their square roots (≈ 1e-8·σ_1 from noise of 1e-16·λ_1) would move the effective rank
     * by more than every other rounding together. The caller passes N·ε.
     */
    public static void fromEigenvalues(double[] ev, double floor, double[] out) {
        int s = ev.length;
        double trace = 0;
        for (int k = 0; k < s; k++) trace += Math.max(ev[k], 0);
        double cut = floor * trace, sum = 0;
        for (int k = 0; k < s; k++) { ev[k] = ev[k] > cut ? Math.sqrt(ev[k]) : 0; sum += ev[k]; }
        if (!(sum > 0) || !Double.isFinite(sum)) { out[6] = Double.NaN; out[7] = Double.NaN; return; }
        double entropy = 0;
        for (int k = 0; k < s; k++) {
            double p = ev[k] / sum;
            if (p > 0) entropy -= p * Math.log(p);
        }
        out[6] = Math.exp(entropy);
        out[7] = ev[1] / ev[0];
    }

    /** ‖y_i - y_j‖² = Y_ii + Y_jj - 2Y_ij. */
    private double distinct(double[] y, int off, double tol) {
        int count = 0;
        for (int i = 0; i < s; i++) {
            boolean fresh = true;
            for (int j = 0; j < i && fresh; j++) {
                double d2 = y[off + i * s + i] + y[off + j * s + j] - 2 * y[off + i * s + j];
                double scale = Math.max(y[off + i * s + i], y[off + j * s + j]);
                if (d2 <= tol * tol * scale) fresh = false;
            }
            if (fresh) count++;
        }
        return count;
    }
}
