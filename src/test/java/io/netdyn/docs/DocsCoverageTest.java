package io.netdyn.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.measure.Measures;
import io.netdyn.spec.SweepOption;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every option and every measure a user can name is documented. */
class DocsCoverageTest {
    static final Path DOCS = Path.of("docs");

    @Test
    void everySweepOptionIsInTheCliGuide() throws Exception {
        String cli = Files.readString(DOCS.resolve("cli.md"));
        for (SweepOption o : SweepOption.values()) {
            assertTrue(cli.contains("`--" + o.key()), "docs/cli.md does not document --" + o.key());
            if (!o.isFlag()) {
                assertTrue(cli.contains("| " + o.defaultValue() + " |"),
                        "docs/cli.md does not show the default '" + o.defaultValue() + "' of --" + o.key());
            }
        }
    }

    @Test
    void everyMeasureHasAPage() {
        for (String m : Measures.names()) {
            Path page = DOCS.resolve("measures").resolve(m + ".md");
            assertTrue(Files.exists(page), "missing " + page);
        }
    }
}
