package io.netdyn.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and meaning of --jacobian-every, --jacobian-eigenvalues, --esd-bins, --lyapunov-k, --map-steps. */
class JacobianOptionsTest {
    static final List<String> MEASURES = List.of("propagation", "jacobian", "lyapunov");

    @Test
    void defaultsComeFromTheOptionTable() {
        SweepSpec s = new SpecResolver().set(SweepOption.DEPTHS, "1,5,9").resolve(MEASURES);
        JacobianOptions o = s.jacobian();
        assertEquals(JacobianOptions.defaults(), o);
        assertArrayEquals(new int[] {1, 5, 9}, o.spectraDepths(s.cells().get(0)));   // every = 0: the --depths
        assertEquals(32, o.lyapunovK(32));                                         // k = 0: all N
        assertTrue(o.eigenvalues());
    }

    @Test
    void everyKthLayerUpToTheDeepestDepth() {
        SweepSpec s = new SpecResolver().set(SweepOption.DEPTHS, "50").set(SweepOption.JACOBIAN_EVERY, "10")
                .set(SweepOption.LYAPUNOV_K, "5").set(SweepOption.MAP_STEPS, "0")
                .set(SweepOption.JACOBIAN_EIGENVALUES, "false").set(SweepOption.ESD_BINS, "7").resolve(MEASURES);
        JacobianOptions o = s.jacobian();
        assertArrayEquals(new int[] {10, 20, 30, 40, 50}, o.spectraDepths(s.cells().get(0)));
        assertEquals(new JacobianOptions(10, false, 7, 5, 0), o);
        assertEquals(3, o.lyapunovK(3));                                           // k capped at N
        SweepSpec t = new SpecResolver().set(SweepOption.DEPTHS, "1:7").set(SweepOption.JACOBIAN_EVERY, "3").resolve(MEASURES);
        assertArrayEquals(new int[] {3, 6}, t.jacobian().spectraDepths(t.cells().get(0)));
    }

    @Test
    void badValuesNameTheirOption() {
        Object[][] bad = {{SweepOption.JACOBIAN_EVERY, "-1"}, {SweepOption.JACOBIAN_EVERY, "21"},
            {SweepOption.ESD_BINS, "0"}, {SweepOption.LYAPUNOV_K, "-2"}, {SweepOption.MAP_STEPS, "x"},
            {SweepOption.JACOBIAN_EIGENVALUES, "maybe"}};
        for (Object[] b : bad) {
            SweepOption opt = (SweepOption) b[0];
            UsageError e = assertThrows(UsageError.class,
                    () -> new SpecResolver().set(SweepOption.DEPTHS, "1:20").set(opt, (String) b[1]).resolve(MEASURES));
            assertTrue(e.getMessage().startsWith("--" + opt.key()), e.getMessage());
        }
    }
}
