package io.netdyn.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * How many CPUs this process may use, for {@code --threads 0}: the smallest of the processors
 * the JVM sees, Slurm's {@code SLURM_CPUS_PER_TASK}, and the cgroup CPU quota (cgroup v2
 * {@code /sys/fs/cgroup/cpu.max} "QUOTA PERIOD" or "max PERIOD"; cgroup v1
 * {@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us}, −1 = no quota), the quota rounded up
 * and at least 1. An unreadable or malformed value counts as no limit. The environment and the
 * files are read through the functions given, so every case is testable.
 */
public final class CpuAllowance {
    static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup/cpu.max");
    static final Path CGROUP_V1_QUOTA = Path.of("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    static final Path CGROUP_V1_PERIOD = Path.of("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
    static final Path CGROUP_V1_QUOTA_ALT = Path.of("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us");
    static final Path CGROUP_V1_PERIOD_ALT = Path.of("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us");

    private final int processors;
    private final Function<String, String> env;
    private final Function<Path, Optional<String>> files;

    public CpuAllowance(int processors, Function<String, String> env, Function<Path, Optional<String>> files) {
        this.processors = processors;
        this.env = env;
        this.files = files;
    }

    /** This process's allowance: the JVM's processors, the real environment and /sys/fs/cgroup. */
    public static CpuAllowance here() {
        return new CpuAllowance(Runtime.getRuntime().availableProcessors(), System::getenv, CpuAllowance::readFile);
    }

    /** The CPUs to use: min(processors, SLURM_CPUS_PER_TASK, cgroup quota), at least 1. */
    public int cpus() {
        int n = Math.max(1, processors);
        Integer slurm = positiveInt(env.apply("SLURM_CPUS_PER_TASK"));
        if (slurm != null) n = Math.min(n, slurm);
        Integer quota = cgroupQuota();
        if (quota != null) n = Math.min(n, quota);
        return Math.max(1, n);
    }

    /** The cgroup CPU quota in whole CPUs (rounded up), or null when there is none. */
    Integer cgroupQuota() {
        Optional<String> v2 = files.apply(CGROUP_V2);
        if (v2.isPresent()) {
            String[] f = v2.get().trim().split("\\s+");
            if (f.length >= 1 && !f[0].equals("max")) {
                Long q = positiveLong(f[0]);
                Long p = f.length >= 2 ? positiveLong(f[1]) : Long.valueOf(100_000L);
                if (q != null && p != null) return ceil(q, p);
            }
            return null;
        }
        for (Path[] qp : new Path[][] {{CGROUP_V1_QUOTA, CGROUP_V1_PERIOD}, {CGROUP_V1_QUOTA_ALT, CGROUP_V1_PERIOD_ALT}}) {
            Optional<String> quota = files.apply(qp[0]);
            if (quota.isEmpty()) continue;
            Long q = positiveLong(quota.get().trim());            // -1: no quota
            Long p = files.apply(qp[1]).map(s -> positiveLong(s.trim())).orElse(null);
            return q != null && p != null ? ceil(q, p) : null;
        }
        return null;
    }

    private static int ceil(long quota, long period) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (quota + period - 1) / period));
    }

    private static Integer positiveInt(String s) {
        Long v = s == null ? null : positiveLong(s.trim());
        return v == null || v > Integer.MAX_VALUE ? null : v.intValue();
    }

    private static Long positiveLong(String s) {
        try {
            long v = Long.parseLong(s);
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<String> readFile(Path p) {
        try {
            return Files.isReadable(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
