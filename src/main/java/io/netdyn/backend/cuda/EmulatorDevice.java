package io.netdyn.backend.cuda;

/**
 * A {@link Device} that runs the kernels compiled by g++ from the same {@code kernels/*.cu}
 * ({@code native/}): blocks one after another, one CPU thread per CUDA thread, device memory
 * in host memory. It exists so the CUDA backend's own code (plans, launchers, copies) runs in
 * CI, where there is no GPU; it is slow (thread start ~50 µs each, barriers through the OS) and
 * is selected only explicitly ({@code --backend cuda-emu}, a testing backend).
 */
public final class EmulatorDevice implements Device {
    /** The memory budget of one call: emulated memory is the JVM process's own. */
    static final long MEMORY_BUDGET = 256L << 20;
    /** Small blocks: every emulated thread is an OS thread. */
    static final int BLOCK_THREADS = 64;
    static final int MAX_SHARED_BYTES = 48 << 10;

    private final int blockThreads;
    private boolean closed;

    private EmulatorDevice(int blockThreads) {
        this.blockThreads = blockThreads;
    }

    /** Why {@link #open} would fail here, or null. */
    public static String unavailableReason() { return EmulatorNative.unavailableReason(); }

    public static EmulatorDevice open() { return open(BLOCK_THREADS); }

    /** An emulator whose launchers use {@code blockThreads} threads per block (tests vary it). */
    public static EmulatorDevice open(int blockThreads) {
        EmulatorNative.requireLoaded();
        if (blockThreads < 1 || blockThreads > 1024) throw new IllegalArgumentException("block threads " + blockThreads);
        for (Kernel k : Kernel.values()) {   // resolve every symbol once, like cuModuleGetFunction
            String sig = EmulatorNative.registry().get(k.symbol());
            if (sig == null) throw new IllegalStateException("the emulator library lacks kernel " + k.symbol() + " (stale build?)");
        }
        return new EmulatorDevice(blockThreads);
    }

    @Override public String name() {
        return "kernel emulator (" + EmulatorNative.compiler() + ", one CPU thread per CUDA thread)";
    }

    @Override public long memoryBudget() { return MEMORY_BUDGET; }

    @Override public int preferredBlockThreads() { return blockThreads; }

    @Override public int maxSharedBytesPerBlock() { return MAX_SHARED_BYTES; }

    @Override
    public DeviceBuffer alloc(long bytes) {
        checkOpen();
        if (bytes < 1) throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        long address = EmulatorNative.alloc(bytes);
        if (address == 0) throw new OutOfMemoryError("emulator: cannot allocate " + bytes + " bytes");
        return new Buffer(this, bytes, address);
    }

    @Override
    public void copyIn(DeviceBuffer dst, long off, double[] src, int from, int count) {
        EmulatorNative.copyInDoubles(address(dst, off, 8L * count, "copy in"), off, src, from, count);
    }

    @Override
    public void copyIn(DeviceBuffer dst, long off, int[] src, int from, int count) {
        EmulatorNative.copyInInts(address(dst, off, 4L * count, "copy in"), off, src, from, count);
    }

    @Override
    public void copyOut(DeviceBuffer src, long off, double[] dst, int from, int count) {
        EmulatorNative.copyOutDoubles(address(src, off, 8L * count, "copy out"), off, dst, from, count);
    }

    @Override
    public void copyOut(DeviceBuffer src, long off, int[] dst, int from, int count) {
        EmulatorNative.copyOutInts(address(src, off, 4L * count, "copy out"), off, dst, from, count);
    }

    @Override
    public void launch(Kernel kernel, LaunchConfig config, KernelArgs args) {
        checkOpen();
        if (args.kernel() != kernel) throw new IllegalArgumentException("arguments of " + args.kernel() + " passed to " + kernel);
        args.requireComplete();
        if (config.sharedBytes() > MAX_SHARED_BYTES) {
            throw new IllegalArgumentException(kernel.symbol() + " [" + config + "]: more shared memory than "
                    + MAX_SHARED_BYTES + " bytes");
        }
        long[] slots = new long[args.size()];
        for (int i = 0; i < slots.length; i++) {
            if (args.type(i).isPointer()) {
                DeviceBuffer b = args.buffer(i);
                slots[i] = b == null ? 0 : address(b, 0, 0, kernel.symbol() + " argument " + i);
            } else {
                slots[i] = args.value(i);
            }
        }
        try {
            EmulatorNative.launch(kernel.symbol(), config.blocks(), 1, 1, config.threads(), 1, 1,
                    config.sharedBytes(), kernel.signature(), slots);
        } catch (RuntimeException e) {
            throw new IllegalStateException(kernel.symbol() + " [" + config + "] on the emulator: " + e.getMessage(), e);
        }
    }

    private long address(DeviceBuffer b, long off, long len, String what) {
        checkOpen();
        b.checkAccess(this, off, len, what);
        return ((Buffer) b).address;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the emulator device is closed");
    }

    @Override public void close() { closed = true; }

    private static final class Buffer extends DeviceBuffer {
        final long address;

        Buffer(Device owner, long bytes, long address) {
            super(owner, bytes);
            this.address = address;
        }

        @Override protected void release() { EmulatorNative.free(address); }
    }
}
