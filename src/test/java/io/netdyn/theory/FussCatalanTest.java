package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FussCatalanTest {

    @Test
    void depthOneGivesCatalanNumbers() {
        long[] catalan = {1, 1, 2, 5, 14, 42, 132, 429};
        for (int k = 0; k < catalan.length; k++)
            assertEquals(BigInteger.valueOf(catalan[k]), FussCatalan.moment(1, k), "k=" + k);
    }

    @Test
    void depthTwoGivesTernaryNumbers() {
        long[] ternary = {1, 1, 3, 12, 55, 273};
        for (int k = 0; k < ternary.length; k++)
            assertEquals(BigInteger.valueOf(ternary[k]), FussCatalan.moment(2, k), "k=" + k);
    }

    @Test
    void secondMomentIsDepthPlusOne() {
        for (int depth = 0; depth <= 40; depth++) {
            assertEquals(BigInteger.ONE, FussCatalan.moment(depth, 1));
            assertEquals(depth + 1.0, FussCatalan.momentDouble(depth, 2), 0);
        }
        // large values stay exact: C(60, 20)/41 (beyond double's 2^53)
        assertEquals(new BigInteger("102240109897695"), FussCatalan.moment(2, 20));
        assertEquals(new BigInteger("4191844505805495"), FussCatalan.binomial(60, 20));
    }

    @Test
    void upperEdge() {
        assertEquals(4.0, FussCatalan.upperEdge(1), 1e-15);
        assertEquals(27.0 / 4, FussCatalan.upperEdge(2), 1e-14);
        assertEquals(256.0 / 27, FussCatalan.upperEdge(3), 1e-13);
    }
}
