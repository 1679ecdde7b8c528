package io.netdyn.io.weights;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an .npz file (numpy.savez, stored, or savez_compressed, deflated: a zip of .npy
 * members {@code NAME.npy}) into arrays by NAME. Zip64 members (numpy writes them) are fine.
 */
public final class NpzReader {
    private NpzReader() {}

    public static Map<String, NdArray> read(Path file) throws IOException {
        return read(file, false);
    }

    /** As {@link #read(Path)}; with {@code integers} int32 and int64 arrays are read too (as doubles). */
    public static Map<String, NdArray> read(Path file, boolean integers) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String member = e.getName();
                String name = member.endsWith(".npy") ? member.substring(0, member.length() - 4) : member;
                String where = file + ": array " + name;
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (ZipException | EOFException ex) {
                    throw new IllegalArgumentException(where + ": truncated or corrupt zip member (" + ex.getMessage() + ")");
                }
                if (!member.endsWith(".npy")) throw new IllegalArgumentException(file + ": member '" + member
                        + "' is not a .npy array");
                if (out.containsKey(name)) {
                    throw new IllegalArgumentException(file + ": member '" + member + "' appears more than once "
                            + "(an array must be stored once)");
                }
                out.put(name, Npy.read(bytes, name, where, integers));
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + ": not a zip (.npz) file, or truncated (" + e.getMessage() + ")");
        }
        return out;
    }
}
