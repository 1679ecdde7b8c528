package io.netdyn.spec;

import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import java.util.List;
import java.util.Optional;

/**
 * One grid cell: an architecture at the sweep's deepest depth, plus the depths to report.
 * {@code index} is the cell's position in grid order (stable across runs of the same spec).
 * With {@code imported} the cell's networks are the file's (width, depth, activation and
 * last-linear from {@code arch}; its weight and bias distributions mean nothing then).
 */
public record Cell(int index, Architecture arch, List<Integer> depths, Optional<ImportedNetworks> imported) {

    /** A cell of sampled networks. */
    public Cell(int index, Architecture arch, List<Integer> depths) {
        this(index, arch, depths, Optional.empty());
    }

    public int width() { return arch.width(); }

    /** The {@code dist} column: the weight distribution, or {@code imported:<file name>}. */
    public String distLabel() {
        return imported.map(ImportedNetworks::label).orElseGet(() -> arch.weights().label());
    }

    /** The {@code dist_scale} column: the weight distribution's scale; null (an empty field) for imported networks. */
    public Double distScale() {
        return imported.isPresent() ? null : arch.weights().scale();
    }

    /** The {@code dist_param} column: α of stable, ν of student; null (an empty field) otherwise and for imported networks. */
    public Double distParam() {
        var kind = arch.weights().kind();
        if (imported.isPresent() || kind != Distribution.Kind.STABLE && kind != Distribution.Kind.STUDENT) return null;
        return arch.weights().param();
    }

    /** The {@code bias} column: the bias distribution or none, or {@code file} for imported networks. */
    public String biasLabel() {
        return imported.isPresent() ? ImportedNetworks.BIAS_LABEL : arch.biasLabel();
    }
}
