package io.netdyn.backend;

/**
 * Spectra of the input–output Jacobians J_l = D_l W_l ··· D_1 W_1 (D_l = diag φ'(h_l); identity
 * in the last layer when the architecture's last layer is linear) of every network of a batch,
 * at each input point and each requested depth. Values are stored as logarithms so that deep
 * or heavy-tailed products, whose singular values leave the double range, stay exact:
 * <pre>
 *   logSigma [off + i] = ln σ_i(J),  i = 0..N-1, descending        (−∞ for an exact zero)
 *   eigLogAbs[off + i] = ln |λ_i(J)|, descending in |λ|             (null unless asked)
 *   eigArg   [off + i] = arg λ_i(J) ∈ (−π, π]                       (null unless asked)
 *   off = ((b·points + p)·depths.length + d)·width
 * </pre>
 */
public record JacobianSpectra(int networks, int points, int[] depths, int width,
                              double[] logSigma, double[] eigLogAbs, double[] eigArg) {

    public int offset(int network, int point, int depthIndex) {
        return ((network * points + point) * depths.length + depthIndex) * width;
    }

    public boolean hasEigenvalues() { return eigLogAbs != null; }

    public static JacobianSpectra allocate(int networks, int points, int[] depths, int width, boolean eigenvalues) {
        int size = Math.multiplyExact(Math.multiplyExact(networks * points, depths.length), width);
        return new JacobianSpectra(networks, points, depths.clone(), width, new double[size],
                eigenvalues ? new double[size] : null, eigenvalues ? new double[size] : null);
    }
}
