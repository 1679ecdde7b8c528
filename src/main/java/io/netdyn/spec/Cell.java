package io.netdyn.spec;

import io.netdyn.model.Architecture;
import java.util.List;

/**
 * One grid cell: an architecture at the sweep's deepest depth, plus the depths to report.
 * {@code index} is the cell's position in grid order (stable across runs of the same spec).
 */
public record Cell(int index, Architecture arch, List<Integer> depths) {
    public int width() { return arch.width(); }
}
