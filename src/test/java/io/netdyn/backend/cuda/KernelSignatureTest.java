package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Java list of kernels ({@link Kernel}) and what was compiled agree: the emulator library
 * registers exactly these symbols with exactly these parameter types (derived by the C++
 * compiler from the kernels' declarations), and the fatbin holds exactly these entry points.
 * So a kernel can neither be launched with the wrong types nor be compiled but unreachable.
 */
class KernelSignatureTest {

    @Test
    void theEmulatorRegistersEveryKernelWithItsJavaSignature() {
        String why = EmulatorDevice.unavailableReason();
        assumeTrue(why == null, () -> "kernel emulator unavailable: " + why);
        Map<String, String> java = new LinkedHashMap<>();
        for (Kernel k : Kernel.values()) java.put(k.symbol(), k.signature());
        assertEquals(new TreeSet<>(java.entrySet().stream().map(Object::toString).toList()),
                new TreeSet<>(EmulatorNative.registry().entrySet().stream().map(Object::toString).toList()));
    }

    @Test
    void theFatbinHoldsEveryKernel() {
        String why = KernelImage.notBuiltReason();
        assumeTrue(why == null, () -> "fatbin not checked: " + why);
        String listed = KernelImage.properties().getProperty("kernels", "");
        assertEquals(new TreeSet<>(Arrays.stream(Kernel.values()).map(Kernel::symbol).toList()),
                new TreeSet<>(Arrays.asList(listed.trim().split("\\s+"))), "entry points ptxas compiled for the fatbin");
    }
}
