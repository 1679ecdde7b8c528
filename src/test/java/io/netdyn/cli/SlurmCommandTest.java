package io.netdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netdyn slurm}: the scripts parse (bash -n), say what a requeueable array needs, and do it:
 * submit.sh submits the merge after the array (afterok on the id sbatch --parsable printed), each
 * array task runs its shard with the task's CPUs and --resume, and the merge of what the tasks'
 * commands write is the unsharded run's results.csv byte for byte.
 */
class SlurmCommandTest {
    private static final String[] SWEEP = {"--widths", "3,5", "--activation", "tanh,erf", "--dist", "gaussian:1,cauchy:1",
        "--depths", "1:3", "--networks", "3", "--probes", "4", "--measures", "propagation,fixedpoints", "--starts", "4",
        "--max-iter", "50", "--backend", "cpu", "--seed", "3"};

    @Test
    void writesAnArrayAMergeAndASubmitScriptThatWork(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("netdyn.jar"), "not really a jar");
        Path log = tmp.resolve("java-calls.txt");
        Path fakeJava = script(tmp.resolve("fake-java"), "#!/bin/bash\nprintf '%s\\n' \"$*\" >> " + log + "\n");
        Path out = tmp.resolve("big"), scripts = tmp.resolve("scripts");
        List<String> args = new ArrayList<>(List.of("slurm"));
        args.addAll(List.of(SWEEP));
        args.addAll(List.of("--shards", "4", "--mem", "4G", "--partition", "short", "--time", "0:10:00", "--out", out.toString(),
                "--script-dir", scripts.toString(), "--jar", jar.toString(), "--java", fakeJava.toString()));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("submit with: bash " + scripts.resolve("submit.sh")), r.out());

        String array = Files.readString(scripts.resolve("array.sh"));
        for (String name : List.of("array.sh", "merge.sh", "submit.sh")) {
            assertTrue(Files.readString(scripts.resolve(name)).startsWith("#!/bin/bash\n"), name);
            assertEquals(0, bash(tmp, Map.of(), "-n", scripts.resolve(name).toString()).exit(), name + " does not parse");
        }
        Map<String, String> sbatch = directives(array);
        assertEquals("1-4", sbatch.get("array"));
        assertEquals("2", sbatch.get("cpus-per-task"));
        assertEquals("4G", sbatch.get("mem"));
        assertEquals("append", sbatch.get("open-mode"));
        assertEquals("", sbatch.get("requeue"));
        assertEquals("short", sbatch.get("partition"));
        assertEquals("0:10:00", sbatch.get("time"));
        assertEquals(scripts.resolve("logs") + "/shard-%a.log", sbatch.get("output"));
        assertFalse(sbatch.containsKey("gres"), "no GPUs asked for");
        assertEquals(1, count(array, "4"), "the shard count is written once:\n" + array);
        assertTrue(array.contains("-Xmx3276m"), "80% of 4G");
        assertTrue(array.contains("-jar " + jar.toAbsolutePath()), array);

        // submit.sh: the array first, its id (JOBID;CLUSTER) parsed, then the merge after it
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path sbatchLog = tmp.resolve("sbatch-calls.txt");
        script(bin.resolve("sbatch"), "#!/bin/bash\nprintf '%s\\n' \"$*\" >> " + sbatchLog + "\n"
                + "n=$(wc -l < " + sbatchLog + "); echo \"$((4000 + n));cluster\"\n");
        Bash submit = bash(tmp, Map.of("PATH", bin + ":" + System.getenv("PATH")), scripts.resolve("submit.sh").toString());
        assertEquals(0, submit.exit(), submit.output());
        List<String> calls = Files.readAllLines(sbatchLog);
        assertEquals(List.of("--parsable " + scripts.resolve("array.sh"),
                "--parsable --dependency=afterok:4001 --kill-on-invalid-dep=yes " + scripts.resolve("merge.sh")), calls);
        assertTrue(submit.output().contains("array job 4001") && submit.output().contains("job 4002"), submit.output());

        // each task as Slurm runs it: its shard of 4, the task's CPUs, --resume, its own directory
        for (int task = 1; task <= 4; task++) {
            Bash t = bash(tmp, Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task), "SLURM_ARRAY_JOB_ID", "4001",
                    "SLURM_CPUS_PER_TASK", "3", "TMPDIR", tmp.toString()), scripts.resolve("array.sh").toString());
            assertEquals(0, t.exit(), t.output());
        }
        assertEquals(0, bash(tmp, Map.of(), scripts.resolve("merge.sh").toString()).exit());
        List<String> javaCalls = Files.readAllLines(log);
        assertEquals(5, javaCalls.size(), String.join("\n", javaCalls));
        for (int task = 1; task <= 4; task++) {
            String call = javaCalls.get(task - 1);
            assertTrue(call.contains(" sweep --spec " + scripts.resolve("sweep.json") + " --shard " + task + "/4 --threads 3 --resume --out "
                    + out.toAbsolutePath() + "/shard-" + task), call);
            assertTrue(call.contains("-Djava.io.tmpdir=" + tmp + "/netdyn-4001-" + task), call);
            assertFalse(Files.exists(tmp.resolve("netdyn-4001-" + task)), "the task's tmpdir is removed");
        }
        assertTrue(javaCalls.get(4).endsWith("merge --overwrite --out " + out.toAbsolutePath() + " " + out.toAbsolutePath() + "/shard-*"),
                javaCalls.get(4));

        // and what those commands do: four shards then the merge equal the unsharded sweep
        for (int task = 1; task <= 4; task++) {
            String call = javaCalls.get(task - 1);
            String[] netdyn = call.substring(call.indexOf(" sweep ") + 1).split(" ");
            assertEquals(0, CliTest.run(netdyn).code(), call);
        }
        List<String> merge = new ArrayList<>(List.of("merge", "--out", out.toString()));
        for (int task = 1; task <= 4; task++) merge.add(out.resolve("shard-" + task).toString());
        assertEquals(0, CliTest.run(merge.toArray(String[]::new)).code());
        List<String> whole = new ArrayList<>(List.of("sweep"));
        whole.addAll(Arrays.asList(SWEEP));
        whole.addAll(List.of("--out", tmp.resolve("whole").toString()));
        assertEquals(0, CliTest.run(whole.toArray(String[]::new)).code());
        assertEquals(Files.readString(tmp.resolve("whole/results.csv")), Files.readString(out.resolve("results.csv")));
        assertEquals(Files.readString(tmp.resolve("whole/fixedpoints.csv")), Files.readString(out.resolve("fixedpoints.csv")));
    }

    @Test
    void gpusSpecAndBadJobOptions(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("n.jar"), "x");
        Path spec = Files.writeString(tmp.resolve("s.json"), "{\"widths\": [3, 4], \"depths\": \"1:2\", \"networks\": 2}");
        Path scripts = tmp.resolve("s");
        CliTest.Run r = CliTest.run("slurm", "--spec", spec.toString(), "--shards", "2", "--gpus", "1", "--mem", "10240",
                "--cpus-per-task", "4", "--out", tmp.resolve("o").toString(), "--script-dir", scripts.toString(), "--jar", jar.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, String> d = directives(Files.readString(scripts.resolve("array.sh")));
        assertEquals("gpu:1", d.get("gres"));
        assertEquals("4", d.get("cpus-per-task"));
        assertTrue(Files.readString(scripts.resolve("array.sh")).contains("-Xmx8192m"));
        assertEquals("{\n  \"widths\" : \"3,4\",\n  \"depths\" : \"1:2\",\n  \"networks\" : \"2\"\n}\n",
                Files.readString(scripts.resolve("sweep.json")).replace("\r", ""));
        String o = tmp.resolve("o").toString(), j = jar.toString();
        fails(CliTest.run("slurm", "--widths", "3", "--out", o, "--jar", j), "--shards", "required");
        fails(CliTest.run("slurm", "--widths", "3", "--shards", "2", "--out", o, "--jar", j), "--shard", "only 1 cell");
        fails(CliTest.run("slurm", "--widths", "3,4", "--shards", "2", "--mem", "lots", "--out", o, "--jar", j), "--mem");
        fails(CliTest.run("slurm", "--widths", "3,4", "--shards", "2", "--time", "soon", "--out", o, "--jar", j), "--time");
        fails(CliTest.run("slurm", "--widths", "3,4", "--shards", "2", "--threads", "4", "--out", o, "--jar", j), "--threads", "array script");
        fails(CliTest.run("slurm", "--widths", "3,4", "--shards", "0", "--out", o, "--jar", j), "--shards");
        assertTrue(CliTest.run("slurm", "--help").out().contains("--cpus-per-task"));
        assertTrue(CliTest.run("--help").out().contains("slurm"));
    }

    @Test
    void aSpecsRelativeOutIsResolvedAgainstTheSpecFolderNotTheCurrentDirectory(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("n.jar"), "x");
        Path specDir = Files.createDirectories(tmp.resolve("project"));
        Path spec = Files.writeString(specDir.resolve("s.json"),
                "{\"widths\": [3, 4], \"depths\": \"1:2\", \"networks\": 2, \"out\": \"runs/big\"}");
        Path cwdOut = Path.of("runs").toAbsolutePath();
        boolean cwdHadRuns = Files.exists(cwdOut);
        CliTest.Run r = CliTest.run("slurm", "--spec", spec.toString(), "--shards", "2", "--jar", jar.toString());
        assertEquals(0, r.code(), r.err());
        Path out = specDir.resolve("runs/big").toAbsolutePath().normalize(), scripts = out.resolve("slurm");
        String array = Files.readString(scripts.resolve("array.sh")), merge = Files.readString(scripts.resolve("merge.sh"));
        assertTrue(array.contains("\nOUT=" + out + "\n"), array);
        assertTrue(merge.contains("\nOUT=" + out + "\n"), merge);
        assertEquals(cwdHadRuns, Files.exists(cwdOut), "nothing written under the current directory");
        // the same spec and sweep --spec agree on the directory: the spec's out is relative to the spec
        assertFalse(Files.readString(scripts.resolve("sweep.json")).contains("\"out\""));
        // an out that leaves the spec's folder is refused as by sweep; --out on the command line overrides it
        Path bad = Files.writeString(specDir.resolve("bad.json"), "{\"widths\": [3, 4], \"out\": \"../elsewhere\"}");
        fails(CliTest.run("slurm", "--spec", bad.toString(), "--shards", "2", "--jar", jar.toString()), "--spec", "leaves the folder");
        Path other = tmp.resolve("other");
        assertEquals(0, CliTest.run("slurm", "--spec", bad.toString(), "--shards", "2", "--jar", jar.toString(),
                "--out", other.toString()).code());
        assertTrue(Files.readString(other.resolve("slurm/array.sh")).contains("\nOUT=" + other.toAbsolutePath().normalize() + "\n"));
        // exact names, each once
        fails(CliTest.run("slurm", "--spec", spec.toString(), "--shard", "2", "--jar", jar.toString()), "--shard");
        fails(CliTest.run("slurm", "--spec", spec.toString(), "--shards", "2", "--shards", "3", "--jar", jar.toString()),
                "--shards", "more than once");
        fails(CliTest.run("slurm", "--spec", spec.toString(), "--shar", "2", "--jar", jar.toString()), "--shar", "unknown option");
    }

    private static void fails(CliTest.Run r, String... fragments) {
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n") || line.contains("Exception"), line);
        for (String f : fragments) assertTrue(line.contains(f), "expected '" + f + "' in: " + line);
    }

    /** The #SBATCH directives of a script: option → value ("" for a flag). */
    static Map<String, String> directives(String script) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : script.split("\n")) {
            if (!line.startsWith("#SBATCH --")) continue;
            String d = line.substring("#SBATCH --".length());
            int eq = d.indexOf('=');
            m.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "" : d.substring(eq + 1));
        }
        return m;
    }

    private static long count(String text, String word) {
        return Arrays.stream(text.split("[^0-9A-Za-z]+")).filter(word::equals).count();
    }

    private record Bash(int exit, String output) {}

    private static Bash bash(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Bash(p.exitValue(), output);
    }

    private static Path script(Path p, String text) throws Exception {
        Files.writeString(p, text);
        p.toFile().setExecutable(true);
        return p;
    }
}
