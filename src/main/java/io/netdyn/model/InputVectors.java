package io.netdyn.model;

/**
 * Input vectors given by the user instead of drawn (the wormhole measure's
 * {@code --wormhole-inputs file:PATH.npz}): {@code count} vectors of length {@code width},
 * row-major, every entry finite and no vector zero (the measure uses directions only). Network b
 * takes row b mod M as its training input I_b and rows (b + 1 + p) mod M, p = 0..P−1, as its
 * other inputs I_a^(p) (docs/measures/wormhole.md, "Inputs from a file"), so M ≥ P + 1 keeps
 * every pair's two inputs distinct rows.
 *
 * @param label how results and the manifest name the source ({@code file:STEM})
 */
public record InputVectors(String label, int count, int width, double[] values) {
    public InputVectors {
        if (count < 1 || width < 1) throw new IllegalArgumentException("need at least one vector of length >= 1");
        if (values.length != (long) count * width) {
            throw new IllegalArgumentException(values.length + " values for " + count + " vectors of length " + width);
        }
        for (int r = 0; r < count; r++) {
            double norm2 = 0;
            for (int i = 0; i < width; i++) {
                double v = values[r * width + i];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("row " + r + " has a non-finite entry");
                norm2 += v * v;
            }
            if (!(norm2 > 0)) throw new IllegalArgumentException("row " + r + " is zero (the measure uses directions)");
        }
    }

    /** Copies row {@code r mod count} into {@code out[off ..]}. */
    public void row(long r, double[] out, int off) {
        int i = (int) Math.floorMod(r, (long) count);
        System.arraycopy(values, i * width, out, off, width);
    }

    /** The training input I_b of network b: row b mod M. */
    public void trainInput(long network, double[] out) { row(network, out, 0); }

    /** The P other inputs of network b: rows (b + 1 + p) mod M into out[p·width ..]. */
    public void otherInputs(long network, int pairs, double[] out) {
        for (int p = 0; p < pairs; p++) row(network + 1 + p, out, p * width);
    }
}
