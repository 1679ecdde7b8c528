package io.netdyn.spec;

import io.netdyn.model.NeuronModes;

/**
 * Settings of the {@code modes} measure (docs/measures/modes.md). The sample set is the
 * sweep's probe inputs ({@code --probes}, {@code --q0}, {@code --input-corr}); basin radii are
 * measured for the first min(basinSamples, probes) of them.
 */
public record ModesOptions(NeuronModes.Definition definition, double threshold, int basinSamples,
                           int basinDirections, double basinMax, double basinTol) {}
