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
 * With {@code trained} (a {@code --task} sweep) the cell is one (cell, lr, depth, step) of the
 * training stage: {@code arch} at that depth, {@code depths} that depth alone, and at step &gt; 0
 * the networks are the trained ones (at step 0 the sampled ones, exactly).
 */
public record Cell(int index, Architecture arch, List<Integer> depths, Optional<ImportedNetworks> imported,
                   Optional<TrainedNetworks> trained) {

    /** A cell of sampled networks. */
    public Cell(int index, Architecture arch, List<Integer> depths) {
        this(index, arch, depths, Optional.empty(), Optional.empty());
    }

    /** A cell of sampled or imported networks (no training). */
    public Cell(int index, Architecture arch, List<Integer> depths, Optional<ImportedNetworks> imported) {
        this(index, arch, depths, imported, Optional.empty());
    }

    /** This cell's networks at depth {@code depth} after the training {@code t}: the cell a training step's measures see. */
    public Cell trainedAt(int depth, TrainedNetworks t) {
        return new Cell(index, arch.withDepth(depth), List.of(depth), imported, Optional.of(t));
    }

    public int width() { return arch.width(); }

    /** Whether the networks are given by their weights (imported, or trained past step 0): no i.i.d. theory. */
    public boolean explicitWeights() {
        return imported.isPresent() || trained.map(t -> t.step() > 0).orElse(false);
    }

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

    /** The {@code task} column: the task's label, or {@code none} without training. */
    public String taskLabel() { return trained.map(TrainedNetworks::task).orElse("none"); }

    /** The {@code lr} column: the learning rate, or null (an empty field) without training. */
    public Double lr() { return trained.map(TrainedNetworks::lr).orElse(null); }

    /** The {@code step} column: optimizer steps taken, 0 without training. */
    public int step() { return trained.map(TrainedNetworks::step).orElse(0); }
}
