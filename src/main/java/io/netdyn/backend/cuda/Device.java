package io.netdyn.backend.cuda;

/**
 * What the CUDA backend needs from a GPU, and nothing more (docs/gpu.md): memory, copies, and
 * synchronous launches of the {@link Kernel}s. Two implementations: {@link JCudaDevice} (the
 * CUDA driver API through JCuda, on a real GPU) and {@link EmulatorDevice} (the same kernels
 * compiled by g++ and run on CPU threads, so the backend's own code runs in CI).
 *
 * <p>Not thread-safe: one backend, one thread of calls.
 */
public interface Device extends AutoCloseable {

    /** A human description: GPU name, compute capability and memory, or the emulator's compiler. */
    String name();

    /** Bytes this device lets one call plan with (free memory less a margin, or the emulator's budget). */
    long memoryBudget();

    /**
     * The most networks one chunked launch may hold, whatever fits the budget: unlimited on a
     * real device; a test device lowers it to make every operation run its chunk loop.
     */
    default int maxNetworksPerLaunch() { return Integer.MAX_VALUE; }

    /** Threads per block the launchers use for this device (GPU: occupancy; emulator: cost per thread). */
    int preferredBlockThreads();

    /** Most dynamic shared memory per block the launchers may request. */
    int maxSharedBytesPerBlock();

    DeviceBuffer alloc(long bytes);

    void copyIn(DeviceBuffer dst, long dstByteOffset, double[] src, int from, int count);

    void copyIn(DeviceBuffer dst, long dstByteOffset, int[] src, int from, int count);

    void copyOut(DeviceBuffer src, long srcByteOffset, double[] dst, int from, int count);

    void copyOut(DeviceBuffer src, long srcByteOffset, int[] dst, int from, int count);

    /** Runs the kernel to completion; a failure names the kernel and the launch configuration. */
    void launch(Kernel kernel, LaunchConfig config, KernelArgs args);

    @Override
    void close();
}
