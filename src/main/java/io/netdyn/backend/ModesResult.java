package io.netdyn.backend;

/**
 * The output of {@link Backend#modes} for a batch of B networks of depth L and width N:
 * <pre>
 *   modeCounts     (B, L, 3)   neurons of layer l in mode m (NeuronModes.ORDER_PRESERVING,
 *                              NON_ORDER_PRESERVING, DEAD), at ((b·L + l-1)·3 + m)
 *   sampleRadius   (B, D, Sb)  relative input radius of basin sample s at basin depth index d,
 *   weightRadius   (B, D, Sb)  relative weight radius;   at (b·D + d)·Sb + s
 * </pre>
 * A radius is +∞ when no direction changed the class within the largest size tried, NaN when
 * the unperturbed output was not finite.
 */
public record ModesResult(int networks, int depth, int width, int basinDepths, int basinSamples,
                          int[] modeCounts, double[] sampleRadius, double[] weightRadius) {

    public static ModesResult allocate(int networks, int depth, int width, int basinDepths, int basinSamples) {
        int radii = Math.multiplyExact(Math.multiplyExact(networks, basinDepths), basinSamples);
        return new ModesResult(networks, depth, width, basinDepths, basinSamples,
                new int[Math.multiplyExact(Math.multiplyExact(networks, depth), 3)], new double[radii], new double[radii]);
    }

    public int countOffset(int network, int layer) { return (network * depth + layer - 1) * 3; }

    public int radiusOffset(int network, int depthIndex) { return (network * basinDepths + depthIndex) * basinSamples; }
}
