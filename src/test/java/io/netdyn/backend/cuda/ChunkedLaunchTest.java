package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chunked-launch helper of the CUDA host classes: as many networks per launch as fit the
 * budget, every network's inputs and outputs at its own offsets whatever the chunking (a host
 * "kernel" y = 2x, id = network index over emulator buffers), constants copied once, and every
 * buffer freed on close.
 */
@ExtendWith(RequiresEmulator.class)
class ChunkedLaunchTest {
    private record Plan(long bytesPerNetwork) implements DevicePlan {
        @Override public String operation() { return "test op"; }
    }

    @Test
    void everyChunkCopiesItsNetworksInAndOutAtTheirOwnOffsets() {
        int count = 11, per = 3;
        double[] in = new double[count * per];
        for (int i = 0; i < in.length; i++) in[i] = i + 0.5;
        try (EmulatorDevice emu = EmulatorDevice.open()) {
            for (long budget : new long[] {1000, 100, 48}) {            // one launch; 2 networks a launch; 1
                BudgetDevice device = new BudgetDevice(emu, budget);
                double[] out = new double[count * per];
                int[] ids = new int[count], depths = new int[2];
                List<Integer> sizes = new ArrayList<>();
                List<DeviceBuffer> buffers = new ArrayList<>();
                try (ChunkedLaunch c = new ChunkedLaunch(device, new Plan(48), count)) {
                    assertEquals(Math.min(count, budget / 48), c.chunk());
                    DeviceBuffer x = c.input(in, per), y = c.output(out, per), id = c.output(ids, 1);
                    DeviceBuffer k = c.constant(new int[] {4, 9});
                    assertNull(c.input(null, per));
                    assertEquals(4, c.constant(new int[0]).bytes());
                    assertEquals(8, c.output(new double[0], 0).bytes(), "an empty output is one element, never copied");
                    buffers.addAll(List.of(x, y, id, k));
                    c.run((done, m) -> {
                        sizes.add(m);
                        double[] h = new double[m * per];
                        device.copyOut(x, 0, h, 0, m * per);
                        for (int i = 0; i < h.length; i++) h[i] *= 2;
                        device.copyIn(y, 0, h, 0, m * per);
                        int[] g = new int[m];
                        for (int b = 0; b < m; b++) g[b] = done + b;
                        device.copyIn(id, 0, g, 0, m);
                    });
                    device.copyOut(k, 0, depths, 0, 2);
                }
                int chunk = (int) Math.min(count, budget / 48);
                assertEquals((count + chunk - 1) / chunk, sizes.size(), "launches at budget " + budget);
                assertEquals(count, sizes.stream().mapToInt(Integer::intValue).sum());
                for (int i = 0; i < in.length; i++) assertEquals(2 * in[i], out[i], 0.0, "element " + i);
                for (int b = 0; b < count; b++) assertEquals(b, ids[b]);
                assertArrayEquals(new int[] {4, 9}, depths);
                assertTrue(buffers.stream().allMatch(DeviceBuffer::isFreed), "freed on close");
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new ChunkedLaunch(new BudgetDevice(emu, 47), new Plan(48), count));
            assertTrue(e.getMessage().contains("for test op"), e.getMessage());
        }
    }
}
