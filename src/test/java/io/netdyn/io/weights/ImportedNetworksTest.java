package io.netdyn.io.weights;

import static io.netdyn.io.weights.NpyTest.fixture;
import static io.netdyn.io.weights.NpyTest.w;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.NetworkWeights;
import io.netdyn.testing.NpzWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights files and the naming convention. The fixtures in src/test/resources/io/netdyn/io/weights
 * were written once by numpy 2.4 with (run from the repository root):
 * <pre>
 * import numpy as np, json, struct
 * B, N, L = 2, 3, 2
 * def W(l): return np.array([[[0.1*l - 0.05*k + 0.01*(3*i + j) - 0.04 for j in range(N)] for i in range(N)] for k in range(B)])
 * b1 = np.array([[0.5*k - 0.1*i for i in range(N)] for k in range(B)])
 * d = 'src/test/resources/io/netdyn/io/weights/'
 * np.savez(d + 'two_nets_f8.npz', W1=W(1), W2=W(2), b1=b1)                      # stored, &lt;f8, C order
 * np.savez_compressed(d + 'two_nets_f4.npz', W1=W(1).astype('&lt;f4'),
 *                     W2=np.asfortranarray(W(2).astype('&lt;f4')), b1=b1.astype('&lt;f4'))  # deflated, &lt;f4, W2 fortran_order
 * with open(d + 'v2_fortran.npy', 'wb') as f: np.lib.format.write_array(f, np.asfortranarray(W(1)[0]), version=(2, 0))
 * with open(d + 'v3_f4.npy', 'wb') as f: np.lib.format.write_array(f, W(2).astype('&lt;f4'), version=(3, 0))
 * def safetensors(path, tensors):
 *     header, off, blobs = {}, 0, []
 *     for name, a in tensors.items():
 *         raw = np.ascontiguousarray(a).tobytes()
 *         header[name] = {'dtype': {'&lt;f8': 'F64', '&lt;f4': 'F32'}[a.dtype.str], 'shape': list(a.shape), 'data_offsets': [off, off + len(raw)]}
 *         off += len(raw); blobs.append(raw)
 *     h = json.dumps(header).encode(); h += b' ' * (-len(h) % 8)
 *     open(path, 'wb').write(struct.pack('&lt;Q', len(h)) + h + b''.join(blobs))
 * safetensors(d + 'two_nets.safetensors', {'W1': W(1), 'W2': W(2).astype('&lt;f4'), 'b1': b1})
 * </pre>
 */
class ImportedNetworksTest {
    static final DoubleUnaryOperator EXACT = x -> x, FLOAT = x -> (float) x;

