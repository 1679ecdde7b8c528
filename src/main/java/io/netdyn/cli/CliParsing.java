package io.netdyn.cli;

import io.netdyn.spec.UsageError;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The command-line rules shared by the commands: long option names spelled out in full (no
 * abbreviations), each option at most once, no stray arguments; every violation is a
 * {@link UsageError} naming the option.
 */
final class CliParsing {
    private CliParsing() {}

    /** Parses {@code args}; {@code command} (e.g. "sweep") goes into the hint of an error. */
    static CommandLine parse(Options options, String[] args, String command) {
        CommandLine cl = parseWithOperands(options, args, command);
        if (!cl.getArgList().isEmpty()) {
            throw new UsageError("unexpected argument '" + UsageError.echo(cl.getArgList().get(0)) + "' (options start with --)");
        }
        return cl;
    }

    /**
     * As {@link #parse}, but arguments that are not options (e.g. merge's shard directories) are
     * kept in {@link CommandLine#getArgList()}; one of them that starts with "-" is an unknown option.
     */
    static CommandLine parseWithOperands(Options options, String[] args, String command) {
        CommandLine cl;
        try {
            cl = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options, args);
        } catch (UnrecognizedOptionException e) {
            throw new UsageError("unknown option '" + UsageError.echo(e.getOption()) + "' (options are spelled out in full; see netdyn "
                    + command + " --help)");
        } catch (MissingArgumentException e) {
            throw UsageError.forOption(name(e.getOption()), "needs a value (see netdyn " + command + " --help)");
        } catch (ParseException e) {
            throw new UsageError(UsageError.echo(String.valueOf(e.getMessage())) + " (see netdyn " + command + " --help)");
        }
        Set<String> seen = new HashSet<>();
        for (Option o : cl.getOptions()) {
            if (!seen.add(name(o))) {
                throw UsageError.forOption(name(o), "given more than once (give each option once; lists are comma-separated)");
            }
        }
        for (String a : cl.getArgList()) {
            if (a.startsWith("-")) {
                throw new UsageError("unknown option '" + UsageError.echo(a) + "' (options are spelled out in full; see netdyn "
                        + command + " --help)");
            }
        }
        return cl;
    }

    private static String name(Option o) { return o.getLongOpt() != null ? o.getLongOpt() : o.getOpt(); }
}
