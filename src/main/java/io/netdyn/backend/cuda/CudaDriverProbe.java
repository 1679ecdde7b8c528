package io.netdyn.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Asks the CUDA driver, once per process, whether device 0 can run the kernels. Touching
 * JCudaDriver without libcuda.so.1 throws UnsatisfiedLinkError (and NoClassDefFoundError
 * afterwards), so everything happens behind one catch of Throwable (docs/gpu.md, "How the kernels
 * are built and loaded"). Device 0 is the first of CUDA_VISIBLE_DEVICES: one process per GPU
 * selects its GPU that way.
 */
public final class CudaDriverProbe {
    /** The fatbin holds sm_80 and sm_90 SASS and compute_90 PTX: compute capability 8.0 or newer. */
    static final int MIN_MAJOR = 8;

    /**
     * What the probe found; {@code problem} is null when device 0 is usable. {@code watchdog}:
     * the GPU drives a display, so the driver stops any kernel that runs longer than a few
     * seconds (CUDA_ERROR_LAUNCH_TIMEOUT), said in {@link #describe}.
     */
    public record Result(String problem, String deviceName, int major, int minor, long totalMemory, int driverVersion,
                         boolean watchdog) {
        public String describe() {
            return String.format(Locale.ROOT, "%s (sm_%d%d, %.1f GiB, driver API %d.%d%s)", deviceName, major, minor,
                    totalMemory / 1073741824.0, driverVersion / 1000, driverVersion % 1000 / 10,
                    watchdog ? ", display watchdog: long kernels time out" : "");
        }
    }

    private CudaDriverProbe() {}

    public static Result result() { return Holder.RESULT; }

    private static final class Holder {
        static final Result RESULT = probe();
    }

    private static Result probe() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int r = cuInit(0);
            if (r != CUresult.CUDA_SUCCESS) return failed("cuInit failed: " + CUresult.stringFor(r));
            int[] count = new int[1];
            r = cuDeviceGetCount(count);
            if (r != CUresult.CUDA_SUCCESS) return failed("cuDeviceGetCount failed: " + CUresult.stringFor(r));
            if (count[0] < 1) return failed("the CUDA driver sees no GPU");
            CUdevice dev = new CUdevice();
            r = cuDeviceGet(dev, 0);
            if (r != CUresult.CUDA_SUCCESS) return failed("cuDeviceGet(0) failed: " + CUresult.stringFor(r));
            byte[] name = new byte[256];
            int[] major = new int[1], minor = new int[1], version = new int[1], watchdog = new int[1];
            long[] total = new long[1];
            int[] results = {
                cuDeviceGetName(name, name.length, dev),
                cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
                cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
                cuDeviceTotalMem(total, dev),
                cuDriverGetVersion(version),
                cuDeviceGetAttribute(watchdog, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_KERNEL_EXEC_TIMEOUT, dev)};
            String[] calls = {"cuDeviceGetName", "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MAJOR)",
                "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MINOR)", "cuDeviceTotalMem", "cuDriverGetVersion",
                "cuDeviceGetAttribute(KERNEL_EXEC_TIMEOUT)"};
            for (int i = 0; i < results.length; i++) {   // else a failed query would read as "sm_00"
                if (results[i] != CUresult.CUDA_SUCCESS) return failed(calls[i] + " failed: " + CUresult.stringFor(results[i]));
            }
            int len = 0;
            while (len < name.length && name[len] != 0) len++;
            String devName = new String(name, 0, len, StandardCharsets.US_ASCII);
            return new Result(problem(devName, major[0], minor[0]), devName, major[0], minor[0], total[0], version[0],
                    watchdog[0] != 0);
        } catch (Throwable t) {   // UnsatisfiedLinkError, NoClassDefFoundError, anything from the natives
            return failed("no CUDA driver (" + firstLine(t) + ")");
        }
    }

    private static Result failed(String why) {
        return new Result(why, null, 0, 0, 0, 0, false);
    }

    /** Why a GPU of compute capability major.minor cannot run the fatbin (no sm_80+ SASS or PTX for it), or null. */
    static String problem(String name, int major, int minor) {
        return major < MIN_MAJOR ? name + " is sm_" + major + minor + "; the kernels need sm_80 or newer" : null;
    }

    /** JCuda's load error is many lines; the useful one names libcuda.so.1 when the driver is missing. */
    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int lib = m.indexOf("libcuda.so"), last = m.lastIndexOf("UnsatisfiedLinkError: ");
        if (lib >= 0) m = m.substring(lib);
        else if (last >= 0) m = m.substring(last + "UnsatisfiedLinkError: ".length());
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
