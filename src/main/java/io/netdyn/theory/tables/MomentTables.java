package io.netdyn.theory.tables;

import io.netdyn.theory.FussCatalan;
import io.netdyn.theory.MarchenkoPastur;
import java.util.List;

/**
 * The {@code theory moments} tables: exact Fuss–Catalan moments m_k = C((L+1)k, k)/(Lk + 1) of
 * JJᵀ for a depth-L linear network at σ_w = 1, and the Marchenko–Pastur density of WWᵀ/M
 * (entries of variance 1) for aspect ratios γ = N/M.
 */
public final class MomentTables {
    private MomentTables() {}

    public static final String[] FUSS_CATALAN_COLUMNS = {"depth", "k", "moment", "upper_edge"};
    public static final String[] MARCHENKO_PASTUR_COLUMNS = {"gamma", "lambda", "density", "atom"};

    /** One row per (depth, k); the moment is an exact integer (BigInteger), never rounded. */
    public static Table fussCatalan(List<Integer> depths, List<Integer> ks) {
        Table t = new Table(FUSS_CATALAN_COLUMNS);
        for (int depth : depths)
            for (int k : ks) t.add(depth, k, FussCatalan.moment(depth, k), FussCatalan.upperEdge(depth));
        return t;
    }

    /**
     * {@code points} midpoints of each support [λ−, λ+] = [(1 − √γ)², (1 + √γ)²]; the atom column
     * is the mass max(0, 1 − 1/γ) at λ = 0, which the density excludes.
     */
    public static Table marchenkoPastur(List<Double> gammas, int points) {
        Table t = new Table(MARCHENKO_PASTUR_COLUMNS);
        for (double gamma : gammas) {
            MarchenkoPastur mp = new MarchenkoPastur(gamma, 1.0);
            double lo = mp.lowerEdge(), width = mp.upperEdge() - lo;
            for (int i = 0; i < points; i++) {
                double lambda = lo + width * (i + 0.5) / points;
                t.add(gamma, lambda, mp.density(lambda), mp.atomAtZero());
            }
        }
        return t;
    }
}
