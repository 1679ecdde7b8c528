package io.netdyn.io.weights;

import io.netdyn.model.NetworkWeights;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes .npy (format 1.0) arrays and .npz files (a zip of {@code NAME.npy} members, as
 * {@code numpy.savez} writes them), the files {@link NpzReader} and {@code numpy.load} read.
 *
 * <p>{@link #writeNetworks} writes networks in the {@code --weights} layout of docs/model.md:
 * {@code W1..WL} of shape (B, N, N) and {@code b1..bL} of shape (B, N), float64 little-endian,
 * C order, members stored uncompressed in the order W1, b1, W2, b2, …. The bytes are a function
 * of the weights only: every zip entry carries the same fixed time stamp (1980-01-01 00:00, the
 * earliest a zip can hold), so equal networks give equal files.
 */
public final class NpzWriter {
    private NpzWriter() {}

    /** The time stamp of every member (zip times are local DOS times; this one is written as is). */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** The header of a .npy v1 file for {@code descr}, {@code fortran}, {@code shape} (padded to 64 bytes). */
    public static byte[] npyHeader(String descr, boolean fortran, int[] shape) {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + dims + "), }");
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        return bb.array();
    }

    /** A .npy v1 file: header for {@code descr}, {@code fortran}, {@code shape}, then {@code data} as is. */
    public static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
        byte[] header = npyHeader(descr, fortran, shape);
        byte[] all = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, all, header.length, data.length);
        return all;
    }

    /** A float64 C-order .npy. */
    public static byte[] f8(int[] shape, double[] values) {
        return npy("<f8", false, shape, le(values));
    }

    /** {@code values} as little-endian float64 bytes. */
    public static byte[] le(double[] values) {
        ByteBuffer bb = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) bb.putDouble(v);
        return bb.array();
    }

    /** Writes {@code members} (name → .npy bytes) as an .npz of {@code NAME.npy} members, stored uncompressed. */
    public static void write(Path file, Map<String, byte[]> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, members, false);
        }
    }

    /**
     * Writes {@code members} (name → .npy bytes) as an .npz to {@code out} (left open), deflated
     * ({@code numpy.savez_compressed}) or stored ({@code numpy.savez}).
     */
    public static void write(OutputStream out, Map<String, byte[]> members, boolean deflate) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            byte[] bytes = e.getValue();
            ZipEntry entry = entry(e.getKey());
            if (!deflate) {
                CRC32 crc = new CRC32();
                crc.update(bytes);
                stored(entry, bytes.length, crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish();
    }

    /**
     * Writes networks 0..B−1 (one width and depth) as an .npz in the {@code --weights} layout to
     * {@code out} (left open): W_l (B, N, N) row-major with row i the output unit i, b_l (B, N).
     * Streams one network's layer at a time (the weights are not copied whole).
     */
    public static void writeNetworks(OutputStream out, List<NetworkWeights> networks) throws IOException {
        if (networks.isEmpty()) throw new IllegalArgumentException("no networks to write");
        int n = networks.get(0).width(), depth = networks.get(0).depth(), count = networks.size();
        for (NetworkWeights w : networks) {
            if (w.width() != n || w.depth() != depth) throw new IllegalArgumentException("networks must share width and depth");
        }
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        for (int l = 0; l < depth; l++) {
            final int layer = l;
            member(zip, "W" + (l + 1), new int[] {count, n, n}, 8L * count * n * n, sink -> {
                for (NetworkWeights w : networks) sink.accept(w.w()[layer]);
            });
            member(zip, "b" + (l + 1), new int[] {count, n}, 8L * count * n, sink -> {
                for (NetworkWeights w : networks) sink.accept(w.b()[layer]);
            });
        }
        zip.finish();
    }

    /** Writes {@code networks} to {@code file} (see {@link #writeNetworks(OutputStream, List)}). */
    public static void writeNetworks(Path file, List<NetworkWeights> networks) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeNetworks(out, networks);
        }
    }

    /** Source of a member's float64 data: calls the sink with consecutive blocks of values. */
    private interface Blocks {
        void each(Consumer<double[]> sink) throws IOException;
    }

    /** One stored float64 member: a first pass for the CRC (zip needs it before the data), a second to write. */
    private static void member(ZipOutputStream zip, String name, int[] shape, long dataBytes, Blocks data) throws IOException {
        byte[] header = npyHeader("<f8", false, shape);
        CRC32 crc = new CRC32();
        crc.update(header);
        data.each(block -> crc.update(le(block)));
        ZipEntry entry = entry(name);
        stored(entry, header.length + dataBytes, crc.getValue());
        zip.putNextEntry(entry);
        zip.write(header);
        IOException[] failed = new IOException[1];
        data.each(block -> {
            if (failed[0] != null) return;
            try {
                zip.write(le(block));
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) throw failed[0];
        zip.closeEntry();
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name + ".npy");
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    private static void stored(ZipEntry entry, long size, long crc) {
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
    }

    /** The arrays of {@code networks} by name, as {@link #writeNetworks} writes them (for small sets). */
    public static Map<String, byte[]> members(List<NetworkWeights> networks) {
        int n = networks.get(0).width(), count = networks.size();
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int l = 0; l < networks.get(0).depth(); l++) {
            double[] ws = new double[count * n * n], bs = new double[count * n];
            for (int k = 0; k < count; k++) {
                System.arraycopy(networks.get(k).w()[l], 0, ws, k * n * n, n * n);
                System.arraycopy(networks.get(k).b()[l], 0, bs, k * n, n);
            }
            m.put("W" + (l + 1), f8(new int[] {count, n, n}, ws));
            m.put("b" + (l + 1), f8(new int[] {count, n}, bs));
        }
        return m;
    }

    /** Lets the zip finish its central directory without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override
        public void close() throws IOException { flush(); }
    }
}
