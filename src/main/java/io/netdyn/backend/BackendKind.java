package io.netdyn.backend;

import java.util.Locale;

/** Which backend a run asks for: a concrete one, or {@link #AUTO} (cuda when usable, else cpu). */
public enum BackendKind {
    CPU("cpu"),
    CUDA("cuda"),
    /** The CUDA backend's kernels and host code on the kernel emulator: testing only. */
    CUDA_EMU("cuda-emu"),
    AUTO("auto");

    private final String label;

    BackendKind(String label) { this.label = label; }

    /** The name users type and files record ("cpu", "cuda", "cuda-emu", "auto"). */
    public String label() { return label; }

    /** The kind named {@code text} (case and surrounding blanks ignored). */
    public static BackendKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (BackendKind k : values()) if (k.label.equals(t)) return k;
        throw new IllegalArgumentException("expected cpu, cuda, auto or cuda-emu, got '" + text + "'");
    }

    @Override public String toString() { return label; }
}
