package io.netdyn.simd;

/**
 * Whether the CPU kernels take their vector forms (the JDK's Vector API, module
 * {@code jdk.incubator.vector}). Every vector kernel does the scalar kernel's operations in the
 * scalar kernel's order — lanes run over independent sums, or over the four accumulators a
 * scalar loop keeps — so both give the same bits and the scalar form stays the oracle
 * (docs/performance.md, "SIMD").
 *
 * <p>On when the module is in the boot layer (launched with {@code --add-modules
 * jdk.incubator.vector}; {@code netdyn sweep} re-launches itself with it for large sweeps), the
 * processor has 256-bit vectors of doubles, and neither {@code NETDYN_SIMD=off} nor
 * {@code -Dnetdyn.simd=off} is set.
 */
public final class Simd {
    private Simd() {}

    /** The module the vector kernels need. */
    public static final String MODULE = "jdk.incubator.vector";

    /** Whether the vector kernels run. Constant for the JVM's life, so the JIT drops the unused branch. */
    public static final boolean ON;
    private static final String STATUS;

    static {
        String why;
        if (disabled()) why = "off (NETDYN_SIMD=off)";
        else if (!moduleLoaded()) why = "off (the JVM was started without --add-modules " + MODULE + ")";
        else why = Lanes.check();
        ON = why == null;
        STATUS = ON ? "on (" + Lanes.describe() + ")" : why;
    }

    /** Whether the user turned the vector kernels off: NETDYN_SIMD=off or -Dnetdyn.simd=off. */
    public static boolean disabled() {
        return isOff(System.getProperty("netdyn.simd")) || isOff(System.getenv("NETDYN_SIMD"));
    }

    private static boolean isOff(String setting) {
        return setting != null && setting.trim().equalsIgnoreCase("off");
    }

    /** Whether {@link #MODULE} is in the boot layer. */
    public static boolean moduleLoaded() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** "on (…)" or "off (reason)", for {@code netdyn info} and notices. */
    public static String status() { return STATUS; }
}
