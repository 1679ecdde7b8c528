package io.netdyn.io;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** netdyn's version and, when it can be found, the git commit it was built from. */
public final class BuildInfo {
    private BuildInfo() {}

    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /**
     * The commit of the checkout the running jar (or classes folder) lives in, read from
     * .git/HEAD without calling git; "unknown" when the code does not sit in a checkout.
     */
    public static String gitCommit() {
        try {
            Path p = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                Path git = d.resolve(".git");
                if (Files.isDirectory(git)) return readHead(git);
            }
        } catch (URISyntaxException | IOException | SecurityException | NullPointerException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String readHead(Path git) throws IOException {
        String head = Files.readString(git.resolve("HEAD")).trim();
        if (!head.startsWith("ref: ")) return head;
        String ref = head.substring(5);
        Path loose = git.resolve(ref);
        if (Files.exists(loose)) return Files.readString(loose).trim();
        Path packed = git.resolve("packed-refs");
        if (Files.exists(packed)) {
            for (String line : Files.readAllLines(packed)) {
                if (line.endsWith(" " + ref)) return line.substring(0, line.indexOf(' '));
            }
        }
        return "unknown";
    }
}
