// probe_inputs.cuh — the S probe inputs of one network (model/ProbeInputs.fill), block-cooperative.
// Shared by propagate.cu (small N: the block's own network) and propagate_large.cu (large N).
//
// Math: x_s = √c0·g + √(1-c0)·u_s, then x_s ← x_s · √(q0·N)/‖x_s‖ (0 when ‖x_s‖ = 0), with g
// (tensor 1, element i) and u_s (tensor 0, element s·N + i) standard Gaussians of the PROBES
// stream. The norms are sums sequential in i, one thread per probe, exactly as Java.
// Shapes: X (S, N) row-major; g (N) and scale (S) are scratch (any memory the block can write).
// Cost: (S+1)·N Philox Gaussian draws, 3·S·N flops. Ends with the block synchronised.
#pragma once

#include <math.h>

#include "common.cuh"
#include "distributions.cuh"
#include "philox.cuh"

namespace netdyn {

template <typename real>
__device__ inline void fill_probe_inputs(real* X, real* g, real* scale, uint64_t seed, uint64_t network,
                                         int N, int S, double q0, double c0) {
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const int SN = S * N;
    for (int i = tid; i < N; i += nthreads) {
        const Philox4 w = stream_block(seed, STREAM_PROBES, network, 0, 1, i);
        g[i] = draw_gaussian(w.w[0], w.w[1]);
    }
    __syncthreads();
    const double a = sqrt(c0), b = sqrt(1 - c0), radius = sqrt(q0 * N);
    for (int e = tid; e < SN; e += nthreads) {
        const Philox4 w = stream_block(seed, STREAM_PROBES, network, 0, 0, e);
        const double u = draw_gaussian(w.w[0], w.w[1]);
        X[e] = a * g[e % N] + b * u;
    }
    __syncthreads();
    for (int s = tid; s < S; s += nthreads) {  // sequential in i, like Java
        double norm2 = 0;
        for (int i = 0; i < N; i++) norm2 += X[s * N + i] * X[s * N + i];
        scale[s] = norm2 > 0 ? radius / sqrt(norm2) : 0;
    }
    __syncthreads();
    for (int e = tid; e < SN; e += nthreads) X[e] *= scale[e / N];
    __syncthreads();
}

}  // namespace netdyn
