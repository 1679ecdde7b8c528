package io.netdyn.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's colours: every series label of the page gets one (colour, marker) pair, the same in
 * every figure. Labels are sorted in natural order ({@link #NATURAL}: numbers by value, so N=8 comes
 * before N=16), the grid-cell labels first and then the others (the histograms' depths "L=3"), and
 * label i of that order gets colour i mod 10 and marker ⌊i/10⌋ mod 4: 40 labels are told apart
 * and a label's style depends only on the page's set of labels, never on figure order.
 */
final class Palette {
    /** Tableau 10 (matplotlib's default cycle): distinct in print and for the common colour deficiencies. */
    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"};
    static final String[] MARKERS = {"circle", "square", "triangle", "diamond"};

    record Style(String color, String marker) {}

    private final Map<String, Style> styles = new HashMap<>();
    private final List<String> order;

    /** {@code first} sorted, then those of {@code then} not in {@code first}, sorted. */
    Palette(Collection<String> first, Collection<String> then) {
        TreeSet<String> a = new TreeSet<>(NATURAL), b = new TreeSet<>(NATURAL);
        a.addAll(first);
        b.addAll(then);
        b.removeAll(a);
        order = new ArrayList<>(a);
        order.addAll(b);
        for (int i = 0; i < order.size(); i++) {
            styles.put(order.get(i), new Style(COLORS[i % COLORS.length], MARKERS[(i / COLORS.length) % MARKERS.length]));
        }
    }

    Palette(Collection<String> labels) {
        this(labels, List.of());
    }

    /** The labels in palette order. */
    List<String> labels() { return order; }

    /** The label's style; a label not given at construction gets the first colour. */
    Style style(String label) {
        Style s = styles.get(label);
        return s != null ? s : new Style(COLORS[0], MARKERS[0]);
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e-?\\d+)?");

    /** Text compared chunk by chunk, numeric chunks by value ("N=8" &lt; "N=16", "stable:1.25" &lt; "stable:1.5"). */
    static final Comparator<String> NATURAL = (a, b) -> {
        List<Object> x = chunks(a), y = chunks(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i), q = y.get(i);
            int c;
            if (p instanceof Double u && q instanceof Double v) c = Double.compare(u, v);
            else if (p instanceof Double) c = -1;
            else if (q instanceof Double) c = 1;
            else c = ((String) p).compareTo((String) q);
            if (c != 0) return c;
        }
        return x.size() != y.size() ? Integer.compare(x.size(), y.size()) : a.compareTo(b);
    };

    private static List<Object> chunks(String s) {
        List<Object> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(s);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) out.add(s.substring(at, m.start()));
            out.add(Double.parseDouble(m.group()));
            at = m.end();
        }
        if (at < s.length()) out.add(s.substring(at));
        return out;
    }
}
