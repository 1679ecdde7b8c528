package io.netdyn.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
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
    private final boolean createdDir;
    private final List<String> files = new ArrayList<>();
    private final Thread cleanupOnKill;
    private boolean committed;

    private OutputDirectory(Path dir, Path staging, boolean createdDir) {
        this.dir = dir;
        this.staging = staging;
        this.createdDir = createdDir;
        // Ctrl-C or a scheduler's SIGTERM: leave no staging folder behind.
        this.cleanupOnKill = new Thread(this::discardQuietly, "netdyn-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnKill);
    }

    /** Creates {@code dir} if needed and a staging folder inside it. */
    public static OutputDirectory open(Path dir) throws IOException {
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".staging-");
        return new OutputDirectory(dir, staging, created);
    }

    public Path path() { return dir; }

    /** Opens a staged file for writing; it appears in the directory only at commit. */
    public BufferedWriter writer(String name) throws IOException {
        if (!files.contains(name)) files.add(name);
        return Files.newBufferedWriter(staging.resolve(name), StandardCharsets.UTF_8);
    }

    // ---- binary files in sub-folders (--save-weights: weights/NAME.npz) ----
    /**
     * Opens a staged binary file for writing; {@code name} may name a sub-folder
     * ({@code weights/x.npz}: '/'-separated, no '..'), created at commit. Like {@link #writer},
     * it appears in the directory only at commit and is listed in {@link #fileNames()}.
     */
    public OutputStream stream(String name) throws IOException {
        Path target = staged(name);
        Files.createDirectories(target.getParent());
        if (!files.contains(name)) files.add(name);
        return new BufferedOutputStream(Files.newOutputStream(target));
    }

    /** Where a staged file (closed by its writer) lies until the commit: to copy it, never to write it. */
    public Path stagedFile(String name) {
        if (!files.contains(name)) throw new IllegalArgumentException(name + " is not staged");
        return staged(name);
    }

    private Path staged(String name) {
        Path p = staging.resolve(name).normalize();
        if (name.contains("\\") || name.startsWith("/") || !p.startsWith(staging) || p.equals(staging)) {
            throw new IllegalArgumentException("not a file name inside the output directory: " + name);
        }
        return p;
    }
    // ---- end binary files ----

    public List<String> fileNames() { return List.copyOf(files); }

    /** The text of a staged file (closed by its writer), before the commit. */
    public String readStaged(String name) throws IOException {
        if (!files.contains(name)) throw new IllegalArgumentException(name + " is not staged");
        return Files.readString(staging.resolve(name), StandardCharsets.UTF_8);
    }

    /** Moves every staged file into place (atomic rename each) and removes the staging folder. */
    public synchronized void commit() throws IOException {
        for (String name : files) {
            Path from = staging.resolve(name), to = dir.resolve(name);
            if (name.indexOf('/') >= 0) Files.createDirectories(to.getParent());   // stream(): a sub-folder
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
        deleteStaging();
    }

    /**
     * Without a commit, discards everything staged — and the directory itself when this run
     * created it and it is empty, so a failed run leaves nothing behind.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnKill);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: it discards
        }
        if (!committed) {
            try {
                discard();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private synchronized void discard() throws IOException {
        if (committed) return;
        deleteStaging();
        if (createdDir) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                if (!ds.iterator().hasNext()) Files.deleteIfExists(dir);
            }
        }
    }

    private void discardQuietly() {
        try {
            discard();
        } catch (IOException | RuntimeException e) {
            // best effort while the JVM exits
        }
    }

    private void deleteStaging() throws IOException {
        if (!Files.exists(staging)) return;
        deleteTree(staging);
    }

    /** Deletes {@code p} and, if a folder, everything in it (stream() may stage sub-folders). */
    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }
}
