package io.netdyn.cli;

import static io.netdyn.cli.TheoryOption.*;

import io.netdyn.spec.UsageError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subcommands of {@code netdyn theory}, each with its options and their defaults: the single
 * place where a theory default is written ({@code --help} prints it from here).
 */
enum TheoryTopic {
    MEANFIELD("meanfield", "mean-field fixed points, slopes and depth scales over activations × σ_w × σ_b",
            List.of("meanfield.csv"),
            ACTIVATION, "tanh", SIGMA_W, "0.5:3:0.25", SIGMA_B, "0,0.3", OUT, "-"),
    PHASE("phase", "order-to-chaos phase diagram: χ1 on a (σ_w, σ_b) grid and the critical line χ1 = 1",
            List.of("phase.csv", "critical_line.csv", "phase.png"),
            ACTIVATION, "tanh", SIGMA_W, "0.5:4:0.25", SIGMA_B, "0:1:0.1", OUT, "-"),
    JACOBIAN("jacobian", "free-probability density of the eigenvalues of JJᵀ (inputs at q*) per depth",
            List.of("jacobian_density.csv", "jacobian_moments.csv", "jacobian_density.png (with --plot)"),
            ACTIVATION, "tanh", SIGMA_W, "1", SIGMA_B, "0", DEPTHS, "1,2,4,8,16", POINTS, "200",
            LAMBDA_MAX, "auto", LOG, "false", PLOT, "false", OUT, "-"),
    MOMENTS("moments", "Fuss–Catalan moments of linear networks and Marchenko–Pastur densities",
            List.of("fuss_catalan.csv", "marchenko_pastur.csv"),
            DEPTHS, "1:5", K, "1:6", GAMMA, "0.25,0.5,1", POINTS, "200", OUT, "-");

    private final String word, summary;
    private final List<String> files;
    private final Map<TheoryOption, String> defaults = new LinkedHashMap<>();

    TheoryTopic(String word, String summary, List<String> files, Object... optionDefaults) {
        this.word = word;
        this.summary = summary;
        this.files = files;
        for (int i = 0; i < optionDefaults.length; i += 2) {
            defaults.put((TheoryOption) optionDefaults[i], (String) optionDefaults[i + 1]);
        }
    }

    String word() { return word; }

    String summary() { return summary; }

    /** Files written under --out, in order; the first is what stdout gets without --out. */
    List<String> files() { return files; }

    /** The options this topic takes, in help order, with their defaults. */
    Map<TheoryOption, String> defaults() { return defaults; }

    static String words() { return String.join(", ", Arrays.stream(values()).map(TheoryTopic::word).toList()); }

    static TheoryTopic parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (TheoryTopic topic : values()) if (topic.word.equals(t)) return topic;
        throw new UsageError("unknown theory subcommand '" + UsageError.echo(text) + "' (expected " + words() + ")");
    }
}
