package io.netdyn.io.weights;

import io.netdyn.model.NetworkWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The networks of a weights file (docs/model.md, "Imported networks"): B square networks of width N and
 * depth L, read from an .npz or .safetensors file by the naming convention of docs/model.md:
 * <pre>
 *   W1 .. WL   (N, N) or (B, N, N)   row i = output unit i: h_l = W_l x_{l-1} + b_l
 *   b1 .. bL   (N)    or (B, N)      optional; a missing b_l is a zero bias
 * </pre>
 * Every layer must agree on B and N. Network b of the file is network index b of the sweep
 * (its start points and probe inputs are drawn with that index and the sweep seed).
 *
 * PyTorch {@code state_dict} names ({@code PREFIX<i>.weight}, {@code PREFIX<i>.bias}, one common
 * prefix, indices in numeric order, gaps allowed) are mapped to W1..WL, b1..bL in index order.
 *
 * @param file   the file as given
 * @param sha256 hex SHA-256 of the file's bytes (recorded in the manifest)
 * @param names  state_dict name → W/b name, in layer order; empty when the file uses W1..WL
 */
public record ImportedNetworks(Path file, String sha256, int count, int width, int depth,
                               List<NetworkWeights> networks, Map<String, String> names) {
    private static final Pattern LAYER = Pattern.compile("([Wb])([1-9][0-9]*)");
    private static final Pattern STATE_DICT = Pattern.compile("(.*?)([0-9]+)\\.(weight|bias)");

    public ImportedNetworks {
        networks = List.copyOf(networks);
        names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    }

    /** The state_dict mapping as text, {@code 0.weight→W1, 0.bias→b1, …}; empty for W1..WL files. */
    public String namesText() {
        return String.join(", ", names.entrySet().stream().map(e -> e.getKey() + "→" + e.getValue()).toList());
    }

    /**
     * The {@code dist} label of results: {@code imported:<file stem>}, the file name without its
     * extension, whatever the format ({@code nets.npz} and {@code nets.safetensors} are both
     * {@code imported:nets}).
     */
    public String label() { return "imported:" + stem(file.getFileName().toString()); }

    /** The file name without its last extension ({@code nets.npz} → {@code nets}; a name without a dot is kept). */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The {@code bias} label of results. */
    public static final String BIAS_LABEL = "file";

    /**
     * Networks {@code first .. first+count-1}, their first {@code depth} layers (arrays shared,
     * not copied).
     */
    public List<NetworkWeights> slice(long first, int count, int depth) {
        if (first < 0 || first + count > this.count || depth < 1 || depth > this.depth) {
            throw new IllegalArgumentException("networks " + first + ".." + (first + count - 1) + " at depth " + depth
                    + " are not in " + file + " (" + this.count + " networks of depth " + this.depth + ")");
        }
        List<NetworkWeights> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            NetworkWeights w = networks.get((int) first + k);
            out.add(depth == this.depth ? w : new NetworkWeights(width,
                    Arrays.copyOf(w.w(), depth), Arrays.copyOf(w.b(), depth)));
        }
        return out;
    }

    /**
     * Reads {@code file}: .npz (zip) or .safetensors by extension, else by content. Every
     * problem with the content is an IllegalArgumentException naming the file and the array.
     */
    public static ImportedNetworks read(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + " is a directory, not an .npz or .safetensors file");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + " is not a regular file");
        if (Files.size(file) > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException(file + ": files over 2 GiB are not supported");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean zip = name.endsWith(".npz") || (!name.endsWith(".safetensors") && looksLikeZip(file));
        Map<String, NdArray> arrays = zip ? NpzReader.read(file) : SafetensorsReader.read(file);
        return fromArrays(file, FileDigest.sha256(file), arrays);
    }

    /** Applies the naming convention to arrays already read. */
    public static ImportedNetworks fromArrays(Path file, String sha256, Map<String, NdArray> arrays) {
        Map<String, String> names = stateDictNames(file, arrays);
        if (names.isEmpty()) return fromLayerArrays(file, sha256, arrays, names);
        Map<String, NdArray> renamed = new LinkedHashMap<>();
        names.forEach((from, to) -> {
            NdArray a = arrays.get(from);
            renamed.put(to, new NdArray(to, a.shape(), a.data()));
        });
        return fromLayerArrays(file, sha256, renamed, names);
    }

    /**
     * The W/b names of PyTorch state_dict arrays ({@code <prefix><index>.weight/.bias}), in index
     * order; empty when no array is named like that (the file then uses W1..WL). Anything that
     * does not form one sequence of square layers is refused, naming the arrays.
     */
    static Map<String, String> stateDictNames(Path file, Map<String, NdArray> arrays) {
        List<String> layer = new ArrayList<>(), stateDict = new ArrayList<>(), other = new ArrayList<>();
        for (String key : arrays.keySet()) {
            if (LAYER.matcher(key).matches()) layer.add(key);
            else if (STATE_DICT.matcher(key).matches()) stateDict.add(key);
            else other.add(key);
        }
        if (stateDict.isEmpty()) return Map.of();
        String all = cut(String.join(", ", arrays.keySet()));
        if (!layer.isEmpty()) {
            throw new IllegalArgumentException(file + ": mixes W1..WL names (" + cut(String.join(", ", layer)) + ") with state_dict names ("
                    + cut(String.join(", ", stateDict)) + "); use one naming (see docs/model.md)");
        }
        if (!other.isEmpty()) {
            throw new IllegalArgumentException(file + ": array '" + cut(other.get(0)) + "' is not a layer beside state_dict names "
                    + "(expected PREFIX<i>.weight and optional PREFIX<i>.bias only; arrays in the file: " + all + ")");
        }
        TreeSet<String> prefixes = new TreeSet<>();
        TreeMap<Long, String[]> layers = new TreeMap<>();             // index → {weight, bias}
        for (String key : stateDict) {
            Matcher m = STATE_DICT.matcher(key);
            if (!m.matches()) throw new IllegalStateException(key);
            prefixes.add(m.group(1));
            if (m.group(2).length() > 9) throw new IllegalArgumentException(file + ": array " + cut(key) + ": layer index too large");
            String[] pair = layers.computeIfAbsent(Long.parseLong(m.group(2)), i -> new String[2]);
            int slot = m.group(3).equals("weight") ? 0 : 1;
            if (pair[slot] != null) {
                throw new IllegalArgumentException(file + ": arrays " + pair[slot] + " and " + cut(key) + " name the same layer");
            }
            pair[slot] = key;
        }
        if (prefixes.size() > 1) {
            throw new IllegalArgumentException(file + ": state_dict names with " + prefixes.size() + " prefixes ("
                    + cut(String.join(", ", prefixes.stream().map(p -> "'" + p + "'").toList()))
                    + "): cannot tell which arrays form the network (arrays in the file: " + all + ")");
        }
        Map<String, String> names = new LinkedHashMap<>();
        int l = 0;
        for (String[] pair : layers.values()) {
            if (pair[0] == null) {
                throw new IllegalArgumentException(file + ": array " + pair[1] + " has no weight "
                        + pair[1].substring(0, pair[1].length() - "bias".length()) + "weight");
            }
            int[] s = arrays.get(pair[0]).shape();
            if ((s.length != 2 && s.length != 3) || s[s.length - 1] != s[s.length - 2]) {
                throw new IllegalArgumentException(file + ": array " + pair[0] + " has shape " + arrays.get(pair[0]).shapeText()
                        + ": every layer must be square (N, N) (a Linear(N, N)); state_dict layers in the file: " + all);
            }
            l++;
            names.put(pair[0], "W" + l);
            if (pair[1] != null) names.put(pair[1], "b" + l);
        }
        return names;
    }

    private static String cut(String s) { return s.length() <= 200 ? s : s.substring(0, 200) + "…"; }

    private static ImportedNetworks fromLayerArrays(Path file, String sha256, Map<String, NdArray> arrays, Map<String, String> names) {
        TreeSet<Integer> ws = new TreeSet<>(), bs = new TreeSet<>();
        for (String key : arrays.keySet()) {
            Matcher m = LAYER.matcher(key);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ": unexpected array '" + key + "' (expected W1..WL and optional "
                        + "b1..bL; arrays in the file: " + String.join(", ", arrays.keySet()) + "; see docs/model.md)");
            }
            (m.group(1).equals("W") ? ws : bs).add(Integer.parseInt(m.group(2)));
        }
        if (!ws.contains(1)) {
            throw new IllegalArgumentException(file + ": no array W1 (expected W1..WL and optional b1..bL; arrays in the file: "
                    + (arrays.isEmpty() ? "none" : String.join(", ", arrays.keySet())) + ")");
        }
        int depth = ws.last();
        for (int l = 2; l <= depth; l++) {
            if (!ws.contains(l)) throw new IllegalArgumentException(file + ": missing array W" + l + " while W" + depth + " exists");
        }
        for (int l : bs) {
            if (l > depth) throw new IllegalArgumentException(file + ": array b" + l + " has no W" + l + " (the file has W1..W" + depth + ")");
        }
        NdArray w1 = arrays.get("W1");
        int rank = w1.rank();
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException(file + ": array W1 has shape " + w1.shapeText() + ": expected (N, N) or (B, N, N)");
        }
        int count = rank == 3 ? w1.shape()[0] : 1, n = w1.shape()[rank - 1];
        if (count < 1 || n < 1) throw new IllegalArgumentException(file + ": array W1 has shape " + w1.shapeText() + ": empty");
        double[][][] w = new double[count][depth][], b = new double[count][depth][];
        for (int l = 1; l <= depth; l++) {
            NdArray wl = arrays.get("W" + l);
            int[] s = wl.shape();
            if (s.length != rank || s[rank - 1] != s[rank - 2]) {
                throw new IllegalArgumentException(file + ": array W" + l + " has shape " + wl.shapeText() + ": expected square "
                        + (rank == 3 ? "(B, N, N)" : "(N, N)") + " like W1 " + w1.shapeText());
            }
            if (s[rank - 1] != n || (rank == 3 && s[0] != count)) {
                throw new IllegalArgumentException(file + ": array W" + l + " has shape " + wl.shapeText()
                        + ", W1 has " + w1.shapeText() + ": every layer must have the same B and N");
            }
            requireFinite(file, wl);
            NdArray bl = arrays.get("b" + l);
            if (bl != null) {
                int[] want = rank == 3 ? new int[] {count, n} : new int[] {n};
                if (!Arrays.equals(bl.shape(), want)) {
                    throw new IllegalArgumentException(file + ": array b" + l + " has shape " + bl.shapeText() + ", expected "
                            + NdArray.shapeText(want) + " for W" + l + " " + wl.shapeText());
                }
                requireFinite(file, bl);
            }
            int nn = n * n;
            for (int k = 0; k < count; k++) {
                w[k][l - 1] = Arrays.copyOfRange(wl.data(), k * nn, (k + 1) * nn);
                b[k][l - 1] = bl == null ? new double[n] : Arrays.copyOfRange(bl.data(), k * n, (k + 1) * n);
            }
        }
        List<NetworkWeights> nets = new ArrayList<>(count);
        for (int k = 0; k < count; k++) nets.add(new NetworkWeights(n, w[k], b[k]));
        return new ImportedNetworks(file, sha256, count, n, depth, nets, names);
    }

    private static void requireFinite(Path file, NdArray a) {
        double[] d = a.data();
        for (int e = 0; e < d.length; e++) {
            if (!Double.isFinite(d[e])) {
                throw new IllegalArgumentException(file + ": array " + a.name() + " has a non-finite entry " + d[e]
                        + " at " + index(a.shape(), e));
            }
        }
    }

    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int j = shape.length - 1; j >= 0; j--) { idx[j] = flat % shape[j]; flat /= shape[j]; }
        return Arrays.toString(idx);
    }

    private static boolean looksLikeZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5);
        }
    }
}
