package io.netdyn.cli;

import io.netdyn.spec.SweepOption;
import java.util.function.UnaryOperator;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Builds the Commons CLI options from {@link SweepOption}, the single table of defaults. */
final class OptionTable {
    private OptionTable() {}

    static Options sweepOptions(UnaryOperator<String> defaults) {
        Options options = new Options();
        for (SweepOption o : SweepOption.values()) {
            String help = o.help() + (o.isFlag() ? "" : " (default: " + defaults.apply(o.key()) + ")");
            Option.Builder b = Option.builder().longOpt(o.key()).desc(help);
            if (!o.isFlag()) b.hasArg().argName(o.argName());
            options.addOption(b.build());
        }
        options.addOption(Option.builder().longOpt("spec").hasArg().argName("FILE")
                .desc("read settings from a JSON file (keys are option names); flags override it").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }
}
