package io.netdyn.cli;

/**
 * The options of {@code netdyn theory}: name, argument name (null for a flag) and help. Which
 * topic takes which option, and its default there, is in {@link TheoryTopic}.
 */
enum TheoryOption {
    ACTIVATION("activation", "NAMES", "activation(s): tanh logistic hardtanh relu linear erf"),
    SIGMA_W("sigma-w", "LIST", "weight scale σ_w (Var W_ij = σ_w²/N): list 1,1.5 or range START:END:STEP"),
    SIGMA_B("sigma-b", "LIST", "bias scale σ_b (Var b_i = σ_b²): list or range START:END:STEP"),
    DEPTHS("depths", "LIST", "depths L: list 1,2,4 or range 1:10 or 1:10:2"),
    K("k", "LIST", "moment orders k: list or range"),
    GAMMA("gamma", "LIST", "Marchenko–Pastur aspect ratios γ = N/M > 0: list or range"),
    POINTS("points", "COUNT", "grid points per density curve"),
    LAMBDA_MAX("lambda-max", "X", "upper end of the λ grid; auto = each depth's upper edge λ+"),
    LOG("log", null, "geometric λ grid over 8 decades below --lambda-max (and log axes in the PNG)"),
    PLOT("plot", null, "also write a PNG of the densities (needs --out)"),
    OUT("out", "DIR", "output directory for the CSV files (and PNGs); - = print the first table to stdout");

    private final String key, argName, help;

    TheoryOption(String key, String argName, String help) {
        this.key = key;
        this.argName = argName;
        this.help = help;
    }

    String key() { return key; }

    String argName() { return argName; }

    String help() { return help; }

    boolean isFlag() { return argName == null; }
}
