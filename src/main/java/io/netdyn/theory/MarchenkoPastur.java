package io.netdyn.theory;

/**
 * Marchenko–Pastur law of the eigenvalues of (1/M) X Xᵀ, X an N×M matrix with i.i.d. entries of
 * variance σ², as N, M → ∞ with γ = N/M:
 * <pre>
 *   λ± = σ² (1 ± √γ)²,
 *   ρ(λ) = √((λ+ − λ)(λ − λ−)) / (2π σ² γ λ)   on [λ−, λ+],
 *   plus an atom 1 − 1/γ at 0 when γ &gt; 1.
 * </pre>
 * Mean σ², second moment σ⁴(1 + γ). A square layer W with Var(W_ij) = σ_w²/N has WWᵀ ~ MP(γ = 1, σ_w²).
 * The CDF is integrated with λ = λ− + (λ+ − λ−)(1 − cos θ)/2, which removes the square-root edges
 * (ρ dλ is then smooth in θ, also at γ = 1 where λ− = 0).
 */
public final class MarchenkoPastur {
    private static final GaussLegendre GL = new GaussLegendre(16);

    private final double gamma, sigma2, lo, hi;

    public MarchenkoPastur(double gamma, double sigma2) {
        if (!(gamma > 0) || !(sigma2 > 0)) throw new IllegalArgumentException("need gamma > 0 and sigma2 > 0");
        this.gamma = gamma;
        this.sigma2 = sigma2;
        double r = Math.sqrt(gamma);
        this.lo = sigma2 * (1 - r) * (1 - r);
        this.hi = sigma2 * (1 + r) * (1 + r);
    }

    public double gamma() { return gamma; }
    public double sigma2() { return sigma2; }
    public double lowerEdge() { return lo; }
    public double upperEdge() { return hi; }

    /** Mass of the atom at 0: max(0, 1 − 1/γ). */
    public double atomAtZero() { return gamma > 1 ? 1 - 1 / gamma : 0; }

    /** Continuous density at λ (excluding the atom). */
    public double density(double lambda) {
        if (lambda <= lo || lambda >= hi || lambda <= 0) return 0;
        return Math.sqrt((hi - lambda) * (lambda - lo)) / (2 * Math.PI * sigma2 * gamma * lambda);
    }

    /** P(λ ≤ x), atom included. */
    public double cdf(double x) {
        if (x < 0) return 0;
        double atom = atomAtZero();
        if (x <= lo) return atom;
        if (x >= hi) return 1;
        double thetaMax = Math.acos(1 - 2 * (x - lo) / (hi - lo));
        int panels = 32;
        double h = thetaMax / panels, half = (hi - lo) / 2, sum = 0;
        for (int p = 0; p < panels; p++) {
            double a = p * h;
            sum += GL.integrate(t -> {
                double s = Math.sin(t), lam = lo + half * (1 - Math.cos(t));
                return half * half * s * s / (2 * Math.PI * sigma2 * gamma * lam);
            }, a, a + h);
        }
        return atom + sum;
    }
}
