package io.netdyn.backend;

import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Streams;
import java.util.Arrays;

/**
 * What {@link Backend#modes} computes for every network (docs/measures/modes.md):
 * <ul>
 *   <li>neuron modes at every layer l = 1..L on the S samples of {@code samples}
 *       ({@link NeuronModes}, test {@code definition}, threshold {@code threshold});</li>
 *   <li>basin radii of the first {@code basinSamples} samples at each depth of
 *       {@code basinDepths} (1-based, ascending): the output class of the depth-d network is
 *       argmax_i y_d,i (ties to the lowest i; y_d as the network outputs it, linear last layer
 *       when asked). Along each of {@code basinDirections} random directions the perturbation
 *       size t ∈ (0, basinMax] is scanned on a grid of {@value #GRID} steps; in the first step
 *       whose class differs from the unperturbed class, bisection narrows the change to
 *       {@code basinTol·basinMax}; the radius is the upper end of that bracket (a size at which
 *       the class has changed), minimised over directions; +∞ when no direction changed it.
 *       <br>sample space: x_s + t·‖x_s‖·u, u a unit vector of N(0,1) draws from
 *       {@link Streams#PERTURB} (layer 0, tensor {@value #TENSOR_INPUT_DIRECTION} + direction,
 *       element s·N + i): t is relative to the input's length;
 *       <br>weight space: W_l + t·(‖W_l‖_F/‖Z_l‖_F)·Z_l for every layer l ≤ d, Z_l of N(0,1)
 *       draws from {@link Streams#PERTURB} (layer l, tensor {@value #TENSOR_WEIGHT_NOISE} +
 *       direction, element i·N + j), one Z per direction shared by all samples: t is the relative
 *       Frobenius size of the noise in every layer. Biases are not perturbed.</li>
 * </ul>
 */
public record ModesRequest(ProbeInputs samples, NeuronModes.Definition definition, double threshold,
                           int basinSamples, int basinDirections, double basinMax, double basinTol,
                           int[] basinDepths) {
    /** Grid steps of the scan that brackets the first class change along a direction. */
    public static final int GRID = 16;
    public static final int TENSOR_INPUT_DIRECTION = 0x1000, TENSOR_WEIGHT_NOISE = 0x2000;
    /** Directions are tensor ids base + direction: at most this many. */
    public static final int MAX_DIRECTIONS = 0x1000;

    public ModesRequest {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("mode threshold must be in (0,1), got " + threshold);
        if (basinSamples < 0 || basinSamples > samples.count()) {
            throw new IllegalArgumentException("basin samples must be in [0, " + samples.count() + "], got " + basinSamples);
        }
        if (basinDirections < 1 || basinDirections > MAX_DIRECTIONS) {
            throw new IllegalArgumentException("basin directions must be in [1, " + MAX_DIRECTIONS + "], got " + basinDirections);
        }
        if (!(basinMax > 0) || Double.isInfinite(basinMax)) throw new IllegalArgumentException("basin max must be finite and > 0, got " + basinMax);
        if (!(basinTol > 0 && basinTol < 1)) throw new IllegalArgumentException("basin tolerance must be in (0,1), got " + basinTol);
        basinDepths = basinDepths.clone();
        for (int i = 0; i < basinDepths.length; i++) {
            if (basinDepths[i] < 1 || (i > 0 && basinDepths[i] <= basinDepths[i - 1])) {
                throw new IllegalArgumentException("basin depths must be ascending and >= 1: " + Arrays.toString(basinDepths));
            }
        }
    }

    /** The deepest basin depth, 0 when there are none or no basin samples. */
    public int maxBasinDepth() {
        return basinSamples == 0 || basinDepths.length == 0 ? 0 : basinDepths[basinDepths.length - 1];
    }

    @Override public int[] basinDepths() { return basinDepths.clone(); }

    public int basinDepthCount() { return basinDepths.length; }

    public int basinDepth(int index) { return basinDepths[index]; }
}
