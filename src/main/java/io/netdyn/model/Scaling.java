package io.netdyn.model;

import java.util.Locale;

/** How a tensor's scale s relates to the layer's fan-in (docs/model.md, "Weight and bias distributions"). */
public enum Scaling {
    /** fan-in for gaussian, cauchy, stable, student; none for uniform and orthogonal. */
    DEFAULT,
    FAN_IN,
    NONE;

    public static Scaling parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "default" -> DEFAULT;
            case "fan-in", "fanin" -> FAN_IN;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown scaling '" + text + "' (expected default, fan-in, none)");
        };
    }

    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** The multiplier applied to unit draws: s, times the fan-in factor when it applies. */
    public double multiplier(Distribution d, int nIn) {
        boolean fanIn = this == FAN_IN || (this == DEFAULT && d.fanInByDefault());
        return d.scale() * (fanIn ? d.fanInFactor(nIn) : 1.0);
    }
}
