package io.netdyn.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph of src/main/java has no cycles (docs/architecture.md, "Layering"): an edge
 * p → q for every import of, or fully-qualified reference to, a class of q in a file of p
 * (comments and string literals ignored).
 */
class PackageCycleTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.netdyn(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]\\w*");
    private static final Pattern COMMENTS_AND_STRINGS =
            Pattern.compile("//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'", Pattern.DOTALL);

    /** Package → the packages its files refer to. */
    static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                String code = COMMENTS_AND_STRINGS.matcher(Files.readString(f)).replaceAll(" ");
                Set<String> out = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) out.add(m.group(1));
                out.remove(pkg);
            }
        }
        return graph;
    }

    /** The strongly connected components with more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) if (!index.containsKey(v)) connect(v, graph, index, low, stack, onStack, out, counter);
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) out.add(component);
        }
    }

    @Test
    void thePackageGraphHasNoCycles() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.size() > 10, "scanned " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "package cycles (see docs/architecture.md, Layering); edges: " + graph);
    }

    /** The contract package sits below every backend and knows nothing of the CLI, the spec or files: the model, and the training engine's types for {@code train}. */
    @Test
    void theBackendContractDependsOnlyOnTheModelAndTrainingTypes() throws IOException {
        assertEquals(Set.of("io.netdyn.model", "io.netdyn.train"), packageGraph().get("io.netdyn.backend"));
    }

    /** Everything above the factory sees backends only through the contract. */
    @Test
    void onlyTheFactoryNamesABackendImplementation() throws IOException {
        for (Map.Entry<String, Set<String>> e : packageGraph().entrySet()) {
            if (e.getKey().startsWith("io.netdyn.backend") || e.getKey().equals("io.netdyn.backends")) continue;
            assertTrue(!e.getValue().contains("io.netdyn.backend.cpu") && !e.getValue().contains("io.netdyn.backend.cuda"),
                    e.getKey() + " imports a backend implementation: " + e.getValue());
        }
    }

    /** The detector itself: a planted two-package cycle is found. */
    @Test
    void aPlantedCycleIsFound() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
    }
}
