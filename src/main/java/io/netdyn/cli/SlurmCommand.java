package io.netdyn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdyn.measure.Measures;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.UsageError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code slurm}: writes the scripts that run a sweep as a Slurm job array — {@code array.sh} (one
 * task per shard, {@code --requeue}, {@code --resume}, threads from {@code SLURM_CPUS_PER_TASK}),
 * {@code merge.sh} (joins the shards into {@code --out}) and {@code submit.sh} (submits the array,
 * then the merge with {@code --dependency=afterok:<array job>}), plus {@code sweep.json}, the
 * sweep's settings. Nothing is submitted (docs/cli.md, "Slurm job arrays").
 */
final class SlurmCommand {
    static final String ARRAY = "array.sh", MERGE = "merge.sh", SUBMIT = "submit.sh", SPEC = "sweep.json";
    /** Settings the scripts decide themselves (each task's shard, threads, resume and directory). */
    private static final Set<SweepOption> SET_BY_SCRIPT =
            Set.of(SweepOption.SHARD, SweepOption.THREADS, SweepOption.RESUME, SweepOption.OUT, SweepOption.OVERWRITE);
    private static final Pattern MEM = Pattern.compile("(\\d+)([KMGT]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("\\d+(-\\d+)?(:\\d+){0,2}|\\d+-\\d+(:\\d+)?|UNLIMITED|INFINITE",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.,-]+");

    private final PrintStream out;

    SlurmCommand(PrintStream out) {
        this.out = out;
    }

    /** The job-array settings of {@code netdyn slurm}. */
    record Job(int shards, String partition, int gpus, String time, long memMiB, String memText, int cpusPerTask,
               Path scriptDir, Path jar, String java, String jobName) {
        /** The JVM heap: about 80% of the job's memory (the rest: the JVM itself, native buffers, the kernel's page cache). */
        long heapMiB() { return Math.max(64, memMiB * 8 / 10); }
    }

    int run(String[] args) throws IOException {
        SpecResolver resolver = new SpecResolver();
        Options options = OptionTable.sweepOptions(k -> resolver.text(SweepOption.byKey(k)));
        options.addOption(opt("shards", "N", "number of shards: array tasks 1..N (required)"));
        options.addOption(opt("partition", "NAME", "Slurm partition (default: the cluster's default)"));
        options.addOption(opt("gpus", "K", "GPUs per task, --gres=gpu:K (default: 0)"));
        options.addOption(opt("time", "LIMIT", "time limit per task, Slurm format (e.g. 2:00:00 or 1-00:00:00; default: the partition's)"));
        options.addOption(opt("mem", "SIZE", "memory per task, e.g. 4G or 512M; java -Xmx is 80% of it (default: 4G)"));
        options.addOption(opt("cpus-per-task", "C", "CPUs per task; the sweep uses them all (default: 2)"));
        options.addOption(opt("script-dir", "DIR", "where the scripts, sweep.json and logs/ go (default: OUT/slurm)"));
        options.addOption(opt("jar", "FILE", "the netdyn jar the tasks run (default: this one)"));
        options.addOption(opt("java", "CMD", "the java command on the compute nodes (default: java)"));
        options.addOption(opt("job-name", "NAME", "Slurm job name (default: netdyn; the merge job: NAME-merge)"));
        CommandLine cl = CliParsing.parse(options, args, "slurm");
        if (cl.hasOption("help")) {
            help(options);
            return 0;
        }
        if (cl.hasOption("spec")) {
            Path specFile = SpecResolver.path("spec", cl.getOptionValue("spec"));
            resolver.readJson(specFile);
            // the spec's out is relative to the spec's folder, as for netdyn sweep --spec
            if (!cl.hasOption(SweepOption.OUT.key())) resolver.anchorOut(specFile);
        }
        for (SweepOption o : SweepOption.values()) {
            if (!cl.hasOption(o.key())) continue;
            if (SET_BY_SCRIPT.contains(o) && o != SweepOption.OUT) {
                throw UsageError.forOption(o.key(), "set by the array script for each task; leave it out");
            }
            resolver.set(o, o.isFlag() ? "true" : cl.getOptionValue(o.key()));
        }
        if (!cl.hasOption("shards")) throw UsageError.forOption("shards", "required: how many array tasks");
        int shards = positive(cl, "shards", null);
        resolver.set(SweepOption.SHARD, "1/" + shards);       // validates N against the grid
        SweepSpec spec = resolver.resolve(Measures.names());
        Path outDir = spec.out().toAbsolutePath().normalize();
        Job job = job(cl, shards, outDir);
        write(job, specJson(resolver), outDir);
        Path d = job.scriptDir();
        out.printf("netdyn: wrote %s, %s, %s and %s for %d shards; submit with: bash %s%n", d.resolve(ARRAY), d.resolve(MERGE),
                d.resolve(SUBMIT), d.resolve(SPEC), shards, d.resolve(SUBMIT));
        return 0;
    }

