package io.netdyn.cli;

import io.netdyn.spec.UsageError;
import io.netdyn.sweep.ShardMerge;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code merge --out DIR SHARD_DIR...}: the N shard directories of one sweep into the single run's files. */
final class MergeCommand {
    private final PrintStream out;

    MergeCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args, String[] fullArgs) throws IOException {
        Options options = new Options()
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                        .desc("directory for the merged results.csv, tables and manifest.json (required)").build())
                .addOption(Option.builder().longOpt("overwrite").desc("replace results already in --out").build())
                .addOption(Option.builder().longOpt("help").desc("show this help").build());
        CommandLine cl = CliParsing.parseWithOperands(options, args, "merge");
        if (cl.hasOption("help")) {
            HelpFormatter f = new HelpFormatter();
            PrintWriter pw = new PrintWriter(out);
            f.printHelp(pw, 110, "java -jar netdyn.jar merge --out DIR SHARD_DIR...",
                    "Joins the output directories of the N shards of one sweep (sweep --shard I/N) into the files the "
                            + "unsharded sweep writes, rows in grid order.\n\n", options, 2, 2, "\nDocs: docs/cli.md", false);
            pw.flush();
            return 0;
        }
        if (!cl.hasOption("out")) throw UsageError.forOption("out", "required: where the merged files go");
        List<String> dirs = cl.getArgList();
        if (dirs.isEmpty()) throw new UsageError("merge: give the shard directories (see netdyn merge --help)");
        Path target = Path.of(cl.getOptionValue("out"));
        ShardMerge.Outcome r = new ShardMerge().merge(dirs.stream().map(Path::of).toList(), target, cl.hasOption("overwrite"),
                "netdyn " + String.join(" ", fullArgs));
        out.printf("netdyn: merged %d shards (%d cells, %d rows); wrote %s%n", r.shards(), r.cells(), r.rows(),
                SweepCommand.written(r.out(), r.files()));
        return 0;
    }
}
