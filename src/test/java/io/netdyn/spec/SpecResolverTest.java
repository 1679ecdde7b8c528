package io.netdyn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecResolverTest {
    static final List<String> MEASURES = List.of("propagation");

    @Test
    void listsAndRangesExpand() {
        assertEquals(List.of(2, 4, 8), IntList.parse("2,4,8"));
        assertEquals(List.of(1, 2, 3, 4), IntList.parse("1:4"));
        assertEquals(List.of(1, 3, 5, 7, 9), IntList.parse("1:10:2"));
        assertEquals(List.of(1, 5, 6, 7), IntList.parse("1,5:7"));
        for (String bad : new String[] {"1:", "a", "1::2", "5:1", "1:4:0", "1:2:3:4", "2,,3", "1:999999999"}) {
            assertThrows(IllegalArgumentException.class, () -> IntList.parse(bad), bad);
        }
    }

    @Test
    void gridAxesMultiplyIntoCells() {
        SweepSpec s = new SpecResolver()
                .set(SweepOption.WIDTHS, "2,4").set(SweepOption.DEPTHS, "1:5")
                .set(SweepOption.DIST, "gaussian:1,cauchy:1").set(SweepOption.ACTIVATION, "tanh,relu,erf")
                .set(SweepOption.BIAS, "none,gaussian:0.1").resolve(MEASURES);
        assertEquals(2 * 2 * 3 * 2, s.cells().size());
        assertEquals(5, s.cells().get(0).arch().depth());
        assertEquals(List.of(1, 2, 3, 4, 5), s.cells().get(0).depths());
        assertEquals(Activation.RELU, s.cells().get(1 + 3).arch().activation()); // bias index 1, activation index 1
        assertEquals(Distribution.cauchy(1), s.cells().get(6).arch().weights());
    }

    @Test
    void everyBadValueNamesItsOption() {
        Object[][] cases = {
            {SweepOption.ACTIVATION, "swish", "--activation"},
            {SweepOption.WIDTHS, "0", "--widths"},
            {SweepOption.WIDTHS, "4:2", "--widths"},
            {SweepOption.DIST, "stable:2.5:1", "--dist"},
            {SweepOption.DIST, "stable:0:1", "--dist"},
            {SweepOption.DEPTHS, "1:x", "--depths"},
            {SweepOption.NETWORKS, "0", "--networks"},
            {SweepOption.MEASURES, "nonsense", "--measures"},
            {SweepOption.BACKEND, "tpu", "--backend"},
            {SweepOption.BIAS, "orthogonal:1", "--bias"},
            {SweepOption.INPUT_CORR, "1.5", "--input-corr"},
            {SweepOption.SEED, "abc", "--seed"},
            {SweepOption.LAST_LINEAR, "maybe", "--last-linear"},
        };
        for (Object[] c : cases) {
            UsageError e = assertThrows(UsageError.class,
                    () -> new SpecResolver().set((SweepOption) c[0], (String) c[1]).resolve(MEASURES), (String) c[1]);
            assertTrue(e.getMessage().startsWith((String) c[2] + ":"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void jsonSpecIsReadAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("spec.json");
        Files.writeString(f, "{\"widths\": [8, 16], \"depths\": \"1:3\", \"dist\": [\"cauchy:1\"],"
                + " \"networks\": 50, \"last-linear\": true}");
        SweepSpec s = new SpecResolver().readJson(f).set(SweepOption.NETWORKS, "7").resolve(MEASURES);
        assertEquals(List.of(8, 16), s.grid().widths());
        assertEquals(7, s.networks());
        assertTrue(s.grid().lastLinear());
        assertEquals(Distribution.cauchy(1), s.grid().dists().get(0));
        assertEquals("7", s.settings().get("networks"));
    }

    @Test
    void aSpecsInputFilesAreRelativeToItsFolderAndTheCommandLinesToTheCurrentDirectory(@TempDir Path dir) throws Exception {
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Path f = specs.resolve("spec.json");
        Path absolute = dir.resolve("abs.npz").toAbsolutePath();
        Files.writeString(f, "{\"weights\": \"../nets/w.npz\", \"task\": \"file:data/t.npz\", \"wormhole-inputs\": \"file:"
                + absolute.toString().replace("\\", "\\\\") + "\", \"dist\": \"gaussian:1\"}");
        SpecResolver r = new SpecResolver().readJson(f);
        assertEquals(dir.resolve("nets/w.npz").normalize().toString(), r.text(SweepOption.WEIGHTS));
        assertEquals("file:" + specs.resolve("data/t.npz"), r.text(SweepOption.TASK));
        assertEquals("file:" + absolute, r.text(SweepOption.WORMHOLE_INPUTS), "absolute: as given");
        assertEquals("gaussian:1", r.text(SweepOption.DIST), "other options untouched");
        r.set(SweepOption.WEIGHTS, "here.npz");
        assertEquals("here.npz", r.text(SweepOption.WEIGHTS), "a command-line flag: relative to the current directory");
        Files.writeString(f, "{\"task\": \"autoencode:random:4\", \"wormhole-inputs\": \"uniform\", \"weights\": \"none\"}");
        SpecResolver plain = new SpecResolver().readJson(f);
        assertEquals("autoencode:random:4", plain.text(SweepOption.TASK));
        assertEquals("uniform", plain.text(SweepOption.WORMHOLE_INPUTS));
        assertEquals("none", plain.text(SweepOption.WEIGHTS));
    }

    @Test
    void badJsonSpecsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"widths\": [8, ");
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, "{\"widthz\": 8}");
        Path notObject = dir.resolve("array.json");
        Files.writeString(notObject, "[1,2]");
        for (Path p : new Path[] {broken, unknown, notObject, dir.resolve("missing.json")}) {
            UsageError e = assertThrows(UsageError.class, () -> new SpecResolver().readJson(p));
            assertTrue(e.getMessage().startsWith("--spec:"), e.getMessage());
        }
    }
}
