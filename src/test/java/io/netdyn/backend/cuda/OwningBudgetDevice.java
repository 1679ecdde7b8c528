package io.netdyn.backend.cuda;

import java.util.List;

/**
 * A {@link BudgetDevice} that closes the device it wraps and holds at most {@code networksPerLaunch}
 * networks in one chunked launch (a backend of its own, for the contract's chunk test).
 */
final class OwningBudgetDevice implements Device {
    private final Device inner;
    private final BudgetDevice budget;
    private final int networksPerLaunch;

    OwningBudgetDevice(Device inner, int networksPerLaunch) {
        this.inner = inner;
        this.budget = new BudgetDevice(inner, inner.memoryBudget());
        this.networksPerLaunch = networksPerLaunch;
    }

    @Override public int maxNetworksPerLaunch() { return networksPerLaunch; }

    @Override public String name() { return budget.name(); }
    @Override public long memoryBudget() { return budget.memoryBudget(); }
    @Override public int preferredBlockThreads() { return budget.preferredBlockThreads(); }
    @Override public int maxSharedBytesPerBlock() { return budget.maxSharedBytesPerBlock(); }
    @Override public DeviceBuffer alloc(long bytes) { return budget.alloc(bytes); }
    @Override public void copyIn(DeviceBuffer d, long off, double[] src, int from, int count) { budget.copyIn(d, off, src, from, count); }
    @Override public void copyIn(DeviceBuffer d, long off, int[] src, int from, int count) { budget.copyIn(d, off, src, from, count); }
    @Override public void copyOut(DeviceBuffer s, long off, double[] dst, int from, int count) { budget.copyOut(s, off, dst, from, count); }
    @Override public void copyOut(DeviceBuffer s, long off, int[] dst, int from, int count) { budget.copyOut(s, off, dst, from, count); }
    @Override public void launch(Kernel kernel, LaunchConfig config, KernelArgs args) { budget.launch(kernel, config, args); }
    /** The block count of every launch so far. */
    List<Integer> launches() { return budget.launches; }

    @Override public void close() { inner.close(); }
}
