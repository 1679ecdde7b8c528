package io.netdyn.spec;

/**
 * Settings of the {@code jacobian} and {@code lyapunov} measures (defaults in {@link SweepOption}).
 *
 * @param every       spectra at depths every, 2·every, … ≤ the deepest depth; 0 = at the reported depths
 * @param eigenvalues also the eigenvalues of the (square) Jacobians
 * @param esdBins     histogram bins per (cell, depth, quantity) in esd.csv (jacobian) and esd_weights.csv (weights)
 * @param lyapunovK   tangent vectors along depth; 0 = all N
 * @param mapSteps    steps of the iterated map per reported depth; 0 = no map exponent
 */
public record JacobianOptions(int every, boolean eigenvalues, int esdBins, int lyapunovK, int mapSteps) {

    public JacobianOptions {
        if (every < 0) throw new IllegalArgumentException("jacobian-every must be >= 0, got " + every);
        if (esdBins < 1) throw new IllegalArgumentException("esd-bins must be >= 1, got " + esdBins);
        if (lyapunovK < 0) throw new IllegalArgumentException("lyapunov-k must be >= 0, got " + lyapunovK);
        if (mapSteps < 0) throw new IllegalArgumentException("map-steps must be >= 0, got " + mapSteps);
    }

    /** The defaults of {@link SweepOption}, for code that builds specs by hand (tests, benches). */
    public static JacobianOptions defaults() {
        return new JacobianOptions(Integer.parseInt(SweepOption.JACOBIAN_EVERY.defaultValue()),
                Boolean.parseBoolean(SweepOption.JACOBIAN_EIGENVALUES.defaultValue()),
                Integer.parseInt(SweepOption.ESD_BINS.defaultValue()),
                Integer.parseInt(SweepOption.LYAPUNOV_K.defaultValue()),
                Integer.parseInt(SweepOption.MAP_STEPS.defaultValue()));
    }

    /** Depths at which the jacobian measure computes spectra, ascending. */
    public int[] spectraDepths(Cell cell) {
        if (every == 0) return cell.depths().stream().mapToInt(Integer::intValue).toArray();
        int max = cell.arch().depth();
        int[] out = new int[max / every];
        for (int i = 0; i < out.length; i++) out[i] = (i + 1) * every;
        if (out.length == 0) throw new IllegalArgumentException("--jacobian-every " + every + " exceeds the deepest depth " + max);
        return out;
    }

    /** k for a width-N cell. */
    public int lyapunovK(int width) { return lyapunovK == 0 ? width : Math.min(lyapunovK, width); }
}
