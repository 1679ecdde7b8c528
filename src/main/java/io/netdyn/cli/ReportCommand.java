package io.netdyn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netdyn.io.CsvRecords;
import io.netdyn.io.Manifest;
import io.netdyn.io.ResultFiles;
import io.netdyn.report.HtmlReport;
import io.netdyn.spec.UsageError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code report DIR}: (re)writes DIR/report.html from DIR/results.csv and DIR/manifest.json. */
final class ReportCommand {
    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) throws IOException {
        org.apache.commons.cli.CommandLine cl = CliParsing.parseWithOperands(new org.apache.commons.cli.Options()
                .addOption(org.apache.commons.cli.Option.builder("h").longOpt("help").build()), args, "report");
        if (cl.hasOption("help")) {
            out.println("usage: java -jar netdyn.jar report DIR");
            out.println();
            out.println("(Re)writes DIR/report.html from DIR/results.csv and DIR/manifest.json: every statistic against");
            out.println("depth (or width), 95% intervals, theory curves, heat maps and DIR/esd.csv's histograms;");
            out.println("one self-contained file. Docs: docs/outputs.md");
            return 0;
        }
        if (cl.getArgList().size() != 1) throw new UsageError("report: give one output directory (see netdyn report --help)");
        Path dir = Path.of(cl.getArgList().get(0));
        Path results = dir.resolve(ResultFiles.RESULTS);
        if (!Files.isRegularFile(results)) throw new UsageError("report: " + dir + " holds no " + ResultFiles.RESULTS);
        String html;
        try {
            Path esd = dir.resolve(HtmlReport.ESD), weights = dir.resolve(HtmlReport.ESD_WEIGHTS);
            String text = Files.readString(results, StandardCharsets.UTF_8);
            CsvRecords.parseWhole(text);      // refuse a truncated or damaged file rather than plot part of it
            String esdText = wholeOrNull(esd), weightsText = wholeOrNull(weights);
            html = HtmlReport.render(text, esdText, weightsText, Manifest.readObject(dir));
        } catch (IllegalArgumentException e) {
            throw new UsageError("report: " + results + ": " + e.getMessage());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageError("report: " + dir + " holds a file that is not UTF-8 text (results.csv or esd.csv): damaged");
        } catch (JsonProcessingException e) {
            throw new UsageError("report: " + dir.resolve(Manifest.FILE) + " is not valid JSON: " + e.getOriginalMessage());
        }
        Path target = dir.resolve(HtmlReport.FILE);
        Path tmp = Files.createTempFile(dir, ".report-", ".html");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        out.println("netdyn: wrote " + target);
        return 0;
    }

    /** A histogram table's text, checked whole (a truncated or damaged file is refused), or null when absent. */
    private static String wholeOrNull(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            CsvRecords.parseWhole(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError("report: " + file + ": " + e.getMessage());
        }
        return text;
    }
}
