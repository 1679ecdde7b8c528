package io.netdyn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --threads 0}: the processors, capped by SLURM_CPUS_PER_TASK and the cgroup quota (v2 and v1). */
class CpuAllowanceTest {
    private static int cpus(int processors, Map<String, String> env, Map<Path, String> files) {
        return new CpuAllowance(processors, env::get, p -> Optional.ofNullable(files.get(p))).cpus();
    }

    @Test
    void noLimitsMeansAllProcessors() {
        assertEquals(16, cpus(16, Map.of(), Map.of()));
        assertEquals(16, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V2, "max 100000\n")));
        assertEquals(16, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V1_QUOTA, "-1\n", CpuAllowance.CGROUP_V1_PERIOD, "100000\n")));
    }

    @Test
    void slurmCpusPerTaskCaps() {
        assertEquals(2, cpus(16, Map.of("SLURM_CPUS_PER_TASK", "2"), Map.of()));
        assertEquals(4, cpus(4, Map.of("SLURM_CPUS_PER_TASK", "8"), Map.of()));    // never more than the processors
        assertEquals(16, cpus(16, Map.of("SLURM_CPUS_PER_TASK", "junk"), Map.of()));
        assertEquals(16, cpus(16, Map.of("SLURM_CPUS_PER_TASK", "0"), Map.of()));
    }

    @Test
    void cgroupV2QuotaCapsRoundedUp() {
        assertEquals(2, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V2, "200000 100000\n")));
        assertEquals(3, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V2, "250000 100000\n")));
        assertEquals(1, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V2, "50000 100000\n")));
        assertEquals(2, cpus(16, Map.of("SLURM_CPUS_PER_TASK", "4"), Map.of(CpuAllowance.CGROUP_V2, "150000 100000")));
        assertEquals(16, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V2, "garbage")));
    }

    @Test
    void cgroupV1QuotaCaps() {
        assertEquals(3, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V1_QUOTA, "300000\n", CpuAllowance.CGROUP_V1_PERIOD, "100000\n")));
        assertEquals(2, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V1_QUOTA_ALT, "100000", CpuAllowance.CGROUP_V1_PERIOD_ALT, "50000")));
        assertEquals(16, cpus(16, Map.of(), Map.of(CpuAllowance.CGROUP_V1_QUOTA, "300000")));   // no period: no limit known
    }
}
