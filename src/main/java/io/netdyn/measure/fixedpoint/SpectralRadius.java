package io.netdyn.measure.fixedpoint;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * ρ(J) = max |λ_i(J)| of a small non-symmetric matrix, from its eigenvalues (EJML:
 * Hessenberg reduction and shifted QR). A fixed point x* of f is stable when ρ(J_f(x*)) &lt; 1;
 * singular values are not a stability test (‖J‖₂ ≥ ρ(J), often ≫ for non-normal J).
 * Host-side on purpose: a handful of N×N matrices per network (docs/architecture.md, "The
 * backend contract": small host-side work stays in Java).
 */
public final class SpectralRadius {
    private final int n;
    private final EigenDecomposition_F64<DMatrixRMaj> eig;
    private final DMatrixRMaj m;

    public SpectralRadius(int n) {
        this.n = n;
        this.eig = DecompositionFactory_DDRM.eig(n, false);
        this.m = new DMatrixRMaj(n, n);
    }

    /** ρ of the n×n row-major matrix at {@code a[offset..]}; NaN when the matrix is not finite or QR fails. */
    public double of(double[] a, int offset) {
        return moduli(a, offset, null);
    }

    /**
     * ρ as {@link #of}, and the moduli |λ_i| of all n eigenvalues (a complex pair twice) into
     * {@code out[0..n)} in descending order when {@code out} is not null — the same decomposition,
     * so max out = ρ exactly. When ρ is NaN, {@code out} is filled with NaN.
     */
    public double moduli(double[] a, int offset, double[] out) {
        boolean finite = true;
        for (int i = 0; i < n * n && finite; i++) {
            double v = a[offset + i];
            finite = Double.isFinite(v);
            m.data[i] = v;
        }
        if (!finite || (n > 1 && !eig.decompose(m))) {
            if (out != null) java.util.Arrays.fill(out, 0, n, Double.NaN);
            return Double.NaN;
        }
        if (n == 1) {
            if (out != null) out[0] = Math.abs(m.data[0]);
            return Math.abs(m.data[0]);
        }
        double rho = 0;
        int k = eig.getNumberOfEigenvalues();
        for (int i = 0; i < k; i++) {
            Complex_F64 ev = eig.getEigenvalue(i);
            double r = ev.getMagnitude();
            rho = Math.max(rho, r);
            if (out != null) out[i] = r;
        }
        if (out != null) {
            if (k < n) java.util.Arrays.fill(out, k, n, Double.NaN);
            java.util.Arrays.sort(out, 0, n);                       // ascending, NaN last
            for (int i = 0, j = n - 1; i < j; i++, j--) { double t = out[i]; out[i] = out[j]; out[j] = t; }
        }
        return rho;
    }
}
