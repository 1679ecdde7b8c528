package io.netdyn.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.io.JsonObject;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timed backend gives the backend's results and errors, and counts every operation call. */
class BackendTimingsTest {
    @Test
    void callsAreCountedAndResultsAndErrorsPassThrough() throws Exception {
        Architecture a = new Architecture(4, 3, Activation.TANH, false, Distribution.gaussian(1), Scaling.DEFAULT, Optional.empty());
        NetworkBatch batch = new NetworkBatch(a, 1, 0, 3);
        ProbeInputs probes = new ProbeInputs(2, 1, 0);
        BackendTimings timings = new BackendTimings();
        try (CpuBackend cpu = new CpuBackend(1); Backend timed = timings.wrap(cpu)) {
            assertEquals(BackendKind.CPU, timed.kind());
            PropagationGrams want = cpu.propagate(batch, probes), got = timed.propagate(batch, probes);
            assertArrayEquals(want.yGram(), got.yGram(), 0.0);
            timed.propagate(batch, probes);
            timed.propagateBytesPerNetwork(batch, probes);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> timed.jacobianSpectra(batch, InputPoints.random(1, 1), new int[] {2, 1}, false));
            assertTrue(e.getMessage().contains("depths"), e.getMessage());
        }
        JsonObject root = new JsonObject();
        timings.writeTo(root);
        JsonNode calls = new ObjectMapper().readTree(root.toPrettyString()).get("backend_calls");
        assertEquals(2, calls.get("propagate").get("count").asLong());
        assertEquals(1, calls.get("jacobianSpectra").get("count").asLong(), "a refused call is still a call");
        assertTrue(calls.get("propagateBytesPerNetwork") == null && calls.get("kind") == null, calls.toString());
        JsonNode p = calls.get("propagate");
        assertTrue(p.get("p50_ms").asDouble() <= p.get("p99_ms").asDouble() && p.get("p99_ms").asDouble() <= p.get("max_ms").asDouble() * 1.001,
                p.toString());
    }
}