    private Job job(CommandLine cl, int shards, Path outDir) {
        String partition = cl.getOptionValue("partition");
        if (partition != null && !NAME.matcher(partition).matches()) throw UsageError.forOption("partition", "not a partition name: '" + partition + "'");
        int gpus = cl.hasOption("gpus") ? nonNegative(cl, "gpus") : 0;
        String time = cl.getOptionValue("time");
        if (time != null && !TIME.matcher(time).matches()) {
            throw UsageError.forOption("time", "expected a Slurm time limit (MINUTES, H:MM:SS, D-HH:MM:SS), got '" + time + "'");
        }
        String memText = cl.getOptionValue("mem", "4G");
        long mem = memMiB(memText);
        int cpus = cl.hasOption("cpus-per-task") ? positive(cl, "cpus-per-task", null) : 2;
        Path dir = Path.of(cl.getOptionValue("script-dir", outDir.resolve("slurm").toString())).toAbsolutePath().normalize();
        Path jar = cl.hasOption("jar") ? Path.of(cl.getOptionValue("jar")).toAbsolutePath().normalize() : runningJar();
        if (!Files.isRegularFile(jar)) throw UsageError.forOption("jar", jar + " is not a file");
        String java = cl.getOptionValue("java", "java");
        String name = cl.getOptionValue("job-name", "netdyn");
        if (!NAME.matcher(name).matches()) throw UsageError.forOption("job-name", "letters, digits, . _ - only: '" + name + "'");
        for (Path p : new Path[] {dir, outDir, jar}) {
            if (p.toString().matches(".*[\\s'\"$`\\\\%].*")) {
                throw UsageError.forOption(p == jar ? "jar" : p == dir ? "script-dir" : "out",
                        p + ": blanks, quotes, $, %, ` and \\ are not allowed in paths of Slurm scripts");
            }
        }
        return new Job(shards, partition, gpus, time, mem, memText.toUpperCase(Locale.ROOT), cpus, dir, jar, java, name);
    }

