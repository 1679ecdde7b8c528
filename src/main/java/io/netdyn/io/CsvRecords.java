package io.netdyn.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text as {@link CsvFormat} writes it (RFC 4180: fields quoted when they hold a
 * comma, quote or newline; "" for a quote inside quotes) into records, keeping each record's
 * raw text so that a file can be re-assembled byte for byte.
 */
public final class CsvRecords {
    /** One record: its fields (unquoted) and its exact text without the line end. */
    public record Record(List<String> fields, String raw) {}

    private CsvRecords() {}

    /** Every record of {@code text} (the header included); a final line end is optional. */
    public static List<Record> parse(String text) {
        List<Record> out = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            int start = i;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false, end = false;
            while (i < n && !end) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') { f.append('"'); i += 2; continue; }
                    if (c == '"') quoted = false; else f.append(c);
                    i++;
                } else if (c == '"') {
                    quoted = true;
                    i++;
                } else if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    i++;
                } else if (c == '\n' || c == '\r') {
                    end = true;
                } else {
                    f.append(c);
                    i++;
                }
            }
            if (quoted) throw new IllegalArgumentException("unterminated quoted field in the record starting at character " + start);
            fields.add(f.toString());
            out.add(new Record(List.copyOf(fields), text.substring(start, i)));
            if (i < n && text.charAt(i) == '\r') i++;
            if (i < n && text.charAt(i) == '\n') i++;
        }
        return out;
    }
}
