package io.netdyn.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * A device with a small memory budget over another (the emulator): tests of the device-memory
 * planner. Records the block count of every launch; does not close the device it wraps.
 */
final class BudgetDevice implements Device {
    private final Device inner;
    private final long budget;
    /** Blocks of each launch, in order. */
    final List<Integer> launches = new ArrayList<>();

    BudgetDevice(Device inner, long budget) {
        this.inner = inner;
        this.budget = budget;
    }

    @Override public String name() { return "small " + inner.name(); }
    @Override public long memoryBudget() { return budget; }
    @Override public int preferredBlockThreads() { return inner.preferredBlockThreads(); }
    @Override public int maxSharedBytesPerBlock() { return inner.maxSharedBytesPerBlock(); }
    @Override public DeviceBuffer alloc(long bytes) { return inner.alloc(bytes); }
    @Override public void copyIn(DeviceBuffer d, long off, double[] src, int from, int count) { inner.copyIn(d, off, src, from, count); }
    @Override public void copyIn(DeviceBuffer d, long off, int[] src, int from, int count) { inner.copyIn(d, off, src, from, count); }
    @Override public void copyOut(DeviceBuffer s, long off, double[] dst, int from, int count) { inner.copyOut(s, off, dst, from, count); }
    @Override public void copyOut(DeviceBuffer s, long off, int[] dst, int from, int count) { inner.copyOut(s, off, dst, from, count); }

    @Override
    public void launch(Kernel kernel, LaunchConfig config, KernelArgs args) {
        launches.add(config.blocks());
        inner.launch(kernel, config, args);
    }

    @Override public void close() { }
}
