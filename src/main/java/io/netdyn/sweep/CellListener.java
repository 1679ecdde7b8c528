package io.netdyn.sweep;

import io.netdyn.spec.Cell;

/**
 * Told by {@link SweepRunner} of every cell of the run's shard it finishes, in grid order: after
 * the cell's measures ran and (with {@code --resume}) its rows were saved to the checkpoint, or
 * after they were replayed from there. An exception thrown here ends the run as a failure in
 * that cell would: nothing is committed, and the checkpoint keeps the cells saved so far (how the
 * tests stop a sweep after k cells, as a kill would).
 */
@FunctionalInterface
public interface CellListener {
    /** The default: nothing to tell. */
    CellListener NONE = (cell, finished) -> { };

    /** {@code cell} is finished; {@code finished} cells of the run, this one included, are. */
    void cellFinished(Cell cell, int finished);
}
