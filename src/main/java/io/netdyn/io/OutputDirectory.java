package io.netdyn.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output directory of a run. Files are written into a hidden staging folder inside it
 * ({@code .staging-*}), each under its name plus {@link #PARTIAL} — never under a results name —
 * and moved into place, renamed to its real name, only by {@link #commit()}, each with an atomic
 * rename: a crash or a kill never leaves a half-written results file, and a failed run leaves
 * nothing new.
 *
 * <p>A SIGKILL (or a power cut) skips the cleanup, so every staging folder holds a {@link #OWNER}
 * file, "PID HOST START": the process that owns it. {@link #open} first removes the staging folders
 * of dead runs: those whose owner is on this host and is no longer running (no process with that
 * pid, or one started at another time: a reused pid), and those without an owner file older than
 * {@link #UNOWNED_GRACE_MS} (killed between creating the folder and writing the file). A folder
 * owned by a process on another host (a shared file system) is left alone: its owner cannot be
 * checked from here.
 */
public final class OutputDirectory implements AutoCloseable {
    /** Staged files carry this suffix until the commit renames them. */
    public static final String PARTIAL = ".partial";
    /** The owner file of a staging folder: "PID HOST START-EPOCH-MS". */
    public static final String OWNER = "owner";
    static final String STAGING_PREFIX = ".staging-";
    /** A staging folder without an owner file is taken as stale after this long. */
    static final long UNOWNED_GRACE_MS = 10 * 60 * 1000L;

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
        if (!created) removeStale(dir);
        Path staging = createUniqueDirectory(dir, STAGING_PREFIX);
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(staging.resolve(OWNER), self.pid() + " " + host() + " " + startMillis(self) + "\n", StandardCharsets.UTF_8);
        return new OutputDirectory(dir, staging, created);
    }

    private static final AtomicLong UNIQUE = new AtomicLong();

    /**
     * A new directory {@code prefix + pid-count-nanotime} in {@code parent}. Why not
     * {@code Files.createTempDirectory}: its random name initialises {@code SecureRandom} and the
     * security providers, ≈ 25 ms of every sweep's start-up. {@code createDirectory} is atomic, so
     * a name another process took (the same pid on another host of a shared file system) is
     * skipped.
     */
    static Path createUniqueDirectory(Path parent, String prefix) throws IOException {
        long pid = ProcessHandle.current().pid();
        while (true) {
            Path p = parent.resolve(prefix + pid + "-" + UNIQUE.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()));
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException taken) {
                // next name
            }
        }
    }

    /** Removes the staging folders in {@code dir} of runs that are no longer alive (see the class comment); returns them. */
    static List<Path> removeStale(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && isStale(p)) {
                    deleteTree(p);
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    static boolean isStale(Path staging) {
        Path owner = staging.resolve(OWNER);
        try {
            if (!Files.isRegularFile(owner)) {
                return System.currentTimeMillis() - Files.getLastModifiedTime(staging).toMillis() > UNOWNED_GRACE_MS;
            }
            String[] f = Files.readString(owner, StandardCharsets.UTF_8).trim().split(" ");
            if (f.length < 3 || !f[1].equals(host())) return false;       // another host's: not ours to judge
            long pid = Long.parseLong(f[0]), start = Long.parseLong(f[2]);
            return ProcessHandle.of(pid).map(h -> !h.isAlive() || (start != 0 && startMillis(h) != 0 && startMillis(h) != start))
                    .orElse(true);
        } catch (IOException | RuntimeException e) {
            return false;                                                   // unreadable: leave it
        }
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
            } catch (IOException | RuntimeException e) {
                h = "";
            }
        }
        if (h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "unknown-host";
            }
        }
        return h.replace(' ', '_');
    }

    public Path path() { return dir; }

    /** Opens a staged file for writing; it appears in the directory only at commit. */
    public BufferedWriter writer(String name) throws IOException {
        if (!files.contains(name)) files.add(name);
        return Files.newBufferedWriter(staging.resolve(name + PARTIAL), StandardCharsets.UTF_8);
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
        return staging.resolve(name + PARTIAL);
    }
    // ---- end binary files ----

    public List<String> fileNames() { return List.copyOf(files); }

    /** The text of a staged file (closed by its writer), before the commit. */
    public String readStaged(String name) throws IOException {
        if (!files.contains(name)) throw new IllegalArgumentException(name + " is not staged");
        return Files.readString(staging.resolve(name + PARTIAL), StandardCharsets.UTF_8);
    }

    /** Moves every staged file into place (atomic rename each) and removes the staging folder. */
    public synchronized void commit() throws IOException {
        for (String name : files) {
            Path from = staging.resolve(name + PARTIAL), to = dir.resolve(name);
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
        deleteTree(staging);
    }

    /** Deletes {@code p} and, if a folder, everything in it (stream() may stage sub-folders). */
    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }
}