    /** The fixtures' networks: W_l[k] by the formula, b1[k, i] = 0.5k - 0.1i, b2 = 0. */
    private static void assertTwoNets(ImportedNetworks nets, DoubleUnaryOperator w1, DoubleUnaryOperator w2, DoubleUnaryOperator b) {
        assertEquals(2, nets.count());
        assertEquals(3, nets.width());
        assertEquals(2, nets.depth());
        for (int k = 0; k < 2; k++) {
            NetworkWeights net = nets.networks().get(k);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(w1.applyAsDouble(w(1, k, i, j)), net.w()[0][3 * i + j], "W1");
                    assertEquals(w2.applyAsDouble(w(2, k, i, j)), net.w()[1][3 * i + j], "W2");
                }
                assertEquals(b.applyAsDouble(0.5 * k - 0.1 * i), net.b()[0][i], "b1");
                assertEquals(0.0, net.b()[1][i], "missing b2 is zero");
            }
        }
    }

    @Test
    void storedFloat64Npz() throws Exception {
        ImportedNetworks nets = ImportedNetworks.read(fixture("two_nets_f8.npz"));
        assertTwoNets(nets, EXACT, EXACT, EXACT);
        assertEquals("imported:two_nets_f8", nets.label());
        assertEquals(64, nets.sha256().length());
    }

    @Test
    void deflatedFloat32NpzWithAFortranOrderLayer() throws Exception {
        assertTwoNets(ImportedNetworks.read(fixture("two_nets_f4.npz")), FLOAT, FLOAT, FLOAT);
    }

    @Test
    void safetensorsOfMixedPrecision() throws Exception {
        ImportedNetworks st = ImportedNetworks.read(fixture("two_nets.safetensors"));
        assertTwoNets(st, EXACT, FLOAT, EXACT);
        assertEquals("imported:two_nets", st.label(), "labelled by the file stem whatever the format");
        assertEquals("nets", ImportedNetworks.stem("nets.npz"));
        assertEquals("nets", ImportedNetworks.stem("nets.safetensors"));
        assertEquals("my.nets", ImportedNetworks.stem("my.nets.npz"));
        assertEquals("nets", ImportedNetworks.stem("nets"));
    }

    @Test
    void singleNetworkAndSlices(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("one.npz");
        NpzWriter.write(f, Map.of("W1", NpzWriter.f8(new int[] {2, 2}, new double[] {1, 2, 3, 4}),
                "W2", NpzWriter.f8(new int[] {2, 2}, new double[] {5, 6, 7, 8}), "b2", NpzWriter.f8(new int[] {2}, new double[] {9, 10})));
        ImportedNetworks one = ImportedNetworks.read(f);
        assertEquals(1, one.count());
        assertArrayEquals(new double[] {9, 10}, one.networks().get(0).b()[1]);
        assertEquals(1, one.slice(0, 1, 1).get(0).depth());
        ImportedNetworks two = ImportedNetworks.read(fixture("two_nets_f8.npz"));
        assertEquals(w(2, 1, 0, 0), two.slice(1, 1, 2).get(0).w()[1][0]);
        assertThrows(IllegalArgumentException.class, () -> two.slice(1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> two.slice(0, 1, 3));
    }

    // ---- every error names the file, the array and the problem ----

    private static String error(Path dir, String name, Map<String, byte[]> members) throws Exception {
        Path f = dir.resolve(name);
        NpzWriter.write(f, members);
        return assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(f)).getMessage();
    }

    private static byte[] square(int n) { return NpzWriter.f8(new int[] {n, n}, new double[n * n]); }

    private static Map<String, byte[]> arrays(Object... kv) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (byte[]) kv[i + 1]);
        return m;
    }

    private static void assertMessage(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' not in: " + message);
    }

    @Test
    void conventionErrors(@TempDir Path dir) throws Exception {
        assertMessage(error(dir, "gap.npz", arrays("W1", square(3), "W3", square(3))), "gap.npz", "missing array W2 while W3 exists");
        assertMessage(error(dir, "nosq.npz", arrays("W1", NpzWriter.f8(new int[] {3, 2}, new double[6]))),
                "nosq.npz", "array W1", "(3, 2)", "square");
        assertMessage(error(dir, "n.npz", arrays("W1", square(3), "W2", square(4))), "n.npz", "array W2", "(4, 4)", "same B and N");
        assertMessage(error(dir, "bb.npz", arrays("W1", NpzWriter.f8(new int[] {2, 3, 3}, new double[18]),
                "W2", NpzWriter.f8(new int[] {3, 3, 3}, new double[27]))), "bb.npz", "array W2", "(3, 3, 3)", "same B and N");
        assertMessage(error(dir, "bias.npz", arrays("W1", square(3), "b1", NpzWriter.f8(new int[] {4}, new double[4]))),
                "bias.npz", "array b1", "(4,)", "expected (3,)");
        assertMessage(error(dir, "bias3.npz", arrays("W1", NpzWriter.f8(new int[] {2, 3, 3}, new double[18]),
                "b1", NpzWriter.f8(new int[] {3}, new double[3]))), "bias3.npz", "array b1", "expected (2, 3)");
        double[] nan = new double[9];
        nan[5] = Double.NaN;
        assertMessage(error(dir, "nan.npz", arrays("W1", NpzWriter.f8(new int[] {3, 3}, nan))), "nan.npz", "array W1",
                "non-finite entry NaN at [1, 2]");
        assertMessage(error(dir, "inf.npz", arrays("W1", square(2), "b1", NpzWriter.f8(new int[] {2},
                new double[] {0, Double.NEGATIVE_INFINITY}))), "inf.npz", "array b1", "-Infinity");
        assertMessage(error(dir, "dtype.npz", arrays("W1", NpzWriter.npy("<i8", false, new int[] {2, 2}, new byte[32]))),
                "dtype.npz", "array W1", "unsupported dtype '<i8'");
        assertMessage(error(dir, "torch.npz", arrays("layer.weight", square(2))), "torch.npz", "unexpected array 'layer.weight'");
        assertMessage(error(dir, "mixed.npz", arrays("W1", square(2), "0.weight", square(2))), "mixed.npz", "mixes W1..WL names",
                "0.weight");
        assertMessage(error(dir, "now1.npz", arrays("W2", square(2))), "now1.npz", "no array W1");
        assertMessage(error(dir, "orphan.npz", arrays("W1", square(2), "b2", NpzWriter.f8(new int[] {2}, new double[2]))),
                "orphan.npz", "array b2 has no W2");
        assertMessage(error(dir, "rank.npz", arrays("W1", NpzWriter.f8(new int[] {4}, new double[4]))), "rank.npz", "(4,)",
                "expected (N, N) or (B, N, N)");
        byte[] good = square(3);
        assertMessage(error(dir, "short.npz", arrays("W1", Arrays.copyOf(good, good.length - 8))),
                "short.npz", "array W1", "truncated data");
    }

    @Test
    void fileLevelErrors(@TempDir Path dir) throws Exception {
        Path notZip = dir.resolve("junk.npz");
        Files.writeString(notZip, "hello, not a zip");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(notZip)).getMessage(),
                "junk.npz", "not a zip (.npz) file");
        Path cut = dir.resolve("cut.npz");
        byte[] whole = Files.readAllBytes(fixture("two_nets_f8.npz"));
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(cut)).getMessage(), "cut.npz");
        Path notSt = dir.resolve("junk.safetensors");
        Files.writeString(notSt, "definitely not safetensors");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(notSt)).getMessage(),
                "junk.safetensors", "not a safetensors file");
        Path plain = dir.resolve("weights.bin");             // no known extension: by content
        Files.write(plain, whole);
        assertEquals(2, ImportedNetworks.read(plain).count());
        assertThrows(NoSuchFileException.class, () -> ImportedNetworks.read(dir.resolve("absent.npz")));
    }

    private static Path safetensors(Path dir, String name, String header, byte[] data) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(h.length).put(h).put(data);
        Path f = dir.resolve(name);
        Files.write(f, bb.array());
        return f;
    }

    @Test
    void safetensorsErrors(@TempDir Path dir) throws Exception {
        byte[] data = NpzWriter.le(new double[] {1, 2, 3, 4});
        Path ok = safetensors(dir, "ok.safetensors",
                "{\"__metadata__\":{\"format\":\"pt\"},\"W1\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]}}", data);
        assertArrayEquals(new double[] {1, 2, 3, 4}, ImportedNetworks.read(ok).networks().get(0).w()[0]);
        Path bf16 = safetensors(dir, "bf16.safetensors", "{\"W1\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", data);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(bf16)).getMessage(),
                "bf16.safetensors", "array W1", "unsupported dtype 'BF16'");
        Path cut = safetensors(dir, "cut.safetensors", "{\"W1\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]}}",
                Arrays.copyOf(data, 24));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(cut)).getMessage(),
                "cut.safetensors", "array W1", "truncated data");
        Path off = safetensors(dir, "off.safetensors", "{\"W1\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,24]}}", data);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(off)).getMessage(),
                "off.safetensors", "array W1", "data_offsets");
        Path nosq = safetensors(dir, "nosq.safetensors", "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1,4],\"data_offsets\":[0,16]}}", data);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(nosq)).getMessage(),
                "nosq.safetensors", "array W1", "(1, 4)");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ImportedNetworks.read(huge)).getMessage(),
                "huge.safetensors", "not a safetensors file, or truncated");
    }
}
