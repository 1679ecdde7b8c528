package io.netdyn.theory;

/**
 * Circular law: the eigenvalues of an N×N matrix with i.i.d. entries of variance v (any
 * distribution with finite variance) fill uniformly the disk of radius R = √(N v) as N → ∞;
 * with fan-in scaling v = σ_w²/N, R = σ_w.
 * <pre>  P(|λ| ≤ r) = min(1, r²/R²),   density of |λ|: 2r/R² on [0, R],   planar density 1/(πR²).  </pre>
 */
public final class CircularLaw {
    private final double radius;

    public CircularLaw(double radius) {
        if (!(radius > 0)) throw new IllegalArgumentException("radius must be > 0");
        this.radius = radius;
    }

    /** R = √(n · entryVariance). */
    public static CircularLaw forEntries(double entryVariance, int n) { return new CircularLaw(Math.sqrt(n * entryVariance)); }

    public double radius() { return radius; }

    /** P(|λ| ≤ r). */
    public double cdfModulus(double r) {
        if (r <= 0) return 0;
        return r >= radius ? 1 : (r * r) / (radius * radius);
    }

    /** Density of |λ| at r: 2r/R² inside the disk. */
    public double densityModulus(double r) { return r < 0 || r > radius ? 0 : 2 * r / (radius * radius); }

    /** Planar density at x + iy: 1/(πR²) inside the disk. */
    public double density(double x, double y) { return x * x + y * y <= radius * radius ? 1 / (Math.PI * radius * radius) : 0; }
}
