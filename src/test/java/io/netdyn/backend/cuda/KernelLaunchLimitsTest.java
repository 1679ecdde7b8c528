package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.DoesNotFitException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the kernel emulator cannot check, because it ignores {@code __launch_bounds__} and register
 * limits (docs/kernels.md, "Launch limits and hazards audited"): on a GPU, cuLaunchKernel refuses
 * ("too many resources requested") a block larger than the entry's {@code __launch_bounds__}, or
 * one whose threads need more than the 65 536 registers of a block, and a block's static plus
 * dynamic shared memory must stay within the 48 KiB {@link JCudaDevice} allows.
 *
 * <p>For every {@link Kernel}, the largest block the host launches is taken from the launch code
 * itself (the plans, with the device's preferred block size as {@link CudaBackend} passes it):
 * <ul>
 *   <li>with any preference up to CUDA's 1024 threads it stays within the entry's
 *       {@code __launch_bounds__} (parsed from kernels/*.cu), and every plan's MAX_THREADS is the
 *       kernel's constant;</li>
 *   <li>with {@link JCudaDevice}'s preference, threads × registers (target/kernels-report.txt of
 *       the last nvcc build, sm_80 and sm_90; registers allocated per warp in units of 256) fit a
 *       block, and the entry's static shared memory fits what the host leaves beside its dynamic
 *       shared memory. Skipped, with the reason, when the build had no nvcc (no report).</li>
 * </ul>
 */
class KernelLaunchLimitsTest {
    static final Path KERNELS = Path.of("kernels");
    static final Path REPORT = Path.of("target", "kernels-report.txt");
    static final int REGISTERS_PER_BLOCK = 65536, REGISTER_UNIT = 256, MAX_REGISTERS_PER_THREAD = 255;
    static final int SHARED = JCudaDevice.MAX_SHARED_BYTES;
    /** CUDA's largest block: a device preference can be no larger. */
    static final int CUDA_MAX_THREADS = 1024;

    /** A device that prefers {@code threads} per block and allows {@link #SHARED} bytes (BatchedLinalg asks it). */
    static Device preferring(int threads) {
        return (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "preferredBlockThreads" -> threads;
                    case "maxSharedBytesPerBlock" -> SHARED;
                    case "name" -> "a device preferring " + threads + " threads";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * The most threads per block the host launches each entry point with, on a device preferring
     * {@code preferred} threads, with shapes that ask for as many threads as the plans give.
     */
    static Map<Kernel, Integer> hostMaxThreads(int preferred) {
        Map<Kernel, Integer> t = new EnumMap<>(Kernel.class);
        int elementwise = LaunchConfig.elementwise(1 << 24, preferred, Kernel.MAX_ELEMENTWISE_BLOCKS).threads();
        t.put(Kernel.PHILOX_STREAM, elementwise);
        t.put(Kernel.UNIT_DRAWS_F64, elementwise);
        t.put(Kernel.ACTIVATION_F64, elementwise);
        // Test entries launched with the tests' own configurations (their largest block).
        t.put(Kernel.SELFTEST_BLOCK_SUM_F64, 128);  // DeviceContract
        t.put(Kernel.HAAR_F64, 64);                 // HaarEmulatorTest
        t.put(Kernel.MAXNORM_SELECT_F64, 32);       // WormholeEmulatorTest
        t.put(Kernel.PROPAGATE_F64, PropagatePlan.of(200, 3, 64, preferred, SHARED).threads());
        int large = LargePropagatePlan.of(1024, 2, 64, preferred).threads();
        for (Kernel k : List.of(Kernel.SAMPLE_LAYER_F64, Kernel.HAAR_LAYER_F64, Kernel.PROPAGATE_PROBES_F64,
                Kernel.BIAS_ROWS_F64, Kernel.PROPAGATE_ACTIVATE_F64)) {
            t.put(k, large);
        }
        t.put(Kernel.GEMM_STRIDED_BATCHED_F64, Math.min(preferred, TiledGemm.THREADS));  // CudaBackend's Gemm.forDevice
        Device d = preferring(preferred);
        for (Kernel k : List.of(Kernel.JACOBI_SVD_F64, Kernel.JACOBI_EIGH_F64, Kernel.HOUSEHOLDER_QR_F64)) {
            t.put(k, BatchedLinalg.threads(d, 1 << 20));
        }
        t.put(Kernel.ITERATE_MAP_F64, IterateMapPlan.of(8, 2, 1, 100_000, 2, preferred, SHARED).threads());
        t.put(Kernel.LYAPUNOV_DEPTH_F64, LyapunovPlan.of(64, 2, 64, 1, false, preferred, SHARED).threads());
        t.put(Kernel.LYAPUNOV_MAP_F64, LyapunovMapPlan.of(512, 1, 1, 1, false, preferred, SHARED).threads());
        t.put(Kernel.JACOBIAN_SPECTRA_F64, JacobianSpectraPlan.of(64, 1, 1, false, true, preferred, SHARED).threads());
        t.put(Kernel.MAP_JACOBIANS_F64, NewtonMapPlan.of(8, 2, 100_000, true, preferred, SHARED).threads());
        t.put(Kernel.NEWTON_MAP_F64, NewtonMapPlan.of(8, 2, 100_000, false, preferred, SHARED).threads());
        t.put(Kernel.MODES_F64, ModesPlan.of(64, 2, 64, 64, 8, 2, 2, preferred, SHARED).threads());
        t.put(Kernel.WORMHOLE_F64, WormholePlan.of(64, 512, 2, 8, 1, preferred, SHARED).threads());
        t.put(Kernel.TRAIN_F64, TrainPlan.of(64, 2, 512, 0, 2, preferred, SHARED).threads());
        return t;
    }

    /** Static shared memory the host leaves each entry beside the largest dynamic shared memory it asks for. */
    static Map<Kernel, Integer> staticSharedAllowance() {
        Map<Kernel, Integer> a = new EnumMap<>(Kernel.class);
        for (Kernel k : Kernel.values()) a.put(k, SHARED);                     // no dynamic shared memory
        a.put(Kernel.SELFTEST_BLOCK_SUM_F64, SHARED - 8 * 128);               // a double per thread
        for (Kernel k : List.of(Kernel.PROPAGATE_F64, Kernel.ITERATE_MAP_F64, Kernel.LYAPUNOV_DEPTH_F64,
                Kernel.LYAPUNOV_MAP_F64, Kernel.MAP_JACOBIANS_F64, Kernel.NEWTON_MAP_F64, Kernel.MODES_F64, Kernel.TRAIN_F64)) {
            a.put(k, 0);                                                       // their plans use the whole limit
        }
        a.put(Kernel.JACOBIAN_SPECTRA_F64, JacobianSpectraPlan.STATIC_SHARED_BYTES);
        a.put(Kernel.WORMHOLE_F64, WormholePlan.STATIC_SHARED_BYTES);
        for (Kernel k : List.of(Kernel.JACOBI_SVD_F64, Kernel.JACOBI_EIGH_F64, Kernel.HOUSEHOLDER_QR_F64)) {
            a.put(k, BatchedLinalg.STATIC_SHARED_BYTES);
        }
        return a;
    }

    /** Every kernels/*.cu and *.cuh, concatenated. */
    static String kernelSources() throws IOException {
        assumeTrue(Files.isDirectory(KERNELS), () -> "kernel sources not found at " + KERNELS.toAbsolutePath());
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(KERNELS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cu") || f.toString().endsWith(".cuh")).sorted().toList()) {
                all.append(Files.readString(p)).append('\n');
            }
        }
        return all.toString();
    }

    /** {@code constexpr int NAME = value;} of the kernels' sources. */
    static Map<String, Integer> constants(String src) {
        Map<String, Integer> c = new HashMap<>();
        Matcher m = Pattern.compile("constexpr\\s+int\\s+(\\w+)\\s*=\\s*(\\d+)\\s*;").matcher(src);
        while (m.find()) c.put(m.group(1), Integer.parseInt(m.group(2)));
        return c;
    }

    @Test
    void theJavaBlockLimitsAreTheKernelsConstants() throws IOException {
        Map<String, Integer> c = constants(kernelSources());
        assertEquals(c.get("PROPAGATE_MAX_THREADS"), PropagatePlan.MAX_THREADS);
        assertEquals(c.get("GEMM_THREADS"), TiledGemm.THREADS);
        assertEquals(c.get("LINALG_MAX_THREADS"), BatchedLinalg.MAX_THREADS);
        assertEquals(c.get("ITERATE_MAX_THREADS"), IterateMapPlan.MAX_THREADS);
        assertEquals(c.get("LYAP_MAX_THREADS"), LyapunovPlan.MAX_THREADS);
        assertEquals(c.get("JSPEC_MAX_THREADS"), JacobianSpectraPlan.MAX_THREADS);
        assertEquals(c.get("NEWTON_MAX_THREADS"), NewtonMapPlan.MAX_THREADS);
        assertEquals(c.get("MODES_MAX_THREADS"), ModesPlan.MAX_THREADS);
        assertEquals(c.get("WORM_MAX_THREADS"), WormholePlan.MAX_THREADS);
        assertEquals(c.get("TRAIN_MAX_THREADS"), TrainPlan.MAX_THREADS);
    }

    @Test
    void noBlockTheHostLaunchesExceedsItsKernelsLaunchBounds() throws IOException {
        String src = kernelSources();
        Map<String, Integer> c = constants(src);
        Map<String, Integer> bounds = new HashMap<>();
        Matcher m = Pattern.compile("__launch_bounds__\\(\\s*(?:netdyn::)?(\\w+)\\s*(?:,\\s*\\d+\\s*)?\\)\\s*(netdyn_\\w+)\\s*\\(").matcher(src);
        while (m.find()) {
            Integer b = m.group(1).matches("\\d+") ? Integer.valueOf(m.group(1)) : c.get(m.group(1));
            assertNotNull(b, "the value of " + m.group(1) + " (launch bounds of " + m.group(2) + ")");
            bounds.put(m.group(2), b);
        }
        // The parse itself works: the nine bounded entries of today (propagate, gemm, iterate_map, the two
        // lyapunov kernels, the four of linalg_batched.cu), e.g. propagate's PROPAGATE_MAX_THREADS.
        assertTrue(bounds.size() >= 9, "launch bounds found: " + bounds);
        assertEquals(PropagatePlan.MAX_THREADS, bounds.get("netdyn_propagate_f64"));
        assertEquals(TrainPlan.MAX_THREADS, bounds.get("netdyn_train_f64"));   // the two-argument form
        for (int preferred : new int[] {EmulatorDevice.BLOCK_THREADS, JCudaDevice.BLOCK_THREADS, CUDA_MAX_THREADS}) {
            Map<Kernel, Integer> host = hostMaxThreads(preferred);
            for (Kernel k : Kernel.values()) {
                assertNotNull(host.get(k), k + ": its largest block is not known to this test");
                Integer b = bounds.get(k.symbol());
                if (b != null) {
                    assertTrue(host.get(k) <= b, k.symbol() + ": the host launches " + host.get(k)
                            + " threads (device preference " + preferred + "), __launch_bounds__(" + b + ")");
                }
            }
        }
    }

    /** One entry point's resources on one architecture, from the ptxas report. */
    record Ptxas(int registers, int staticShared, int spillStores, int spillLoads) {}

    /** (symbol, arch) → resources, parsed as kernels/ptxas-table.py does. */
    static Map<String, Ptxas> report(List<String> lines) {
        Map<String, Ptxas> out = new HashMap<>();
        Pattern compiling = Pattern.compile("Compiling entry function '(\\w+)' for '(sm_\\d+)'");
        Pattern props = Pattern.compile("Function properties for (\\w+)");
        Pattern spills = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");
        Pattern used = Pattern.compile("Used (\\d+) registers");
        Pattern smem = Pattern.compile("(\\d+) bytes smem");
        String entry = null, arch = null;
        int st = 0, ld = 0;
        for (String line : lines) {
            Matcher m = compiling.matcher(line);
            if (m.find()) {
                entry = m.group(1);
                arch = m.group(2);
                st = ld = 0;
                continue;
            }
            m = props.matcher(line);
            if (m.find() && !m.group(1).equals(entry)) {
                entry = null;  // a device function's properties
                continue;
            }
            if (entry == null) continue;
            m = spills.matcher(line);
            if (m.find()) {
                st = Integer.parseInt(m.group(1));
                ld = Integer.parseInt(m.group(2));
            }
            m = used.matcher(line);
            if (m.find()) {
                Matcher s = smem.matcher(line);
                out.put(entry + " " + arch, new Ptxas(Integer.parseInt(m.group(1)), s.find() ? Integer.parseInt(s.group(1)) : 0, st, ld));
                entry = null;
            }
        }
        return out;
    }

    /** Registers a block of {@code threads} takes: per warp, registers × 32 rounded up to the allocation unit. */
    static long blockRegisters(int threads, int registersPerThread) {
        long warps = (threads + 31) / 32;
        long perWarp = ((long) registersPerThread * 32 + REGISTER_UNIT - 1) / REGISTER_UNIT * REGISTER_UNIT;
        return warps * perWarp;
    }

    @Test
    void theRegisterArithmeticRoundsPerWarp() {
        assertEquals(21 * 256 * 4, blockRegisters(128, 168));      // modes: 5376 a warp
        assertEquals(80 * 32 * 8, blockRegisters(256, 78));         // 78 → 80 a thread
        assertEquals(65536, blockRegisters(256, 255));              // the most a block of 256 may use
        assertTrue(blockRegisters(1024, 65) > REGISTERS_PER_BLOCK); // what cuLaunchKernel refuses
    }

    @Test
    void everyBlockTheHostLaunchesFitsTheRegistersAndSharedMemoryOfTheBuiltKernels() throws IOException {
        assumeTrue(Files.isRegularFile(REPORT),
                () -> REPORT + " absent: the build had no nvcc (kernels/build-fatbin.sh), nothing to check");
        Map<String, Ptxas> report = report(Files.readAllLines(REPORT));
        Map<Kernel, Integer> host = hostMaxThreads(JCudaDevice.BLOCK_THREADS);
        Map<Kernel, Integer> allowance = staticSharedAllowance();
        List<String> problems = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            for (String arch : List.of("sm_80", "sm_90")) {
                Ptxas p = report.get(k.symbol() + " " + arch);
                if (p == null) {
                    problems.add(k.symbol() + " " + arch + ": not in the report");
                    continue;
                }
                long regs = blockRegisters(host.get(k), p.registers());
                if (p.registers() > MAX_REGISTERS_PER_THREAD || regs > REGISTERS_PER_BLOCK) {
                    problems.add(k.symbol() + " " + arch + ": " + host.get(k) + " threads × " + p.registers()
                            + " registers = " + regs + " > " + REGISTERS_PER_BLOCK);
                }
                if (p.staticShared() > allowance.get(k)) {
                    problems.add(k.symbol() + " " + arch + ": " + p.staticShared() + " bytes of static shared memory, the host leaves "
                            + allowance.get(k) + " beside its dynamic shared memory");
                }
                if (p.spillStores() != 0 || p.spillLoads() != 0) {
                    problems.add(k.symbol() + " " + arch + ": spills " + p.spillStores() + " / " + p.spillLoads() + " bytes");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The kernels count a block's layers (Lmax·N², sample_layers), one layer (N²), the wormhole's
     * n·k draws and a Newton point's scratch (3N² + 11N) in 32-bit ints: the plans refuse, as a
     * usage error, exactly the shapes past 2^31 − 1 elements (only reachable with ≥ 16 GiB of
     * global workspace), and accept the largest below.
     */
    @Test
    void thePlansRefuseShapesPastTheKernels32BitElementIndices() {
        int big = 1024, sh = SHARED;
        // Lmax·N²: 8·16384² = 2^31 overflows, 7·16384² does not.
        assertThrows(DoesNotFitException.class, () -> IterateMapPlan.of(16384, 8, 1, 1, 1, big, sh));
        assertDoesNotThrow(() -> IterateMapPlan.of(16384, 7, 1, 1, 1, big, sh));
        assertThrows(DoesNotFitException.class, () -> LyapunovMapPlan.of(16384, 8, 1, 1, false, big, sh));
        assertDoesNotThrow(() -> LyapunovMapPlan.of(16384, 7, 1, 1, false, big, sh));
        assertThrows(DoesNotFitException.class, () -> ModesPlan.of(16384, 8, 1, 1, 1, 1, 8, big, sh));
        assertDoesNotThrow(() -> ModesPlan.of(16384, 8, 1, 1, 1, 1, 7, big, sh));   // D_b = 7 layers kept
        assertThrows(DoesNotFitException.class, () -> NewtonMapPlan.of(16384, 8, 1, false, big, sh));
        assertDoesNotThrow(() -> NewtonMapPlan.of(16384, 7, 1, false, big, sh));
        // 3N² + 11N: 2 147 623 842 at N = 26754, 2 147 463 310 at N = 26753.
        assertThrows(DoesNotFitException.class, () -> NewtonMapPlan.of(26754, 1, 1, true, big, sh));
        assertDoesNotThrow(() -> NewtonMapPlan.of(26753, 1, 1, true, big, sh));
        // N² of one layer: 46341² > 2^31 − 1 ≥ 46340².
        assertThrows(DoesNotFitException.class, () -> JacobianSpectraPlan.of(46341, 1, 1, false, false, big, sh));
        assertDoesNotThrow(() -> JacobianSpectraPlan.of(46340, 1, 1, false, false, big, sh));
        assertThrows(DoesNotFitException.class, () -> LyapunovPlan.of(46341, 1, 1, 1, false, big, sh));
        assertDoesNotThrow(() -> LyapunovPlan.of(46340, 1, 1, 1, false, big, sh));
        // n·k Philox elements of the wormhole's R.
        assertThrows(DoesNotFitException.class, () -> WormholePlan.of(2, 1 << 30, 1, 1, 0, big, sh));
        assertDoesNotThrow(() -> WormholePlan.of(2, (1 << 30) - 1, 1, 1, 0, big, sh));
        DoesNotFitException e = assertThrows(DoesNotFitException.class, () -> IterateMapPlan.of(16384, 8, 1, 1, 1, big, sh));
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    }
}
