package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.Backend;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.model.WormholeInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The argument checks of the operations (backend/OperationChecks) and of the batch itself
 * (NetworkBatch): the CPU backend and the CUDA backend on the emulator refuse the same
 * arguments with the same message, for sampled batches (the device path) and explicit ones.
 */
@ExtendWith(RequiresEmulator.class)
class OperationChecksTest {
    private static final Architecture ARCH = new Architecture(3, 4, Activation.TANH, false, Distribution.gaussian(1.5),
            Scaling.DEFAULT, Optional.empty());
    private static final NetworkBatch SAMPLED = new NetworkBatch(ARCH, 7, 0, 2);
    private static final NetworkBatch EXPLICIT = NetworkBatch.explicit(Activation.TANH, false, 7, List.of(
            NetworkWeights.repeated(3, 4, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]),
            NetworkWeights.repeated(3, 4, new double[] {0, 1, 0, 1, 0, 0, 0, 0, 1}, new double[3])));

    /** An invalid call and the message both backends refuse it with. */
    private record Case(String message, Consumer<Backend> call) {}

    /** Invalid calls of every operation. */
    private static List<Case> invalidCalls(NetworkBatch batch) {
        InputPoints one = InputPoints.random(1, 1);
        StartPoints starts = new StartPoints(4, StartPoints.Box.defaultFor(Activation.TANH));
        IterationSettings it = new IterationSettings(20, 1e-8, 4, 1e-5, 10);
        PointSet twoDepths = new PointSet.Builder(2, 2, 3).build();
        List<Case> calls = new ArrayList<>();
        calls.add(new Case("no depths requested", b -> b.jacobianSpectra(batch, one, new int[0], false)));
        calls.add(new Case("depths must increase within 1..4, got [2, 2]", b -> b.jacobianSpectra(batch, one, new int[] {2, 2}, false)));
        calls.add(new Case("depths must increase within 1..4, got [5]", b -> b.jacobianSpectra(batch, one, new int[] {5}, true)));
        calls.add(new Case("given points hold fewer than 2 networks",
                b -> b.jacobianSpectra(batch, InputPoints.given(1, new double[3]), new int[] {1}, false)));
        calls.add(new Case("need 1 <= k <= N = 3, got k = 0", b -> b.lyapunov(batch, one, 0, new int[0], 0)));
        calls.add(new Case("need 1 <= k <= N = 3, got k = 4", b -> b.lyapunov(batch, one, 4, new int[0], 0)));
        calls.add(new Case("map steps must be >= 0, got -1", b -> b.lyapunov(batch, one, 1, new int[0], -1)));
        calls.add(new Case("depths must increase within 1..4, got [3, 2]", b -> b.lyapunov(batch, one, 1, new int[] {3, 2}, 5)));
        calls.add(new Case("given points hold fewer than 2 networks",
                b -> b.lyapunov(batch, InputPoints.given(1, new double[3]), 1, new int[0], 0)));
        calls.add(new Case("no depths requested", b -> b.iterateMap(batch, new int[0], starts, it)));
        calls.add(new Case("depth 5 outside 1..4", b -> b.iterateMap(batch, new int[] {1, 5}, starts, it)));
        calls.add(new Case("depth 0 outside 1..4", b -> b.newtonMap(batch, new int[] {0}, new PointSet.Builder(2, 1, 3).build(), it)));
        calls.add(new Case("point set shape (2, 2, 3) does not match networks × depths × width",
                b -> b.newtonMap(batch, new int[] {2}, twoDepths, it)));
        calls.add(new Case("point set shape (2, 2, 3) does not match networks × depths × width",
                b -> b.mapJacobians(batch, new int[] {2}, twoDepths)));
        return calls;
    }

    @Test
    void bothBackendsRefuseTheSameArgumentsWithTheSameMessage() {
        try (CpuBackend cpu = new CpuBackend(1); CudaBackend gpu = CudaBackend.onEmulator(new CpuBackend(1), x -> { })) {
            for (NetworkBatch batch : List.of(SAMPLED, EXPLICIT)) {
                for (Case t : invalidCalls(batch)) {
                    String what = (batch.sampled() ? "sampled: " : "explicit: ") + t.message();
                    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> t.call().accept(cpu), what);
                    IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> t.call().accept(gpu), what);
                    assertEquals(t.message(), c.getMessage(), what);
                    assertEquals(t.message(), g.getMessage(), what);
                }
            }
            WormholeRequest worm = new WormholeRequest(MaxNormConstruction.Variant.MAXABS, 4, WormholeInputs.UNIFORM, 1, 1,
                    new int[0]);
            for (Backend b : List.of(cpu, gpu)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.wormhole(EXPLICIT, worm));
                assertEquals("wormhole builds its own maxnorm networks: explicit weights would be ignored", e.getMessage());
            }
        }
    }

    /** The batch's own checks: indices in [0, 2^32), explicit weights that hold the batch's networks, width and depth. */
    @Test
    void aBatchChecksItsIndicesAndItsExplicitWeights() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkBatch(ARCH, 1, (1L << 32) - 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new NetworkBatch(ARCH, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NetworkBatch(ARCH, 1, 0, 0));
        ExplicitLayers layers = EXPLICIT.explicit();
        assertEquals(3, EXPLICIT.arch().width());
        assertEquals(4, EXPLICIT.arch().depth());
        assertFalse(EXPLICIT.sampled());
        assertTrue(SAMPLED.sampled() && SAMPLED.explicit() == null);
        assertEquals(2, NetworkBatch.explicit(ARCH.withDepth(2), 7, 0, 2, layers).arch().depth(), "a shallower cut");
        IllegalArgumentException deeper = assertThrows(IllegalArgumentException.class,
                () -> NetworkBatch.explicit(ARCH.withDepth(5), 7, 0, 2, layers));
        assertEquals("explicit networks of width 3 and depth 4 do not hold width 3 at depth 5", deeper.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkBatch.explicit(ARCH.withWidth(4), 7, 0, 2, layers));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NetworkBatch.explicit(ARCH, 7, 1, 2, layers));
        assertEquals("networks 1..2 are not among the explicit networks 0..1", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkBatch.explicit(ARCH, 7, 0, 2, null));
        assertThrows(IllegalArgumentException.class, () -> new ExplicitLayers(0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ExplicitLayers(0, List.of(
                NetworkWeights.repeated(3, 4, new double[9], new double[3]), NetworkWeights.repeated(3, 3, new double[9], new double[3]))));
    }
}
