package io.netdyn.io.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a .safetensors file: an 8-byte little-endian header length H, H bytes of JSON
 * {@code {NAME: {"dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end]}, ...}}
 * (an optional {@code "__metadata__"} entry is skipped), then the data; offsets are relative
 * to the first byte after the header, tensors are little-endian and row-major. Other dtypes
 * (F16, BF16, integers) are refused naming the dtype.
 */
public final class SafetensorsReader {
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private SafetensorsReader() {}

    public static Map<String, NdArray> read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    static Map<String, NdArray> read(byte[] bytes, String where) {
        if (bytes.length < 8) throw new IllegalArgumentException(where + ": not a safetensors file (only " + bytes.length + " bytes)");
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 2 || headerLength > bytes.length - 8L) {
            throw new IllegalArgumentException(where + ": not a safetensors file, or truncated (header length "
                    + headerLength + ", file " + bytes.length + " bytes)");
        }
        int dataStart = 8 + (int) headerLength;
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not a safetensors file (header is not JSON: " + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException(where + ": not a safetensors file (header is not a JSON object)");
        Map<String, NdArray> out = new LinkedHashMap<>();
        TreeMap<Long, String> byBegin = new TreeMap<>();
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) continue;
            out.put(e.getKey(), tensor(e.getKey(), e.getValue(), bytes, dataStart, where + ": array " + e.getKey()));
            JsonNode offsets = e.getValue().path("data_offsets");
            long begin = offsets.get(0).asLong(), end = offsets.get(1).asLong();
            if (end > begin) {
                String other = byBegin.put(begin, e.getKey());
                if (other != null) throw overlap(where, other, e.getKey());
                ranges.put(e.getKey(), new long[] {begin, end});
            }
        }
        long previousEnd = 0;
        String previous = null;
        for (Map.Entry<Long, String> e : byBegin.entrySet()) {       // sorted by begin: each must start after the one before ends
            if (previous != null && e.getKey() < previousEnd) throw overlap(where, previous, e.getValue());
            previousEnd = ranges.get(e.getValue())[1];
            previous = e.getValue();
        }
        return out;
    }

    private static IllegalArgumentException overlap(String where, String a, String b) {
        return new IllegalArgumentException(where + ": arrays " + a + " and " + b + " overlap (their data_offsets share bytes)");
    }

    private static NdArray tensor(String name, JsonNode t, byte[] bytes, int dataStart, String where) {
        String dtype = t.path("dtype").asText("");
        int size = switch (dtype) {
            case "F64" -> 8;
            case "F32" -> 4;
            default -> throw new IllegalArgumentException(where + ": unsupported dtype '" + dtype + "' (only F64 and F32)");
        };
        JsonNode shapeNode = t.path("shape"), offsets = t.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IllegalArgumentException(where + ": needs 'shape' and 'data_offsets' [begin, end]");
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = shapeNode.get(i).asLong(-1);
            if (!shapeNode.get(i).canConvertToLong() || d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + ": bad shape " + shapeNode);
            }
            shape[i] = (int) d;
        }
        int count = NdArray.elements(shape, where);
        long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end - begin != (long) count * size) {
            throw new IllegalArgumentException(where + ": data_offsets " + offsets + " do not hold shape "
                    + NdArray.shapeText(shape) + " of " + dtype + " (" + (long) count * size + " bytes)");
        }
        if (dataStart + end > bytes.length) {
            throw new IllegalArgumentException(where + ": truncated data (ends at byte " + (dataStart + end)
                    + ", the file has " + bytes.length + ")");
        }
        return new NdArray(name, shape, Npy.decode(bytes, dataStart + (int) begin, count, size));
    }
}