    /** The sweep's settings as given (flags over --spec), less those the scripts set; --weights made absolute. */
    static ObjectNode specJson(SpecResolver resolver) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        for (SweepOption opt : SweepOption.values()) {
            if (!resolver.given(opt) || SET_BY_SCRIPT.contains(opt)) continue;
            String v = resolver.text(opt);
            if (opt == SweepOption.WEIGHTS && !v.equals("none")) v = Path.of(v).toAbsolutePath().normalize().toString();
            o.put(opt.key(), v);
        }
        return o;
    }

    static void write(Job job, ObjectNode spec, Path outDir) throws IOException {
        Path d = job.scriptDir();
        Files.createDirectories(d.resolve("logs"));
        writeFile(d.resolve(SPEC), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec) + "\n");
        writeFile(d.resolve(ARRAY), arrayScript(job, outDir));
        writeFile(d.resolve(MERGE), mergeScript(job, outDir));
        writeFile(d.resolve(SUBMIT), submitScript(job));
    }

    static String arrayScript(Job j, Path outDir) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# One shard of a netdyn sweep per task of this job array (written by netdyn slurm; docs/cli.md).\n");
        s.append("# The shard count is set once, in --array below: SHARDS is read from it, so resubmitting\n");
        s.append("# single tasks (sbatch --array=3 ").append(ARRAY).append(") keeps the shard count.\n");
        s.append("#SBATCH --job-name=").append(j.jobName()).append('\n');
        s.append("#SBATCH --array=1-").append(j.shards()).append('\n');
        s.append("#SBATCH --output=").append(j.scriptDir().resolve("logs")).append("/shard-%a.log\n");
        s.append("#SBATCH --open-mode=append\n");
        s.append("#SBATCH --requeue\n");
        s.append("#SBATCH --cpus-per-task=").append(j.cpusPerTask()).append('\n');
        s.append("#SBATCH --mem=").append(j.memText()).append('\n');
        if (j.time() != null) s.append("#SBATCH --time=").append(j.time()).append('\n');
        if (j.partition() != null) s.append("#SBATCH --partition=").append(j.partition()).append('\n');
        if (j.gpus() > 0) s.append("#SBATCH --gres=gpu:").append(j.gpus()).append('\n');
        s.append("set -euo pipefail\n");
        s.append("SHARDS=$(sed -n 's/^#SBATCH --array=1-\\([0-9][0-9]*\\).*/\\1/p' ").append(j.scriptDir().resolve(ARRAY)).append(")\n");
        s.append("[ -n \"$SHARDS\" ] || { echo \"netdyn: no '#SBATCH --array=1-N' line in ").append(j.scriptDir().resolve(ARRAY))
                .append("\" >&2; exit 2; }\n");
        s.append(": \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch (it is a job array)}\"\n");
        s.append("OUT=").append(outDir).append('\n');
        s.append("TASK_TMP=\"${TMPDIR:-/tmp}/netdyn-${SLURM_ARRAY_JOB_ID:-0}-${SLURM_ARRAY_TASK_ID}\"\n");
        s.append("mkdir -p \"$TASK_TMP\"\n");
        s.append("trap 'rm -rf \"$TASK_TMP\"' EXIT\n");
        s.append("trap 'exit 143' TERM\n");
        s.append("export TMPDIR=\"$TASK_TMP\"\n");
        s.append("echo \"netdyn: shard $SLURM_ARRAY_TASK_ID/$SHARDS on $(hostname), restart ${SLURM_RESTART_COUNT:-0}, $(date -u +%FT%TZ)\"\n");
        s.append(j.java()).append(" -Xmx").append(j.heapMiB()).append("m -Djava.io.tmpdir=\"$TASK_TMP\" -jar ").append(j.jar())
                .append(" sweep --spec ").append(j.scriptDir().resolve(SPEC))
                .append(" --shard \"$SLURM_ARRAY_TASK_ID/$SHARDS\" --threads \"${SLURM_CPUS_PER_TASK:-0}\" --resume")
                .append(" --out \"$OUT/shard-$SLURM_ARRAY_TASK_ID\" &\n");
        s.append("wait $!   # in the background and waited for, so a SIGTERM (scancel, requeue) reaches the trap at once\n");
        return s.toString();
    }

    static String mergeScript(Job j, Path outDir) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# Joins the shards of the netdyn array job into OUT (written by netdyn slurm; docs/cli.md).\n");
        s.append("#SBATCH --job-name=").append(j.jobName()).append("-merge\n");
        s.append("#SBATCH --output=").append(j.scriptDir().resolve("logs")).append("/merge.log\n");
        s.append("#SBATCH --open-mode=append\n");
        s.append("#SBATCH --requeue\n");
        s.append("#SBATCH --cpus-per-task=1\n");
        s.append("#SBATCH --mem=").append(j.memText()).append('\n');
        if (j.time() != null) s.append("#SBATCH --time=").append(j.time()).append('\n');
        if (j.partition() != null) s.append("#SBATCH --partition=").append(j.partition()).append('\n');
        s.append("set -euo pipefail\n");
        s.append("OUT=").append(outDir).append('\n');
        s.append("# merge checks that every shard 1..N is there, complete, and of this sweep; --overwrite: a rerun rewrites the same bytes\n");
        s.append(j.java()).append(" -Xmx").append(j.heapMiB()).append("m -jar ").append(j.jar())
                .append(" merge --overwrite --out \"$OUT\" \"$OUT\"/shard-*\n");
        return s.toString();
    }

    static String submitScript(Job j) {
        Path d = j.scriptDir();
        return "#!/bin/bash\n"
                + "# Submits the shards (array job) and, once all of them succeeded, the merge (written by netdyn slurm).\n"
                + "set -euo pipefail\n"
                + "array=$(sbatch --parsable " + d.resolve(ARRAY) + ")\n"
                + "array=${array%%;*}    # --parsable prints JOBID or JOBID;CLUSTER\n"
                + "merge=$(sbatch --parsable --dependency=afterok:${array} --kill-on-invalid-dep=yes " + d.resolve(MERGE) + ")\n"
                + "merge=${merge%%;*}\n"
                + "echo \"netdyn: submitted the shards as array job ${array} and the merge as job ${merge} (runs when every shard succeeded)\"\n"
                + "echo \"${array} ${merge}\" > " + d.resolve("jobs.txt") + "\n";
    }

    static long memMiB(String text) {
        Matcher m = MEM.matcher(text.trim());
        if (!m.matches()) throw UsageError.forOption("mem", "expected a size such as 4G, 512M or 4096 (MiB), got '" + text + "'");
        long v;
        try {
            v = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw UsageError.forOption("mem", "too large: '" + text + "'");
        }
        long mib = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            case "T" -> v * 1024 * 1024;
            default -> v;          // Slurm's default unit: megabytes
        };
        if (mib < 256) throw UsageError.forOption("mem", text + " is too little for a JVM (at least 256M)");
        return mib;
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }

    private static int positive(CommandLine cl, String name, Integer dflt) {
        String v = cl.getOptionValue(name);
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) throw UsageError.forOption(name, "must be at least 1, got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw UsageError.forOption(name, "expected a whole number, got '" + v + "'");
        }
    }

    private static int nonNegative(CommandLine cl, String name) {
        String v = cl.getOptionValue(name);
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw UsageError.forOption(name, "must be 0 or more, got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw UsageError.forOption(name, "expected a whole number, got '" + v + "'");
        }
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) return p.toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        throw UsageError.forOption("jar", "netdyn is not running from a jar here; give the jar the tasks run");
    }

    private void help(Options options) {
        HelpFormatter f = new HelpFormatter();
        f.setOptionComparator(null);
        PrintWriter pw = new PrintWriter(out);
        f.printHelp(pw, 110, "java -jar netdyn.jar slurm --shards N [sweep options | --spec FILE] [job options]",
                "Writes a Slurm job array that runs the sweep as N shards (array.sh: sweep --shard I/N --resume, requeueable), "
                        + "a merge job (merge.sh) and submit.sh, which submits both, the merge after every shard succeeded. "
                        + "Nothing is submitted. Shard I writes OUT/shard-I; the merge writes OUT.\n\n",
                options, 2, 2, "\nDocs: docs/cli.md (Slurm job arrays)", false);
        pw.flush();
    }

    private static void writeFile(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(p.toString().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: bash FILE still works
        }
    }
}
