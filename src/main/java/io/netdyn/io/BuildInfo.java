package io.netdyn.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** netdyn's version and, when it can be found, the git commit it was built from. */
public final class BuildInfo {
    /** Written at build time (pom.xml, generate-resources: {@code git rev-parse HEAD}). */
    static final String PROPERTIES = "build.properties";
    public static final String UNKNOWN = "unknown";

    private BuildInfo() {}

    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /**
     * The commit recorded at build time; else that of the checkout the running jar (or classes
     * folder) lives in, read from .git without calling git; else "unknown".
     */
    public static String gitCommit() {
        String built = builtCommit();
        if (built != null) return built;
        try {
            Path p = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return checkoutCommit(p);
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** git.commit of the build-time resource, or null when absent, empty or "unknown". */
    static String builtCommit() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(PROPERTIES)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            String c = p.getProperty("git.commit", "").trim();
            return c.matches("[0-9a-f]{7,64}") ? c : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The HEAD commit of the first checkout at or above {@code start}: .git as a folder, or as the
     * file "gitdir: PATH" of a worktree or submodule (refs then live in its commondir); "unknown" when none.
     */
    public static String checkoutCommit(Path start) {
        try {
            for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
                Path git = d.resolve(".git");
                if (Files.isDirectory(git)) return readHead(git, git);
                if (Files.isRegularFile(git)) {
                    String line = Files.readString(git).trim();
                    if (!line.startsWith("gitdir:")) return UNKNOWN;
                    Path dir = d.resolve(line.substring(7).trim()).normalize();
                    Path common = dir;
                    if (Files.isRegularFile(dir.resolve("commondir"))) common = dir.resolve(Files.readString(dir.resolve("commondir")).trim()).normalize();
                    return readHead(dir, common);
                }
            }
        } catch (IOException | SecurityException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    /** HEAD of {@code gitDir}, its ref looked up in {@code gitDir} then {@code common} (loose, then packed-refs). */
    private static String readHead(Path gitDir, Path common) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD")).trim();
        if (!head.startsWith("ref: ")) return head;
        String ref = head.substring(5);
        for (Path g : new Path[] {gitDir, common}) {
            Path loose = g.resolve(ref);
            if (Files.isRegularFile(loose)) return Files.readString(loose).trim();
        }
        for (Path g : new Path[] {gitDir, common}) {
            Path packed = g.resolve("packed-refs");
            if (!Files.isRegularFile(packed)) continue;
            for (String line : Files.readAllLines(packed)) {
                if (line.endsWith(" " + ref)) return line.substring(0, line.indexOf(' '));
            }
        }
        return UNKNOWN;
    }
}
