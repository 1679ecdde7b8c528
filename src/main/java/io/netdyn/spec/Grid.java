package io.netdyn.spec;

import io.netdyn.model.Activation;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import java.util.List;
import java.util.Optional;

/** The grid axes of a sweep; cells are the product widths × dists × biases × activations. */
public record Grid(List<Integer> widths, List<Integer> depths, List<Distribution> dists,
                   List<Optional<Distribution>> biases, List<Activation> activations,
                   boolean lastLinear, Scaling scaling) {

    public int maxDepth() {
        return depths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    public int cellCount() {
        return widths.size() * dists.size() * biases.size() * activations.size();
    }
}
