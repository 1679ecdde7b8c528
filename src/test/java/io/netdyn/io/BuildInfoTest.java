package io.netdyn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit recorded at build time, and the fallback that reads a checkout's .git. */
class BuildInfoTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567", B = "89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void theBuildRecordsTheCommitOfTheCheckout() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        } catch (IOException noGit) {
            assumeTrue(false, "git is not installed: nothing to compare the recorded commit with");
            return;
        }
        String head = new String(p.getInputStream().readAllBytes()).trim();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "not built from a git checkout");
        assertNotNull(BuildInfo.builtCommit(), "target/classes/io/netdyn/io/build.properties holds the commit");
        assertEquals(head, BuildInfo.builtCommit());
        assertEquals(head, BuildInfo.gitCommit());
        assertEquals(head, BuildInfo.checkoutCommit(Path.of("")), "the fallback reads the same checkout (a worktree too)");
    }

    @Test
    void checkoutLookupFollowsRefsPackedRefsAndWorktrees(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo"), git = repo.resolve(".git");
        Files.createDirectories(git.resolve("refs/heads"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("refs/heads/main"), A + "\n");
        Path deep = Files.createDirectories(repo.resolve("target/classes"));
        assertEquals(A, BuildInfo.checkoutCommit(deep), "loose ref");

        Files.delete(git.resolve("refs/heads/main"));
        Files.writeString(git.resolve("packed-refs"), "# pack-refs with: peeled\n" + A + " refs/heads/main\n");
        assertEquals(A, BuildInfo.checkoutCommit(deep), "packed ref");

        // a worktree: .git is a file naming its folder under the main repository's .git/worktrees
        Path wtGit = Files.createDirectories(git.resolve("worktrees/wt"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/feature\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Files.createDirectories(git.resolve("refs/heads"));
        Files.writeString(git.resolve("refs/heads/feature"), B + "\n");
        Path wt = Files.createDirectories(dir.resolve("wt/target/classes"));
        Files.writeString(dir.resolve("wt/.git"), "gitdir: " + wtGit + "\n");
        assertEquals(B, BuildInfo.checkoutCommit(wt), "worktree: HEAD in its folder, the ref in the common one");

        Files.writeString(wtGit.resolve("HEAD"), A + "\n");
        assertEquals(A, BuildInfo.checkoutCommit(wt), "detached HEAD");
        Path odd = Files.createDirectories(dir.resolve("odd/sub"));
        Files.writeString(dir.resolve("odd/.git"), "not a gitdir line\n");
        assertEquals(BuildInfo.UNKNOWN, BuildInfo.checkoutCommit(odd), "a .git file that names no folder: unknown");
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/gone\n");
        assertEquals(BuildInfo.UNKNOWN, BuildInfo.checkoutCommit(deep), "a ref that does not exist: unknown");
    }
}
