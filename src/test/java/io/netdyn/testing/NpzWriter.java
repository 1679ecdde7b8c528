package io.netdyn.testing;

import io.netdyn.model.Architecture;
import io.netdyn.model.TensorSampler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A tiny .npy (v1) / .npz writer for tests: arrays of float64 (or raw bytes under any descr). */
public final class NpzWriter {
    private NpzWriter() {}

    /** A .npy v1 file: header for {@code descr}, {@code fortran}, {@code shape}, then {@code data} as is. */
    public static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + dims + "), }");
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header).put(data);
        return bb.array();
    }

    /** float64 C-order .npy. */
    public static byte[] f8(int[] shape, double[] values) {
        return npy("<f8", false, shape, le(values));
    }

    public static byte[] le(double[] values) {
        ByteBuffer bb = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) bb.putDouble(v);
        return bb.array();
    }

    /** Writes {@code members} (name → .npy bytes) as an .npz (deflated zip of NAME.npy). */
    public static void write(Path file, Map<String, byte[]> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
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
