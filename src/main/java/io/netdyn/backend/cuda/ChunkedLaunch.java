package io.netdyn.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The launches of one operation over a batch of {@code count} networks, in chunks of as many
 * networks as fit the device's budget ({@link DevicePlan#networksPerLaunch}, at most
 * {@link Device#maxNetworksPerLaunch}): buffers are sized
 * for one chunk, per-network inputs are copied in before and outputs copied out after each
 * launch, network b's {@code per} values at {@code [b·per, (b+1)·per)} of the host array — the
 * same numbers as one launch over the whole batch. Frees its buffers on {@link #close}.
 * <pre>
 *   try (ChunkedLaunch c = new ChunkedLaunch(device, plan, count)) {
 *       DeviceBuffer y = c.output(result.y(), perNetwork);
 *       c.run((done, m) -&gt; Kernel.op(device, plan, ..., batch.first() + done, m, y));
 *   }
 * </pre>
 */
final class ChunkedLaunch implements AutoCloseable {
    /** Launches networks {@code done .. done+m-1} of the batch (slot 0 of every buffer is network {@code done}). */
    interface Launch {
        void run(int done, int m);
    }

    /** A copy between a buffer and a host array for networks {@code done .. done+m-1}. */
    private interface Copy {
        void run(int done, int m);
    }

    private final Device device;
    private final int count, chunk;
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final List<Copy> inputs = new ArrayList<>(), outputs = new ArrayList<>();

    ChunkedLaunch(Device device, DevicePlan plan, int count) {
        this.device = device;
        this.count = count;
        this.chunk = Math.min(plan.networksPerLaunch(device.memoryBudget(), count), device.maxNetworksPerLaunch());
    }

    /** Networks per launch. */
    int chunk() { return chunk; }

    /** {@code bytes} per network of the chunk (workspaces). */
    DeviceBuffer perNetwork(long bytes) { return alloc(bytes * chunk); }

    /** {@code values} copied in once (depth lists, labels): 4·max(1, length) bytes. */
    DeviceBuffer constant(int[] values) {
        DeviceBuffer b = alloc(4L * Math.max(1, values.length));
        if (values.length > 0) device.copyIn(b, 0, values, 0, values.length);
        return b;
    }

    /** {@code values} copied in once (a training set shared by every network): 8·max(1, length) bytes. */
    DeviceBuffer constant(double[] values) {
        DeviceBuffer b = alloc(8L * Math.max(1, values.length));
        if (values.length > 0) device.copyIn(b, 0, values, 0, values.length);
        return b;
    }

    /** Per-network inputs ({@code per} doubles of each network), copied in before each launch; null when {@code src} is. */
    DeviceBuffer input(double[] src, int per) {
        if (src == null) return null;
        DeviceBuffer b = alloc(8L * chunk * per);
        inputs.add((done, m) -> device.copyIn(b, 0, src, done * per, m * per));
        return b;
    }

    /** A copy run before each launch, for networks {@code done .. done+m-1} (explicit layers: {@link DeviceLayers#upload}). */
    void beforeEach(Launch copy) {
        inputs.add(copy::run);
    }

    /** Per-network outputs ({@code per} doubles of each network), copied out after each launch. */
    DeviceBuffer output(double[] dst, int per) {
        DeviceBuffer b = alloc(8L * Math.max(1, (long) chunk * per));
        if (per > 0) outputs.add((done, m) -> device.copyOut(b, 0, dst, done * per, m * per));
        return b;
    }

    /** Per-network outputs ({@code per} ints of each network), copied out after each launch. */
    DeviceBuffer output(int[] dst, int per) {
        DeviceBuffer b = alloc(4L * Math.max(1, (long) chunk * per));
        if (per > 0) outputs.add((done, m) -> device.copyOut(b, 0, dst, done * per, m * per));
        return b;
    }

    /** Every chunk in order: inputs in, {@code launch}, outputs out. */
    void run(Launch launch) {
        for (int done = 0; done < count; done += chunk) {
            int m = Math.min(chunk, count - done);
            for (Copy c : inputs) c.run(done, m);
            launch.run(done, m);
            for (Copy c : outputs) c.run(done, m);
        }
    }

    private DeviceBuffer alloc(long bytes) {
        DeviceBuffer b = device.alloc(bytes);
        owned.add(b);
        return b;
    }

    /** Frees the buffers, last allocated first (as try-with-resources would). */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        owned.clear();
        if (failure != null) throw failure;
    }
}
