package io.netdyn.backend.cuda;

import io.netdyn.backend.DoesNotFitException;
import io.netdyn.backend.NetworkBatch;

/**
 * The device-memory planner shared by the CUDA operations whose networks all take the same
 * memory (every launch plan but the ragged Newton one, {@link NewtonMapOps#chunks}): a plan
 * says what one network needs on the device, and {@link #networksPerLaunch} chunks the batch
 * to the device's budget ({@link ChunkedLaunch} runs the chunks) — a sweep larger than the GPU
 * runs in chunks instead of failing. Only a single network that alone exceeds the budget is an
 * error, and the backend's preflight ({@code *BytesPerNetwork}, called by the sweep before any
 * work) raises it through {@link #requireFits} as a {@link DoesNotFitException} (which the sweep
 * refuses with exit 2) rather than mid-run.
 */
interface DevicePlan {
    /** The operation, for messages ("propagate", "lyapunov map exponent", ...). */
    String operation();

    /** Device bytes of one network: results, inputs and its blocks' global workspaces. */
    long bytesPerNetwork();

    /** The most networks one launch may hold (32-bit block and offset indices); unlimited by default. */
    default long launchLimit() { return Integer.MAX_VALUE; }

    /**
     * Networks per launch: as many as fit {@code budget} bytes, at most {@code count} and
     * {@link #launchLimit}; an {@link IllegalStateException} when not even one fits.
     */
    default int networksPerLaunch(long budget, int count) {
        long per = bytesPerNetwork();
        if (per > budget) throw new IllegalStateException(tooLarge(per, budget));
        return (int) Math.min(count, Math.min(budget / Math.max(1, per), launchLimit()));
    }

    /**
     * This plan with one network's explicit layers ({@link DeviceLayers}: {@code layerCount} layers
     * of width n) added to its bytes; this plan itself for a sampled batch.
     */
    default DevicePlan withExplicitLayers(NetworkBatch batch, int layerCount) {
        if (batch.sampled()) return this;
        DevicePlan inner = this;
        long extra = DeviceLayers.bytesPerNetwork(batch.arch().width(), layerCount);
        return new DevicePlan() {
            @Override public String operation() { return inner.operation(); }
            @Override public long bytesPerNetwork() { return inner.bytesPerNetwork() + extra; }
            @Override public long launchLimit() { return inner.launchLimit(); }
        };
    }

    /** The preflight: a {@link DoesNotFitException} naming the sizes when one network cannot fit {@code device}'s budget. */
    default void requireFits(Device device) {
        long per = bytesPerNetwork(), budget = device.memoryBudget();
        if (per > budget) {
            throw new DoesNotFitException(tooLarge(per, budget) + " on " + device.name());
        }
    }

    /**
     * A {@link DoesNotFitException} (raised in the preflight like {@link #requireFits}) when a kernel would
     * count {@code elements} in a 32-bit int: the loops over a block's layers (map_common.cuh's
     * sample_layers: Lmax·N², modes.cu's noise: D_b·N²), the N² loops of one layer, the wormhole's
     * n·k Philox elements and newton_map.cu's per-thread scratch offsets (3N² + 11N) would
     * overflow there and leave weights unsampled or index out of bounds (docs/kernels.md, "Launch
     * limits and hazards audited"). Only reachable with a global workspace of ≥ 16 GiB.
     */
    static void requireIntElements(long elements, String operation, String what) {
        if (elements > Integer.MAX_VALUE) {
            throw new DoesNotFitException(operation + " on the GPU: " + what + " = " + elements
                    + " elements exceed the kernel's 32-bit element indices");
        }
    }

    private String tooLarge(long per, long budget) {
        return String.format("one network needs %.1f MiB of device memory for %s, more than the %.1f MiB available",
                per / 1048576.0, operation(), budget / 1048576.0);
    }
}
