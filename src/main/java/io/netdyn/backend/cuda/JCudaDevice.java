package io.netdyn.backend.cuda;

import static io.netdyn.backend.cuda.CudaError.check;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuFuncGetAttribute;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * A real GPU through the CUDA driver API (JCuda 12.6, which links only libcuda.so.1): the
 * primary context of device 0, the fatbin loaded once with cuModuleLoadData, every
 * {@link Kernel} resolved once. Every CUresult is checked ({@link CudaError} names the call,
 * and for launches the kernel and configuration); launches synchronise, so a fault is
 * reported at the kernel that caused it. Each kernel's compiled limits (threads per block,
 * static shared memory) are read once and checked before every launch ({@link #launchProblem}),
 * so a plan that exceeds them fails with a sentence instead of CUDA_ERROR_INVALID_VALUE or
 * CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES. The context is made current on the calling thread before
 * every driver call (JCuda's current context is per thread).
 */
public final class JCudaDevice implements Device {
    static final int BLOCK_THREADS = 256;
    /** Without cuFuncSetAttribute opt-in, 48 KiB of dynamic shared memory per block. */
    static final int MAX_SHARED_BYTES = 48 << 10;
    /** Share of the free device memory one call may plan with. */
    static final double MEMORY_SHARE = 0.8;

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
    private final Map<Kernel, Limits> limits = new EnumMap<>(Kernel.class);
    private final String name;
    private boolean closed;

    private JCudaDevice() {
        name = CudaDriverProbe.result().describe();
        check(cuDeviceGet(device, 0), "cuDeviceGet(0)");
        check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        boolean loaded = false;
        try {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            int r = cuModuleLoadData(module, KernelImage.fatbin());
            if (r != CUresult.CUDA_SUCCESS) {
                throw new CudaError(moduleLoadProblem(r, KernelImage.properties(), CudaDriverProbe.result()));
            }
            loaded = true;
            for (Kernel k : Kernel.values()) {
                CUfunction f = new CUfunction();
                check(cuModuleGetFunction(f, module, k.symbol()), "cuModuleGetFunction(" + k.symbol() + ")");
                functions.put(k, f);
                int[] threads = new int[1], shared = new int[1];
                check(cuFuncGetAttribute(threads, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, f),
                        "cuFuncGetAttribute(" + k.symbol() + ", MAX_THREADS_PER_BLOCK)");
                check(cuFuncGetAttribute(shared, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, f),
                        "cuFuncGetAttribute(" + k.symbol() + ", SHARED_SIZE_BYTES)");
                limits.put(k, new Limits(threads[0], shared[0]));
            }
        } catch (RuntimeException e) {
            if (loaded) cuModuleUnload(module);
            cuDevicePrimaryCtxRelease(device);
            throw e;
        }
    }

    /** A compiled kernel's limits: most threads per block (registers, __launch_bounds__), static shared bytes. */
    record Limits(int maxThreadsPerBlock, int staticSharedBytes) {}

    /**
     * Why {@code config} cannot launch a kernel with these compiled limits, or null: more threads
     * than the kernel's registers or __launch_bounds__ allow, or static plus dynamic shared memory
     * above the {@link #MAX_SHARED_BYTES} a block gets without opt-in.
     */
    static String launchProblem(String symbol, LaunchConfig config, Limits limits) {
        if (config.threads() > limits.maxThreadsPerBlock()) {
            return symbol + " [" + config + "]: the compiled kernel allows at most " + limits.maxThreadsPerBlock()
                    + " threads per block (its registers or __launch_bounds__)";
        }
        long shared = (long) limits.staticSharedBytes() + config.sharedBytes();
        if (shared > MAX_SHARED_BYTES) {
            return symbol + " [" + config + "]: " + limits.staticSharedBytes() + " bytes of static plus "
                    + config.sharedBytes() + " of dynamic shared memory exceed the " + MAX_SHARED_BYTES + " a block may use";
        }
        return null;
    }

    /**
     * The one-line error of a failed cuModuleLoadData: the CUresult, how the fatbin was built and
     * what the driver and GPU are, and the likely cure. The fatbin holds sm_80/sm_90 SASS and
     * compute_90 PTX: an sm_8x GPU runs the sm_80 SASS, sm_90 its own, anything newer JIT-compiles
     * the PTX, which needs a driver at least as new as the nvcc that wrote it.
     */
    static String moduleLoadProblem(int result, Properties built, CudaDriverProbe.Result gpu) {
        String nvcc = built.getProperty("nvcc", "?");
        int driver = gpu.driverVersion();
        String msg = "cuModuleLoadData(netdyn.fatbin) failed: " + CUresult.stringFor(result) + "; the kernels were built by nvcc "
                + nvcc + " (" + built.getProperty("sass", "?") + " SASS + " + built.getProperty("ptx", "?") + " PTX), the GPU is sm_"
                + gpu.major() + gpu.minor() + " with a driver for CUDA " + driver / 1000 + "." + driver % 1000 / 10;
        int needed = cudaVersion(nvcc);
        if (result == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION || (needed > 0 && driver > 0 && driver < needed)) {
            return msg + ": install a driver for CUDA " + nvcc + " or newer, or build netdyn with an nvcc no newer than the driver";
        }
        if (result == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU) {
            return msg + ": the fatbin has no code this GPU can run; rebuild netdyn with an nvcc that targets it";
        }
        return msg;
    }

    /** "13.0" → 13000 (the driver API's encoding), 0 when unparseable. */
    static int cudaVersion(String nvcc) {
        String[] p = nvcc.trim().split("\\.");
        try {
            return Integer.parseInt(p[0]) * 1000 + (p.length > 1 ? Integer.parseInt(p[1]) * 10 : 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Why no usable GPU with built kernels is here, or null (all problems, joined by "; "). */
    public static String unavailableReason() {
        List<String> problems = new ArrayList<>();
        String kernels = KernelImage.notBuiltReason();
        if (kernels != null) problems.add(kernels);
        String driver = CudaDriverProbe.result().problem();
        if (driver != null) problems.add(driver);
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    public static JCudaDevice open() {
        String why = unavailableReason();
        if (why != null) throw new IllegalStateException("no usable GPU: " + why);
        return new JCudaDevice();
    }

    @Override public String name() { return name; }

    @Override
    public long memoryBudget() {
        current();
        long[] free = new long[1], total = new long[1];
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return (long) (free[0] * MEMORY_SHARE);
    }

    @Override public int preferredBlockThreads() { return BLOCK_THREADS; }

    @Override public int maxSharedBytesPerBlock() { return MAX_SHARED_BYTES; }

    @Override
    public DeviceBuffer alloc(long bytes) {
        current();
        if (bytes < 1) throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        CUdeviceptr p = new CUdeviceptr();
        check(cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + " bytes)");
        return new Buffer(this, bytes, p);
    }

    @Override
    public void copyIn(DeviceBuffer dst, long off, double[] src, int from, int count) {
        Objects.checkFromIndexSize(from, count, src.length);   // JCuda would read past the array
        CUdeviceptr p = pointer(dst, off, 8L * count, "copy in");
        if (count > 0) check(cuMemcpyHtoD(p.withByteOffset(off), Pointer.to(src).withByteOffset(8L * from), 8L * count), "cuMemcpyHtoD");
    }

    @Override
    public void copyIn(DeviceBuffer dst, long off, int[] src, int from, int count) {
        Objects.checkFromIndexSize(from, count, src.length);
        CUdeviceptr p = pointer(dst, off, 4L * count, "copy in");
        if (count > 0) check(cuMemcpyHtoD(p.withByteOffset(off), Pointer.to(src).withByteOffset(4L * from), 4L * count), "cuMemcpyHtoD");
    }

    @Override
    public void copyOut(DeviceBuffer src, long off, double[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);   // JCuda would write past the array
        CUdeviceptr p = pointer(src, off, 8L * count, "copy out");
        if (count > 0) check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(8L * from), p.withByteOffset(off), 8L * count), "cuMemcpyDtoH");
    }

    @Override
    public void copyOut(DeviceBuffer src, long off, int[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        CUdeviceptr p = pointer(src, off, 4L * count, "copy out");
        if (count > 0) check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * from), p.withByteOffset(off), 4L * count), "cuMemcpyDtoH");
    }

    @Override
    public void launch(Kernel kernel, LaunchConfig config, KernelArgs args) {
        current();
        if (args.kernel() != kernel) throw new IllegalArgumentException("arguments of " + args.kernel() + " passed to " + kernel);
        args.requireComplete();
        String problem = launchProblem(kernel.symbol(), config, limits.get(kernel));
        if (problem != null) throw new IllegalArgumentException(problem);
        Pointer[] params = new Pointer[args.size()];
        for (int i = 0; i < params.length; i++) params[i] = parameter(args, i, kernel);
        check(cuLaunchKernel(functions.get(kernel), config.blocks(), 1, 1, config.threads(), 1, 1,
                config.sharedBytes(), null, Pointer.to(params), null), "cuLaunchKernel", kernel, config);
        check(cuCtxSynchronize(), "cuCtxSynchronize after the launch", kernel, config);
    }

    /** A pointer to the value of argument i (the cuLaunchKernel convention). */
    private Pointer parameter(KernelArgs args, int i, Kernel kernel) {
        long v = args.value(i);
        return switch (args.type(i)) {
            case I32 -> Pointer.to(new int[] {(int) v});
            case I64 -> Pointer.to(new long[] {v});
            case F32 -> Pointer.to(new float[] {Float.intBitsToFloat((int) v)});
            case F64 -> Pointer.to(new double[] {Double.longBitsToDouble(v)});
            case PTR_I32, PTR_I64, PTR_F32, PTR_F64 -> {
                DeviceBuffer b = args.buffer(i);
                yield Pointer.to(b == null ? new CUdeviceptr() : pointer(b, 0, 0, kernel.symbol() + " argument " + i));
            }
        };
    }

    /** The device address {@code byteOffset} bytes into {@code b} (for cuBLAS, {@link CublasGemm}). */
    Pointer pointer(DeviceBuffer b, long byteOffset) {
        return pointer(b, byteOffset, 0, "device pointer").withByteOffset(byteOffset);
    }

    /** Makes this device's context current on the calling thread (before a cuBLAS call). */
    void makeCurrent() { current(); }

    /** cuCtxSynchronize, checked ({@code what} names the call in the error). */
    void synchronize(String what) {
        current();
        check(cuCtxSynchronize(), what);
    }

    private CUdeviceptr pointer(DeviceBuffer b, long off, long len, String what) {
        current();
        b.checkAccess(this, off, len, what);
        return ((Buffer) b).ptr;
    }

    private void current() {
        if (closed) throw new IllegalStateException("the CUDA device is closed");
        check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        cuCtxSetCurrent(context);
        cuModuleUnload(module);
        cuDevicePrimaryCtxRelease(device);
    }

    private static final class Buffer extends DeviceBuffer {
        final CUdeviceptr ptr;

        Buffer(JCudaDevice owner, long bytes, CUdeviceptr ptr) {
            super(owner, bytes);
            this.ptr = ptr;
        }

        @Override protected void release() {
            JCudaDevice d = (JCudaDevice) owner();
            if (!d.closed) {
                cuCtxSetCurrent(d.context);
                check(cuMemFree(ptr), "cuMemFree");
            }
        }
    }
}
