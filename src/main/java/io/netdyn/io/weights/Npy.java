package io.netdyn.io.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy .npy format (versions 1.0, 2.0, 3.0): the magic {@code \x93NUMPY}, a major and
 * minor version byte, the header length (uint16 LE in v1, uint32 LE in v2/v3), a Python dict
 * literal such as {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 3), }}
 * (latin-1; UTF-8 in v3), then the raw data.
 *
 * <p>Only little-endian floats are read: descr {@code <f8} (float64) and {@code <f4}
 * (float32, widened exactly to double); anything else is refused naming the dtype.
 * {@code fortran_order: True} arrays (column-major, what numpy writes for a Fortran-contiguous
 * array) are read and reordered to C order, so a transposed or {@code np.asfortranarray} copy
 * of a matrix reads as the same matrix.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** The parsed header: dtype string, order, shape, and where the data starts. */
    public record Header(String descr, boolean fortranOrder, int[] shape, int dataOffset) {}

    /**
     * Parses the header of {@code bytes}; {@code where} (file and array) starts every error
     * message.
     */
    public static Header header(byte[] bytes, String where) {
        if (bytes.length < 10) throw new IllegalArgumentException(where + ": truncated .npy (" + bytes.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) throw new IllegalArgumentException(where + ": not a .npy array (bad magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new IllegalArgumentException(where + ": truncated .npy header");
            headerLength = bb.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IllegalArgumentException(where + ": unsupported .npy version " + major + "." + (bytes[7] & 0xff));
        }
        if (start + headerLength > bytes.length) throw new IllegalArgumentException(where + ": truncated .npy header");
        String dict = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, dict, "descr", where);
        boolean fortran = group(FORTRAN, dict, "fortran_order", where).equals("True");
        int[] shape = shape(group(SHAPE, dict, "shape", where), where);
        return new Header(descr, fortran, shape, (int) (start + headerLength));
    }

    /** Reads one .npy array (the whole file's bytes) as {@code name}. */
    public static NdArray read(byte[] bytes, String name, String where) {
        return read(bytes, name, where, false);
    }

    /**
     * As {@link #read(byte[], String, String)}; with {@code integers} also little-endian int32
     * ({@code <i4}) and int64 ({@code <i8}) arrays, as doubles (an int64 beyond 2^53 is rounded;
     * the training-data reader's label checks refuse such values anyway).
     */
    public static NdArray read(byte[] bytes, String name, String where, boolean integers) {
        Header h = header(bytes, where);
        boolean integer = integers && (h.descr().equals("<i4") || h.descr().equals("<i8"));
        int size = switch (h.descr()) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            case "<i8" -> { if (integers) yield 8; throw unsupported(h, where, integers); }
            case "<i4" -> { if (integers) yield 4; throw unsupported(h, where, integers); }
            default -> throw unsupported(h, where, integers);
        };
        int count = NdArray.elements(h.shape(), where);
        long need = (long) count * size;
        if (bytes.length - h.dataOffset() < need) {
            throw new IllegalArgumentException(where + ": truncated data: shape " + NdArray.shapeText(h.shape()) + " of "
                    + h.descr() + " needs " + need + " bytes, the file has " + (bytes.length - h.dataOffset()));
        }
        double[] raw = integer ? decodeIntegers(bytes, h.dataOffset(), count, size) : decode(bytes, h.dataOffset(), count, size);
        return new NdArray(name, h.shape(), h.fortranOrder() ? fortranToC(raw, h.shape()) : raw);
    }

    private static IllegalArgumentException unsupported(Header h, String where, boolean integers) {
        return new IllegalArgumentException(where + ": unsupported dtype '" + h.descr()
                + (integers ? "' (only little-endian float64 '<f8', float32 '<f4', int64 '<i8' and int32 '<i4')"
                            : "' (only little-endian float64 '<f8' and float32 '<f4')"));
    }

    /** {@code count} little-endian integers of {@code size} bytes (4 or 8) from {@code offset}, as doubles. */
    static double[] decodeIntegers(byte[] bytes, int offset, int count, int size) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[count];
        if (size == 8) {
            for (int i = 0; i < count; i++) out[i] = bb.getLong(offset + 8 * i);
        } else {
            for (int i = 0; i < count; i++) out[i] = bb.getInt(offset + 4 * i);
        }
        return out;
    }

    /** {@code count} little-endian floats of {@code size} bytes (4 or 8) from {@code offset}, as doubles. */
    static double[] decode(byte[] bytes, int offset, int count, int size) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[count];
        if (size == 8) {
            for (int i = 0; i < count; i++) out[i] = bb.getDouble(offset + 8 * i);
        } else {
            for (int i = 0; i < count; i++) out[i] = bb.getFloat(offset + 4 * i);
        }
        return out;
    }

    /**
     * Column-major → row-major: element (i0..ik) is at Σ i_j·∏_{m<j} s_m in Fortran order and
     * at Σ i_j·∏_{m>j} s_m in C order. Walks the C index with a Fortran-offset odometer.
     */
    static double[] fortranToC(double[] f, int[] shape) {
        int k = shape.length;
        if (k < 2) return f;
        long[] fStride = new long[k];
        long s = 1;
        for (int j = 0; j < k; j++) { fStride[j] = s; s *= shape[j]; }
        double[] c = new double[f.length];
        int[] idx = new int[k];
        long off = 0;
        for (int e = 0; e < c.length; e++) {
            c[e] = f[(int) off];
            for (int j = k - 1; j >= 0; j--) {              // increment the last index first (C order)
                if (++idx[j] < shape[j]) { off += fStride[j]; break; }
                off -= (long) (shape[j] - 1) * fStride[j];
                idx[j] = 0;
            }
        }
        return c;
    }

    private static String group(Pattern p, String dict, String key, String where) {
        Matcher m = p.matcher(dict);
        if (!m.find()) throw new IllegalArgumentException(where + ": .npy header has no '" + key + "': " + dict.trim());
        return m.group(1);
    }

    private static int[] shape(String text, String where) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.endsWith("L")) t = t.substring(0, t.length() - 1);     // Python 2 longs
            if (t.isEmpty()) continue;
            try {
                long d = Long.parseLong(t);
                if (d < 0 || d > Integer.MAX_VALUE) throw new NumberFormatException();
                dims.add((int) d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": bad .npy shape (" + text + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
