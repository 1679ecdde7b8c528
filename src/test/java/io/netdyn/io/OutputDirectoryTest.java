package io.netdyn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
    @Test
    void uniqueDirectoriesAreNewAndDistinct(@TempDir Path dir) throws Exception {
        java.util.Set<Path> made = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 250; i++) made.add(OutputDirectory.createUniqueDirectory(dir, ".staging-"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        assertEquals(1000, made.size());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1000, s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(".staging-" + ProcessHandle.current().pid() + "-")).count());
        }
    }

    @Test
    void nothingAppearsBeforeCommitAndEverythingAfter(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("out");
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            try (BufferedWriter w = out.writer("a.csv")) { w.write("x\n1\n"); }
            assertFalse(Files.exists(dir.resolve("a.csv")), "visible before commit");
            out.commit();
        }
        assertEquals("x\n1\n", Files.readString(dir.resolve("a.csv")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no staging folder left");
        }
    }

    @Test
    void aFailedRunLeavesNoDirectoryItCreated(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("new");
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            try (BufferedWriter w = out.writer("results.csv")) { w.write("half"); }
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void aFailedRunKeepsWhatWasAlreadyThere(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(dir.resolve("results.csv"), "previous");
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            try (BufferedWriter w = out.writer("results.csv")) { w.write("half"); }
        }
        assertEquals("previous", Files.readString(dir.resolve("results.csv")));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().equals("results.csv")));
        }
    }

    /** While a run writes, its staging folder holds only *.partial files and its owner file: never a results name. */
    @Test
    void stagedFilesNeverCarryAResultsName(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("out");
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            try (BufferedWriter w = out.writer("results.csv")) { w.write("x\n"); }
            try (BufferedWriter w = out.writer("fixedpoints.csv")) { w.write("y\n"); }
            Path staging;
            try (Stream<Path> s = Files.list(dir)) { staging = s.filter(p -> p.getFileName().toString().startsWith(".staging-")).findFirst().orElseThrow(); }
            try (Stream<Path> s = Files.list(staging)) {
                assertEquals(java.util.Set.of("results.csv.partial", "fixedpoints.csv.partial", OutputDirectory.OWNER),
                        s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
            }
            assertTrue(Files.readString(staging.resolve(OutputDirectory.OWNER)).startsWith(ProcessHandle.current().pid() + " "));
            assertEquals("x\n", out.readStaged("results.csv"));
            out.commit();
        }
        assertEquals("x\n", Files.readString(dir.resolve("results.csv")));
        assertEquals("y\n", Files.readString(dir.resolve("fixedpoints.csv")));
    }

    /** A kill -9 leaves a staging folder: the next run in that directory removes it if its owner is dead, and only then. */
    @Test
    void staleStagingOfDeadRunsIsRemovedAtStart(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long start = gone.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        Path dead = stagingOwnedBy(dir, "dead", gone.pid() + " " + OutputDirectory.host() + " " + start);
        Path reused = stagingOwnedBy(dir, "reused", ProcessHandle.current().pid() + " " + OutputDirectory.host() + " 12345");
        Path alive = stagingOwnedBy(dir, "alive", ProcessHandle.current().pid() + " " + OutputDirectory.host() + " "
                + ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
        Path elsewhere = stagingOwnedBy(dir, "elsewhere", "1 some-other-host 0");
        Path unownedOld = Files.createDirectories(dir.resolve(".staging-unowned-old"));
        Files.writeString(unownedOld.resolve("results.csv"), "truncat");
        Files.setLastModifiedTime(unownedOld, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L));
        Path unownedNew = Files.createDirectories(dir.resolve(".staging-unowned-new"));
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            out.commit();
        }
        assertFalse(Files.exists(dead), "a dead run's staging");
        assertFalse(Files.exists(reused), "a staging whose pid now belongs to another process");
        assertFalse(Files.exists(unownedOld), "an old staging without owner");
        assertTrue(Files.exists(alive), "a live run's staging");
        assertTrue(Files.exists(elsewhere), "another host's staging");
        assertTrue(Files.exists(unownedNew), "a staging just created, owner not yet written");
    }

    private static Path stagingOwnedBy(Path dir, String name, String owner) throws Exception {
        Path p = Files.createDirectories(dir.resolve(".staging-" + name));
        Files.writeString(p.resolve("results.csv.partial"), "measure,wid");
        Files.writeString(p.resolve(OutputDirectory.OWNER), owner + "\n");
        return p;
    }
}
