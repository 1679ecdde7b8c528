package io.netdyn.spec;

import io.netdyn.model.InputVectors;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.WormholeInputs;
import java.util.List;

/**
 * Settings of the {@code wormhole} measure (docs/measures/wormhole.md): the over-parameterisation
 * ratios n/k (an extra grid axis of this measure only), the maxnorm variant, the input
 * distribution, P input pairs per network and the wormhole's α; {@code given} the input vectors of
 * {@code --wormhole-inputs file:PATH.npz} (null when drawn from {@code inputs}).
 */
public record WormholeOptions(List<Double> overparams, MaxNormConstruction.Variant variant,
                              WormholeInputs inputs, int pairs, double alpha, InputVectors given) {

    /** The input source as results and docs name it: uniform, gaussian or file:STEM. */
    public String inputsLabel() { return given != null ? given.label() : inputs.label(); }
}
