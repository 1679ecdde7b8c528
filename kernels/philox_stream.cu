// philox_stream.cu — the random streams, raw: Philox words and unit draws for given inputs.
//
// These exist so the Java tests can pin the device's random numbers to model/Philox4x32.java
// (bit-identical uint32 words) and model/Distribution.java (draws within 1e-12 relative),
// on the emulator in CI and on a real GPU (tag "gpu"). The production kernels call the same
// inline functions (philox.cuh, distributions.cuh), so what is checked here is what they run.
//
//   netdyn_philox_stream   out[i]  = Philox4x32-10(counters[i], keys[i])     (n,4) (n,2) -> (n,4)
//   netdyn_unit_draws_f64  out[i]  = unit_draw(kind, param, words[i])         (n,4) -> (n)
//
// One thread per element, grid-stride. Napkin math: 16–24 bytes in, 8–16 out per element;
// ~60 int ops (+ a few fp64 transcendental) each: bandwidth-bound, and irrelevant — test only.
#include "common.cuh"
#include "distributions.cuh"
#include "philox.cuh"

extern "C" __global__ void netdyn_philox_stream(const uint32_t* __restrict__ counters,
                                                const uint32_t* __restrict__ keys,
                                                uint32_t* __restrict__ out, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const uint32_t* c = counters + 4 * (size_t)i;
        const uint32_t* k = keys + 2 * (size_t)i;
        const netdyn::Philox4 b = netdyn::philox4x32_10(c[0], c[1], c[2], c[3], k[0], k[1]);
        for (int j = 0; j < 4; j++) out[4 * (size_t)i + j] = b.w[j];
    }
}
NETDYN_KERNEL_ENTRY(netdyn_philox_stream)

extern "C" __global__ void netdyn_unit_draws_f64(const uint32_t* __restrict__ words,
                                                 double* __restrict__ out, int n, int kind, double param) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const uint32_t* w = words + 4 * (size_t)i;
        netdyn::Philox4 b;
        for (int j = 0; j < 4; j++) b.w[j] = w[j];
        out[i] = netdyn::unit_draw(kind, param, b);
    }
}
NETDYN_KERNEL_ENTRY(netdyn_unit_draws_f64)
