package io.netdyn.testing;

import io.netdyn.model.Architecture;
import io.netdyn.model.TensorSampler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helpers over the main {@link io.netdyn.io.weights.NpzWriter}: .npy (v1) / .npz files of
 * float64 (or raw bytes under any descr), written deflated as numpy.savez_compressed does, and
 * the export of sampled networks.
 */
public final class NpzWriter {
    private NpzWriter() {}

    /** A .npy v1 file: header for {@code descr}, {@code fortran}, {@code shape}, then {@code data} as is. */
    public static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
        return io.netdyn.io.weights.NpzWriter.npy(descr, fortran, shape, data);
    }

    /** float64 C-order .npy. */
    public static byte[] f8(int[] shape, double[] values) {
        return io.netdyn.io.weights.NpzWriter.f8(shape, values);
    }

    public static byte[] le(double[] values) {
        return io.netdyn.io.weights.NpzWriter.le(values);
    }

    /** Writes {@code members} (name → .npy bytes) as an .npz (deflated zip of NAME.npy). */
    public static void write(Path file, Map<String, byte[]> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            io.netdyn.io.weights.NpzWriter.write(out, members, true);
        }
    }

    /**
     * Exports networks 0..count-1 of {@code arch} (depth arch.depth()) under {@code seed}, as
     * TensorSampler draws them, to an .npz: W_l (count, N, N) and b_l (count, N).
     */
    public static void exportSampled(Path file, Architecture arch, long seed, int count) throws IOException {
        int n = arch.width(), nn = n * n;
        TensorSampler sampler = new TensorSampler(arch, seed);
        Map<String, byte[]> members = new LinkedHashMap<>();
        double[] w = new double[nn], b = new double[n];
        for (int l = 1; l <= arch.depth(); l++) {
            double[] ws = new double[count * nn], bs = new double[count * n];
            for (int k = 0; k < count; k++) {
                sampler.weights(k, l, w);
                sampler.biases(k, l, b);
                System.arraycopy(w, 0, ws, k * nn, nn);
                System.arraycopy(b, 0, bs, k * n, n);
            }
            members.put("W" + l, f8(new int[] {count, n, n}, ws));
            members.put("b" + l, f8(new int[] {count, n}, bs));
        }
        write(file, members);
    }

    /** Raw bytes helper for hand-made files. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
