package io.netdyn.train;

/**
 * The built-in image set of {@code autoencode:glyphs}: the digits 0–9 of a 3×5 bitmap font,
 * rendered by nearest-neighbour sampling into the (k−2)×(k−2) box inside a one-pixel margin of a
 * k×k image (N = k², k ≥ 4), shifted by (dx, dy) ∈ {−1, 0, 1}² per sample (ink shifted off the
 * image is lost). Pixel values are set by the caller (ink → hi, background → lo, then noise).
 */
final class Glyphs {
    private Glyphs() {}

    /** Rows of the 3×5 font, bit 2 = left column. */
    static final int[][] FONT = {
            {7, 5, 5, 5, 7},   // 0
            {2, 6, 2, 2, 7},   // 1
            {7, 1, 7, 4, 7},   // 2
            {7, 1, 7, 1, 7},   // 3
            {5, 5, 7, 1, 1},   // 4
            {7, 4, 7, 1, 7},   // 5
            {7, 4, 7, 5, 7},   // 6
            {7, 1, 2, 2, 2},   // 7
            {7, 5, 7, 5, 7},   // 8
            {7, 5, 7, 1, 7},   // 9
    };

    /** k with k² = n, or −1 when n is not a perfect square. */
    static int side(int n) {
        int k = (int) Math.round(Math.sqrt(n));
        return k * k == n ? k : -1;
    }

    /** Whether pixel (row, col) of the k×k image of {@code digit}, shifted by (dx, dy), is ink. */
    static boolean ink(int digit, int k, int dx, int dy, int row, int col) {
        int box = k - 2;
        int r = row - 1 - dy, c = col - 1 - dx;
        if (r < 0 || r >= box || c < 0 || c >= box) return false;
        int fr = r * 5 / box, fc = c * 3 / box;
        return ((FONT[digit][fr] >> (2 - fc)) & 1) != 0;
    }
}
