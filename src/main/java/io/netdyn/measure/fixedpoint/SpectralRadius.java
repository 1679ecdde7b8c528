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
        for (int i = 0; i < n * n; i++) {
            double v = a[offset + i];
            if (!Double.isFinite(v)) return Double.NaN;
            m.data[i] = v;
        }
        if (n == 1) return Math.abs(m.data[0]);
        if (!eig.decompose(m)) return Double.NaN;
        double rho = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 ev = eig.getEigenvalue(i);
            rho = Math.max(rho, ev.getMagnitude());
        }
        return rho;
    }
}
