package io.netdyn.cli;

import io.netdyn.io.CsvFormat;
import io.netdyn.model.Activation;
import io.netdyn.spec.DoubleList;
import io.netdyn.spec.IntList;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.UsageError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/**
 * Typed, validated option values of one {@code theory} topic: the given value or the topic's
 * default, parsed once; any problem is a {@link UsageError} naming the option.
 */
final class TheoryValues {
    /** Caps that keep a typo from running for hours or exhausting memory. */
    static final int MAX_DEPTH = 10_000, MAX_K = 2_000, MAX_POINTS = 1_000_000;

    private final TheoryTopic topic;
    private final CommandLine cl;

    TheoryValues(TheoryTopic topic, CommandLine cl) {
        this.topic = topic;
        this.cl = cl;
    }

    private String text(TheoryOption o) {
        String d = topic.defaults().get(o);
        if (d == null) throw new IllegalStateException(topic.word() + " has no option --" + o.key());
        return cl.hasOption(o.key()) ? cl.getOptionValue(o.key()) : d;
    }

    boolean flag(TheoryOption o) { return cl.hasOption(o.key()) || Boolean.parseBoolean(text(o)); }

    List<Activation> activations() {
        List<Activation> r = new ArrayList<>();
        for (String s : text(TheoryOption.ACTIVATION).split(",", -1)) {
            try {
                Activation a = Activation.parse(s);
                if (!r.contains(a)) r.add(a);
            } catch (IllegalArgumentException e) {
                throw UsageError.forOption(TheoryOption.ACTIVATION.key(), e.getMessage());
            }
        }
        return r;
    }

    /** Real values, each ≥ min (or &gt; min when {@code strict}). */
    List<Double> reals(TheoryOption o, double min, boolean strict) {
        List<Double> v;
        try {
            v = DoubleList.parse(text(o));
        } catch (IllegalArgumentException e) {
            throw UsageError.forOption(o.key(), e.getMessage());
        }
        for (double x : v) {
            if (strict ? !(x > min) : !(x >= min)) {
                throw UsageError.forOption(o.key(), "values must be " + (strict ? "> " : ">= ") + fmt(min) + ", got " + fmt(x));
            }
        }
        return v;
    }

    /** Integers in [min, max]. */
    List<Integer> integers(TheoryOption o, int min, int max) {
        List<Integer> v;
        try {
            v = IntList.parse(text(o));
        } catch (IllegalArgumentException e) {
            throw UsageError.forOption(o.key(), e.getMessage());
        }
        for (int x : v) {
            if (x < min || x > max) throw UsageError.forOption(o.key(), "values must be in " + min + ".." + max + ", got " + x);
        }
        return v;
    }

    int integer(TheoryOption o, int min, int max) {
        List<Integer> v = integers(o, min, max);
        if (v.size() != 1) throw UsageError.forOption(o.key(), "takes one value, got " + v.size());
        return v.get(0);
    }

    /** One value of a list option (topics that describe a single network). */
    double single(TheoryOption o, double min, boolean strict) {
        List<Double> v = reals(o, min, strict);
        if (v.size() != 1) throw UsageError.forOption(o.key(), topic.word() + " takes one value, got " + v.size());
        return v.get(0);
    }

    Activation activation() {
        List<Activation> a = activations();
        if (a.size() != 1) {
            throw UsageError.forOption(TheoryOption.ACTIVATION.key(), topic.word() + " takes one activation, got " + a.size());
        }
        return a.get(0);
    }

    /** A positive number, or NaN for "auto". */
    double positiveOrAuto(TheoryOption o) {
        String t = text(o).trim();
        if (t.equalsIgnoreCase("auto")) return Double.NaN;
        try {
            double x = Double.parseDouble(t);
            if (x > 0 && Double.isFinite(x)) return x;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw UsageError.forOption(o.key(), "expected a number > 0 or auto, got '" + t + "'");
    }

    /** The output directory, or null for stdout. */
    Path out() {
        String t = text(TheoryOption.OUT).strip();           // whitespace only: trim() would drop a leading NUL
        if (t.isEmpty()) throw UsageError.forOption(TheoryOption.OUT.key(), "empty directory name (use - for stdout)");
        if (t.equals("-")) return null;
        return SpecResolver.outputDirectory(TheoryOption.OUT.key(), t);
    }

    private static String fmt(double x) { return CsvFormat.number(x); }
}
