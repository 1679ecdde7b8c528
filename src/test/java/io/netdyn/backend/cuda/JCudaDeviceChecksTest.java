package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The checks {@link JCudaDevice} makes around the driver, as pure functions (no GPU needed):
 * launch configurations against a kernel's compiled limits, and the sentence of a failed
 * cuModuleLoadData.
 */
class JCudaDeviceChecksTest {

    @Test
    void launchesWithinTheCompiledLimitsPass() {
        JCudaDevice.Limits l = new JCudaDevice.Limits(256, 16640);   // the tiled GEMM's static tiles
        assertNull(JCudaDevice.launchProblem("k", new LaunchConfig(10, 256, 0), l));
        assertNull(JCudaDevice.launchProblem("k", new LaunchConfig(1, 1, JCudaDevice.MAX_SHARED_BYTES - 16640), l));
    }

    @Test
    void tooManyThreadsForTheRegistersOrLaunchBoundsAreRefused() {
        String p = JCudaDevice.launchProblem("netdyn_x_f64", new LaunchConfig(3, 512, 0), new JCudaDevice.Limits(384, 0));
        assertTrue(p != null && p.contains("netdyn_x_f64") && p.contains("at most 384 threads") && p.contains("block 512"), p);
    }

    /** Static shared memory counts against the 48 KiB a block gets without opt-in: 32 static + the rest dynamic is 32 too many. */
    @Test
    void staticPlusDynamicSharedMemoryAbove48KiBIsRefused() {
        String p = JCudaDevice.launchProblem("netdyn_svd_f64", new LaunchConfig(1, 64, JCudaDevice.MAX_SHARED_BYTES),
                new JCudaDevice.Limits(1024, 32));
        assertTrue(p != null && p.contains("32 bytes of static plus 49152 of dynamic"), p);
        assertNull(JCudaDevice.launchProblem("netdyn_svd_f64", new LaunchConfig(1, 64, JCudaDevice.MAX_SHARED_BYTES - 32),
                new JCudaDevice.Limits(1024, 32)));
    }

    @Test
    void cudaVersionsParseAsTheDriverEncodesThem() {
        assertEquals(13000, JCudaDevice.cudaVersion("13.0"));
        assertEquals(12060, JCudaDevice.cudaVersion("12.6"));
        assertEquals(12000, JCudaDevice.cudaVersion("12"));
        assertEquals(0, JCudaDevice.cudaVersion("?"));
    }

    @Test
    void aModuleLoadFailureNamesTheBuildTheGpuAndTheCure() {
        Properties built = new Properties();
        built.setProperty("nvcc", "13.0");
        built.setProperty("sass", "sm_80 sm_90");
        built.setProperty("ptx", "compute_90");
        CudaDriverProbe.Result oldDriver = new CudaDriverProbe.Result(null, "GPU", 12, 0, 1L << 34, 12040, false);
        String m = JCudaDevice.moduleLoadProblem(CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, built, oldDriver);
        assertTrue(m.startsWith("cuModuleLoadData(netdyn.fatbin) failed: CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), m);
        assertTrue(m.contains("nvcc 13.0 (sm_80 sm_90 SASS + compute_90 PTX)") && m.contains("sm_120")
                && m.contains("CUDA 12.4") && m.contains("install a driver for CUDA 13.0 or newer"), m);
        assertFalse(m.contains("\n"));
        // an older driver is named as the likely cause whatever the code
        assertTrue(JCudaDevice.moduleLoadProblem(CUresult.CUDA_ERROR_INVALID_IMAGE, built, oldDriver).contains("install a driver"));
        CudaDriverProbe.Result newDriver = new CudaDriverProbe.Result(null, "GPU", 12, 0, 1L << 34, 13000, false);
        String none = JCudaDevice.moduleLoadProblem(CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU, built, newDriver);
        assertTrue(none.contains("no code this GPU can run") && !none.contains("install a driver"), none);
        String other = JCudaDevice.moduleLoadProblem(CUresult.CUDA_ERROR_OUT_OF_MEMORY, built, newDriver);
        assertTrue(other.endsWith("driver for CUDA 13.0"), other);
    }

    @Test
    void driverErrorsCarryWhatTheyUsuallyMeanOnOneLine() {
        CudaError e = Assertions.assertThrows(CudaError.class, () -> CudaError.check(
                CUresult.CUDA_ERROR_LAUNCH_TIMEOUT, "cuCtxSynchronize after the launch", Kernel.MODES_F64,
                new LaunchConfig(4, 128, 1024)));
        assertTrue(e.getMessage().startsWith("cuCtxSynchronize after the launch failed: CUDA_ERROR_LAUNCH_TIMEOUT (kernel netdyn_modes_f64, grid 4 × block 128, 1024 B shared); the display watchdog"),
                e.getMessage());
        assertTrue(CudaError.hint(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS).contains("unusable until the process exits"));
        assertTrue(CudaError.hint(CUresult.CUDA_ERROR_OUT_OF_MEMORY).contains("--batch"));
        assertEquals("", CudaError.hint(CUresult.CUDA_ERROR_INVALID_VALUE));
        for (int r : new int[] {CUresult.CUDA_ERROR_LAUNCH_TIMEOUT, CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, CUresult.CUDA_ERROR_OUT_OF_MEMORY,
            CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE}) {
            assertFalse(CudaError.hint(r).contains("\n"));
        }
    }

    @Test
    void gpusOlderThanAmpereAreRefusedByTheProbe() {
        assertTrue(CudaDriverProbe.problem("Tesla V100", 7, 0).contains("sm_70; the kernels need sm_80 or newer"));
        assertNull(CudaDriverProbe.problem("A100", 8, 0));
        assertNull(CudaDriverProbe.problem("RTX 4090", 8, 9));
        assertNull(CudaDriverProbe.problem("B200", 10, 0));
        assertTrue(new CudaDriverProbe.Result(null, "RTX", 8, 6, 1L << 33, 12040, true).describe()
                .equals("RTX (sm_86, 8.0 GiB, driver API 12.4, display watchdog: long kernels time out)"));
    }
}
