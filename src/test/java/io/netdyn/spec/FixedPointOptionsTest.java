package io.netdyn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.StartPoints;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FixedPointOptionsTest {
    static final List<String> MEASURES = List.of("propagation", "fixedpoints");

    @Test
    void defaultsComeFromTheOptionTable() {
        FixedPointOptions o = new SpecResolver().resolve(MEASURES).fixedPoints();
        assertEquals(FixedPointOptions.defaults(), o);
        assertEquals(64, o.starts());
        assertEquals(1000, o.maxIter());
        assertEquals(FixedPointOptions.Newton.SEARCH, o.newton());
        assertEquals(8, o.cycles());
        assertEquals(StartPoints.Box.uniform(-1, 1), o.startsFor(Activation.TANH).box());
        assertEquals(StartPoints.Box.uniform(0, 1), o.startsFor(Activation.LOGISTIC).box());
    }

    @Test
    void valuesAreParsed() {
        FixedPointOptions o = new SpecResolver().set(SweepOption.STARTS, "10").set(SweepOption.MAX_ITER, "50")
                .set(SweepOption.TOL, "1e-10").set(SweepOption.MERGE_TOL, "1e-4").set(SweepOption.NEWTON, "polish")
                .set(SweepOption.START_BOX, "gaussian:2").set(SweepOption.CYCLES, "3").resolve(MEASURES).fixedPoints();
        assertEquals(new FixedPointOptions(10, 50, 1e-10, 1e-4, FixedPointOptions.Newton.POLISH,
                Optional.of(StartPoints.Box.gaussian(2)), 3), o);
        assertEquals(StartPoints.Box.gaussian(2), o.startsFor(Activation.LOGISTIC).box(), "an explicit box wins");
        assertEquals(StartPoints.Box.uniform(-0.5, 2),
                new SpecResolver().set(SweepOption.START_BOX, "-0.5:2").resolve(MEASURES).fixedPoints().startBox().get());
    }

    @Test
    void everyBadValueNamesItsOption() {
        Object[][] cases = {
            {SweepOption.STARTS, "0"}, {SweepOption.STARTS, "x"}, {SweepOption.MAX_ITER, "0"},
            {SweepOption.TOL, "0"}, {SweepOption.TOL, "1.5"}, {SweepOption.MERGE_TOL, "1e-9"},
            {SweepOption.NEWTON, "always"}, {SweepOption.START_BOX, "1:0"}, {SweepOption.START_BOX, "box"},
            {SweepOption.START_BOX, "gaussian:0"}, {SweepOption.START_BOX, "gaussian:-1"}, {SweepOption.CYCLES, "0"},
        };
        for (Object[] c : cases) {
            SweepOption o = (SweepOption) c[0];
            UsageError e = assertThrows(UsageError.class, () -> new SpecResolver().set(o, (String) c[1]).resolve(MEASURES),
                    o.key() + " " + c[1]);
            assertTrue(e.getMessage().startsWith("--" + o.key() + ":"), e.getMessage());
        }
    }
}
