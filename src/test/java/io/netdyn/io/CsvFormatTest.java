package io.netdyn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Doubles are always floats (dtype-stable columns), integers stay integers, doubles round-trip. */
class CsvFormatTest {
    @Test
    void doublesAlwaysHaveAPointOrAnExponent() {
        assertEquals("1.0", CsvFormat.value(1.0));
        assertEquals("0.0", CsvFormat.value(0.0));
        assertEquals("0.5", CsvFormat.value(0.5));
        assertEquals("64.0", CsvFormat.value(64.0));
        assertEquals("1.0E15", CsvFormat.value(1e15));
        assertEquals("2.5E-14", CsvFormat.value(2.5e-14));
        assertEquals("NaN", CsvFormat.value(Double.NaN));
        assertEquals("inf", CsvFormat.value(Double.POSITIVE_INFINITY));
        assertEquals("-inf", CsvFormat.value(Double.NEGATIVE_INFINITY));
        assertEquals("3", CsvFormat.value(3));
        assertEquals("3", CsvFormat.value(3L));
        assertEquals("", CsvFormat.value(null));
        for (double x : new double[] {0.1, 1 / 3.0, Math.PI * 1e200, Double.MIN_VALUE, -0.984375}) {
            assertEquals(x, Double.parseDouble(CsvFormat.number(x)), 0, "round trip");
        }
    }
}
