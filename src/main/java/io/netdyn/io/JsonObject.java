package io.netdyn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered JSON object assembled in memory and printed in one fixed layout: two-space indents,
 * {@code "key" : value}, arrays on one line as {@code [ a, b ]}, {@code { }} and {@code [ ]} when
 * empty, NaN and ±Infinity as strings — the layout the JSON library's default pretty printer
 * writes, so a file netdyn writes with this type reads back the same with either.
 *
 * <p>Why not the library: its first use loads ≈ 400 classes (≈ 0.1–0.2 s of every sweep's
 * start-up on 2 cores), and what a sweep does with JSON — write manifest.json, hand its content to
 * report.html — needs none of its features. Reading JSON files still goes through the library
 * ({@link Manifest#read}, {@link Manifest#readObject}).
 *
 * <p>Values are strings (null prints {@code null}), longs, doubles, booleans, nested objects and
 * arrays of those; {@code put} on an existing key replaces its value in place.
 */
public final class JsonObject {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** An ordered JSON array of the same value kinds. */
    public static final class Array {
        private final List<Object> items = new ArrayList<>();

        public Array add(String v) { items.add(v); return this; }
        public Array add(long v) { items.add(v); return this; }
        public Array add(double v) { items.add(v); return this; }
        public Array add(boolean v) { items.add(v); return this; }

        /** Appends a new empty object and returns it. */
        public JsonObject addObject() {
            JsonObject o = new JsonObject();
            items.add(o);
            return o;
        }

        /** Appends a value of one of the kinds above (a Long, Double, String, Boolean, JsonObject, Array or null). */
        void addValue(Object v) { items.add(v); }

        public int size() { return items.size(); }
    }

    public JsonObject put(String key, String v) { fields.put(key, v); return this; }
    public JsonObject put(String key, long v) { fields.put(key, v); return this; }
    public JsonObject put(String key, double v) { fields.put(key, v); return this; }
    public JsonObject put(String key, boolean v) { fields.put(key, v); return this; }

    /** A new empty object under {@code key} (replacing what was there). */
    public JsonObject putObject(String key) {
        JsonObject o = new JsonObject();
        fields.put(key, o);
        return o;
    }

    /** A new empty array under {@code key} (replacing what was there). */
    public Array putArray(String key) {
        Array a = new Array();
        fields.put(key, a);
        return a;
    }

    /** Puts a value of one of the kinds above (a Long, Double, String, Boolean, JsonObject, Array or null). */
    void putValue(String key, Object v) { fields.put(key, v); }

    public boolean has(String key) { return fields.containsKey(key); }

    /**
     * The value under {@code key} as text, null when absent: a string itself, a number as Java
     * prints it ({@code Long.toString}, {@code Double.toString}), {@code true}/{@code false},
     * {@code "null"}, and "" for an object or array — what the JSON library's {@code asText} gives
     * for the same value read back from the file.
     */
    public String text(String key) {
        if (!fields.containsKey(key)) return null;
        Object v = fields.get(key);
        if (v == null) return "null";
        if (v instanceof JsonObject || v instanceof Array) return "";
        return v.toString();
    }

    /** The nested object under {@code key}; null when absent or not an object. */
    public JsonObject object(String key) {
        return fields.get(key) instanceof JsonObject o ? o : null;
    }

    /** The pretty-printed text, without a trailing newline. */
    public String toPrettyString() {
        StringBuilder sb = new StringBuilder(1024);
        writeObject(sb, this, 0);
        return sb.toString();
    }

    @Override
    public String toString() { return toPrettyString(); }

    private static void writeObject(StringBuilder sb, JsonObject o, int level) {
        if (o.fields.isEmpty()) { sb.append("{ }"); return; }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : o.fields.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            newline(sb, level + 1);
            writeString(sb, e.getKey());
            sb.append(" : ");
            writeValue(sb, e.getValue(), level + 1);
        }
        newline(sb, level);
        sb.append('}');
    }

    private static void writeValue(StringBuilder sb, Object v, int level) {
        if (v == null) sb.append("null");
        else if (v instanceof String s) writeString(sb, s);
        else if (v instanceof Long || v instanceof Boolean) sb.append(v);
        else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) writeString(sb, d.toString());
            else sb.append(d.doubleValue());
        } else if (v instanceof JsonObject o) writeObject(sb, o, level);
        else {
            List<Object> items = ((Array) v).items;
            if (items.isEmpty()) { sb.append("[ ]"); return; }
            sb.append("[ ");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(", ");
                writeValue(sb, items.get(i), level);     // one-line arrays add no indent level
            }
            sb.append(" ]");
        }
    }

    private static void newline(StringBuilder sb, int level) {
        sb.append('\n');
        for (int i = 0; i < level; i++) sb.append("  ");
    }

    /** JSON string escapes: {@code \" \\}, {@code \b \t \n \f \r}, other controls as {@code \}u00XX. */
    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04X", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
