package io.netdyn.backend.cpu;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendContract;

/** The backend contract on the CPU backend. */
class CpuBackendContractTest extends BackendContract {
    @Override protected String unavailableReason() { return null; }

    @Override protected Backend openBackend(int threads) { return new CpuBackend(threads); }
}
