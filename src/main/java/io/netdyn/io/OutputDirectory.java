package io.netdyn.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The output directory of a run. Files are written into a hidden staging folder inside it
 * and moved into place only by {@link #commit()}, each with an atomic rename: a crash or a
 * kill never leaves a half-written results file, and a failed run leaves nothing new.
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path dir;
    private final Path staging;
    private final List<String> files = new ArrayList<>();
    private boolean committed;

    private OutputDirectory(Path dir, Path staging) {
        this.dir = dir;
        this.staging = staging;
    }

    public static OutputDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".staging-");
        return new OutputDirectory(dir, staging);
    }

    public Path path() { return dir; }

    /** Opens a staged file for writing; it appears in the directory only at commit. */
    public BufferedWriter writer(String name) throws IOException {
        if (!files.contains(name)) files.add(name);
        return Files.newBufferedWriter(staging.resolve(name), StandardCharsets.UTF_8);
    }

    public List<String> fileNames() { return List.copyOf(files); }

    /** Moves every staged file into place (atomic rename each) and removes the staging folder. */
    public void commit() throws IOException {
        for (String name : files) {
            Path from = staging.resolve(name), to = dir.resolve(name);
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
        deleteStaging();
    }

    /** Without a commit, discards everything staged. */
    @Override
    public void close() {
        if (!committed) {
            try {
                deleteStaging();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void deleteStaging() throws IOException {
        if (!Files.exists(staging)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            for (Path p : ds) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(staging);
    }
}
