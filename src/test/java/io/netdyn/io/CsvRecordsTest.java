package io.netdyn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CsvRecords reads back what CsvFormat writes, and keeps each record's exact text. */
class CsvRecordsTest {
    @Test
    void readsBackCsvFormatLinesWithQuotesCommasAndNewlines() {
        Object[] values = {"plain", "a,b", "say \"hi\"", "two\nlines", 1.5, Double.NaN, ""};
        String line = CsvFormat.line(values);
        List<CsvRecords.Record> r = CsvRecords.parse("h1,h2\r\n" + line + "\nlast");
        assertEquals(3, r.size());
        assertEquals(List.of("h1", "h2"), r.get(0).fields());
        assertEquals(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "1.5", "NaN", ""), r.get(1).fields());
        assertEquals(line, r.get(1).raw());
        assertEquals(List.of("last"), r.get(2).fields());
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> CsvRecords.parse("a,\"b\n"));
    }
}
