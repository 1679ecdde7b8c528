package io.netdyn.io.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.testing.NpzWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The .npy header and data: versions 1 (written here) and 2/3 (numpy-written fixtures, see
 * {@link ImportedNetworksTest} for the Python that made them), float64 and float32, shapes,
 * Fortran order.
 */
class NpyTest {
    static Path fixture(String name) throws Exception {
        return Path.of(NpyTest.class.getResource(name).toURI());
    }

    /** The fixtures' values: W_l[k, i, j] (N = 3), the same expression as the Python. */
    static double w(int l, int k, int i, int j) {
        return 0.1 * l - 0.05 * k + 0.01 * (3 * i + j) - 0.04;
    }

    @Test
    void version1HeaderShapesAndValues() {
        double[] v = {1.5, -2, 3.25, 4, 5, 6};
        byte[] npy = NpzWriter.f8(new int[] {2, 3}, v);
        Npy.Header h = Npy.header(npy, "x");
        assertEquals("<f8", h.descr());
        assertFalse(h.fortranOrder());
        assertArrayEquals(new int[] {2, 3}, h.shape());
        assertEquals(0, h.dataOffset() % 64, "numpy pads the header to 64 bytes");
        NdArray a = Npy.read(npy, "a", "x");
        assertArrayEquals(v, a.data());
        assertEquals("(2, 3)", a.shapeText());
        assertArrayEquals(new int[] {4}, Npy.header(NpzWriter.f8(new int[] {4}, new double[4]), "x").shape());
        assertArrayEquals(new int[] {}, Npy.header(NpzWriter.f8(new int[] {}, new double[1]), "x").shape());
        assertEquals("(4,)", NdArray.shapeText(new int[] {4}));
    }

    @Test
    void version2FortranOrderIsTransposedToRowMajor() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("v2_fortran.npy"));
        assertEquals(2, bytes[6]);
        Npy.Header h = Npy.header(bytes, "v2");
        assertTrue(h.fortranOrder());
        assertEquals("<f8", h.descr());
        NdArray a = Npy.read(bytes, "W", "v2");
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(w(1, 0, i, j), a.data()[3 * i + j]);
    }

    @Test
    void version3Float32WidensExactly() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("v3_f4.npy"));
        assertEquals(3, bytes[6]);
        NdArray a = Npy.read(bytes, "W", "v3");
        assertArrayEquals(new int[] {2, 3, 3}, a.shape());
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) assertEquals((double) (float) w(2, k, i, j), a.data()[9 * k + 3 * i + j]);
            }
        }
    }

    @Test
    void fortranOrderOfThreeDimensions() {
        int[] shape = {2, 3, 4};
        double[] f = new double[24];                         // F order: (i, j, k) at i + 2j + 6k
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) f[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        NdArray a = Npy.read(NpzWriter.npy("<f8", true, shape, NpzWriter.le(f)), "a", "x");
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) {
            assertEquals(100 * i + 10 * j + k, a.data()[12 * i + 4 * j + k]);
        }
    }

    @Test
    void refusesOtherDtypesBadMagicAndTruncation() {
        for (String descr : new String[] {">f8", "<i4", "|u1", "<f2", "<c16"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Npy.read(NpzWriter.npy(descr, false, new int[] {1}, new byte[16]), "a", "f.npz: array a"));
            assertTrue(e.getMessage().startsWith("f.npz: array a: unsupported dtype '" + descr + "'"), e.getMessage());
        }
        byte[] good = NpzWriter.f8(new int[] {2, 2}, new double[] {1, 2, 3, 4});
        var t = assertThrows(IllegalArgumentException.class,
                () -> Npy.read(Arrays.copyOf(good, good.length - 1), "a", "f.npz: array a"));
        assertTrue(t.getMessage().contains("truncated data") && t.getMessage().contains("needs 32 bytes"), t.getMessage());
        var h = assertThrows(IllegalArgumentException.class, () -> Npy.read(Arrays.copyOf(good, 40), "a", "w"));
        assertTrue(h.getMessage().contains("truncated .npy header"), h.getMessage());
        byte[] bad = good.clone();
        bad[1] = 'X';
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(bad, "a", "w")).getMessage().contains("bad magic"));
        byte[] v9 = good.clone();
        v9[6] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(v9, "a", "w")).getMessage()
                .contains("unsupported .npy version 9"));
    }
}
