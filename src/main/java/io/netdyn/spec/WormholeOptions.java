package io.netdyn.spec;

import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.WormholeInputs;
import java.util.List;

/**
 * Settings of the {@code wormhole} measure (docs/measures/wormhole.md): the over-parameterisation
 * ratios n/k (an extra grid axis of this measure only), the maxnorm variant, the input
 * distribution, P input pairs per network and the wormhole's α.
 */
public record WormholeOptions(List<Double> overparams, MaxNormConstruction.Variant variant,
                              WormholeInputs inputs, int pairs, double alpha) {}
