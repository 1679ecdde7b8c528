package io.netdyn.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JNI surface of {@code libnetdyn_emu.so} ({@code native/emu_jni.cpp}), loaded once.
 * The library is a classpath resource (built by {@code native/build-emulator.sh} into
 * target/classes, packed in the jar), copied to a fresh temporary file and loaded from there;
 * the system property {@code netdyn.emulator.library} names another file instead.
 */
final class EmulatorNative {
    static final String RESOURCE = "/native/linux-x86_64/libnetdyn_emu.so";
    static final String LIBRARY_PROPERTY = "netdyn.emulator.library";

    private EmulatorNative() {}

    /** Why the emulator cannot be used here, or null when it is loaded. */
    static String unavailableReason() { return Loader.REASON; }

    /** Symbol -> signature of every kernel compiled into the library. */
    static Map<String, String> registry() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : kernels().split("\n")) {
            if (line.isBlank()) continue;
            String[] p = line.split(" ", 2);
            m.put(p[0], p.length > 1 ? p[1] : "");
        }
        return m;
    }

    static void requireLoaded() {
        if (Loader.REASON != null) throw new IllegalStateException("the kernel emulator is unavailable: " + Loader.REASON);
    }

    static native String kernels();

    static native String compiler();

    static native long alloc(long bytes);

    static native void free(long address);

    static native void copyInDoubles(long address, long byteOffset, double[] src, int from, int count);

    static native void copyOutDoubles(long address, long byteOffset, double[] dst, int from, int count);

    static native void copyInInts(long address, long byteOffset, int[] src, int from, int count);

    static native void copyOutInts(long address, long byteOffset, int[] dst, int from, int count);

    static native void launch(String symbol, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                              int sharedBytes, String argCodes, long[] args);

    /** Loads the library on first use; REASON is null on success. */
    private static final class Loader {
        static final String REASON = load();

        private static String load() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "");
            if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                return "the emulator library is built for linux-x86_64 only (this is " + os + "-" + arch + ")";
            }
            try {
                String explicit = System.getProperty(LIBRARY_PROPERTY);
                if (explicit != null) {
                    System.load(Path.of(explicit).toAbsolutePath().toString());
                    return null;
                }
                try (InputStream in = EmulatorNative.class.getResourceAsStream(RESOURCE)) {
                    if (in == null) {
                        return "emulator not built (g++ was missing when netdyn was built; see target/native/emulator-status.txt)";
                    }
                    Path tmp = Files.createTempFile("netdyn_emu", ".so");
                    tmp.toFile().deleteOnExit();
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    System.load(tmp.toAbsolutePath().toString());
                }
                return null;
            } catch (IOException | RuntimeException | LinkageError e) {
                return "cannot load the emulator library: " + e;
            }
        }
    }
}
