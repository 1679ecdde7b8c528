package io.netdyn.backend.cuda;

import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import java.util.Optional;

/**
 * The arguments of one launch of one {@link Kernel}, appended in order by typed methods that
 * check each against the kernel's declared signature, so a wrong type or count fails here in
 * Java, naming the kernel and the position. Scalars are kept as raw 64-bit patterns (what the
 * emulator's JNI call takes); pointers as their {@link DeviceBuffer} (null for a null pointer).
 */
public final class KernelArgs {
    private final Kernel kernel;
    private final long[] values;
    private final DeviceBuffer[] buffers;
    private int count;

    KernelArgs(Kernel kernel) {
        this.kernel = kernel;
        int n = kernel.parameters().length;
        this.values = new long[n];
        this.buffers = new DeviceBuffer[n];
    }

    public KernelArgs i32(int v) { return put(ArgType.I32, v, null); }

    public KernelArgs i64(long v) { return put(ArgType.I64, v, null); }

    public KernelArgs f64(double v) { return put(ArgType.F64, Double.doubleToRawLongBits(v), null); }

    /**
     * The six arguments every network kernel takes after its shape: weight kind, parameter and
     * multiplier, then bias kind (-1: none), parameter and multiplier (kernels/distributions.cuh).
     */
    public KernelArgs layers(Architecture arch) {
        Distribution w = arch.weights();
        Optional<Distribution> b = arch.bias();
        return i32(Kernel.distributionCode(w.kind())).f64(w.param()).f64(arch.weightMultiplier())
                .i32(b.map(x -> Kernel.distributionCode(x.kind())).orElse(-1))
                .f64(b.map(Distribution::param).orElse(Double.NaN)).f64(arch.biasMultiplier());
    }

    /**
     * {@link #layers(Architecture)}, then the two explicit-layer arguments: the device layers of
     * the launch's networks (null: sample them) and their layers per network ({@link DeviceLayers}).
     */
    public KernelArgs layers(Architecture arch, DeviceLayers explicit) {
        return layers(arch).ptrF64(explicit == null ? null : explicit.buffer()).i32(explicit == null ? 0 : explicit.layerCount());
    }

    public KernelArgs f32(float v) { return put(ArgType.F32, Float.floatToRawIntBits(v), null); }

    /** A pointer argument of type {@code type}; {@code buffer} null passes a null pointer. */
    public KernelArgs ptr(ArgType type, DeviceBuffer buffer) {
        if (!type.isPointer()) throw new IllegalArgumentException(type + " is not a pointer type");
        return put(type, 0, buffer);
    }

    public KernelArgs ptrF64(DeviceBuffer b) { return ptr(ArgType.PTR_F64, b); }

    public KernelArgs ptrI32(DeviceBuffer b) { return ptr(ArgType.PTR_I32, b); }

    private KernelArgs put(ArgType type, long bits, DeviceBuffer buffer) {
        ArgType[] params = kernel.parameters();
        if (count >= params.length) {
            throw new IllegalArgumentException(kernel.symbol() + " takes " + params.length + " arguments; got a "
                    + (count + 1) + "th (" + type + ")");
        }
        if (params[count] != type) {
            throw new IllegalArgumentException(kernel.symbol() + " argument " + count + " is " + params[count]
                    + ", got " + type);
        }
        values[count] = bits;
        buffers[count] = buffer;
        count++;
        return this;
    }

    public Kernel kernel() { return kernel; }

    /** Throws unless every declared argument was given. */
    void requireComplete() {
        if (count != values.length) {
            throw new IllegalArgumentException(kernel.symbol() + " takes " + values.length + " arguments, got " + count);
        }
    }

    int size() { return count; }

    ArgType type(int i) { return kernel.parameters()[i]; }

    long value(int i) { return values[i]; }

    DeviceBuffer buffer(int i) { return buffers[i]; }
}
