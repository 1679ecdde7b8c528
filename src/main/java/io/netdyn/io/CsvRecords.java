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

    /**
     * The records of a whole CSV file as netdyn writes it: a header, every line ended by a line
     * end, every record with the header's number of fields. Otherwise an
     * IllegalArgumentException naming the line (1-based): a last line without a line end (the
     * file was cut off), or a record with another number of fields.
     */
    public static List<Record> parseWhole(String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("line 1: empty file (no header)");
        List<Record> records = parse(text);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("line " + lineOf(text, text.length()) + " has no line end: the file is truncated");
        }
        int width = records.get(0).fields().size(), line = 1;
        for (int r = 1; r < records.size(); r++) {
            line += 1 + newlinesIn(records.get(r - 1).raw());
            int n = records.get(r).fields().size();
            if (n != width) {
                throw new IllegalArgumentException("line " + line + " has " + n + " field" + (n == 1 ? "" : "s")
                        + ", the header " + width + ": the file is truncated or damaged");
            }
        }
        return records;
    }

    private static int newlinesIn(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private static int lineOf(String text, int end) {
        int n = 1;
        for (int i = 0; i < end - 1; i++) if (text.charAt(i) == '\n') n++;
        return n;
    }
}
