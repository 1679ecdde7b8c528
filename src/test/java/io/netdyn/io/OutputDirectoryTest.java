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
}
