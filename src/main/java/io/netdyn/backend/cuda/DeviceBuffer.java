package io.netdyn.backend.cuda;

/**
 * A block of device memory owned by one {@link Device}; {@link #close} frees it (once).
 * Untyped bytes: the typed launchers of {@link Kernel} say what a buffer holds.
 */
public abstract class DeviceBuffer implements AutoCloseable {
    private final Device owner;
    private final long bytes;
    private boolean freed;

    protected DeviceBuffer(Device owner, long bytes) {
        this.owner = owner;
        this.bytes = bytes;
    }

    public final long bytes() { return bytes; }

    public final Device owner() { return owner; }

    public final boolean isFreed() { return freed; }

    /** Checks that [offset, offset + length) lies inside this live buffer of {@code device}. */
    final void checkAccess(Device device, long offset, long length, String what) {
        if (device != owner) throw new IllegalArgumentException(what + ": buffer belongs to " + owner.name());
        if (freed) throw new IllegalStateException(what + ": buffer already freed");
        if (offset < 0 || length < 0 || offset + length > bytes) {
            throw new IndexOutOfBoundsException(what + ": " + length + " bytes at offset " + offset
                    + " of a " + bytes + "-byte buffer");
        }
    }

    protected abstract void release();

    @Override public final void close() {
        if (!freed) {
            freed = true;
            release();
        }
    }
}
