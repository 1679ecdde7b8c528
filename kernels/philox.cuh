// philox.cuh — Philox4x32-10 (Salmon et al., SC'11, "Random123") and netdyn's counter layout.
//
// Bit-identical to io.netdyn.model.Philox4x32 and io.netdyn.model.Streams (pinned by
// PhiloxStream tests on random counters and the three Random123 known-answer vectors).
//
// One round, then the Weyl key bump k += (W0, W1); ten rounds:
//   (c0,c1,c2,c3) -> (hi(M1·c2) ^ c1 ^ k0, lo(M1·c2), hi(M0·c0) ^ c3 ^ k1, lo(M0·c0))
// Counter layout (Streams.java): c0 = element, c1 = layer (1-based; 0 = inputs),
// c2 = network index, c3 = stream << 16 | tensor; key = (seed lo32, seed hi32).
//
// Cost: 10 rounds × (2 wide multiplies + 4 xor) ≈ 60 integer ops per 128 random bits.
// hi/lo via a 64-bit product: nvcc turns it into one mul.wide.u32 (same as __umulhi + mul.lo).
#pragma once

#include "common.cuh"

namespace netdyn {

struct Philox4 {
    uint32_t w[4];
};

__host__ __device__ inline Philox4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                                 uint32_t k0, uint32_t k1) {
    const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
    const uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
#pragma unroll
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k0 += W0; k1 += W1; }
        const uint64_t p0 = (uint64_t)M0 * c0;
        const uint64_t p1 = (uint64_t)M1 * c2;
        const uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        const uint32_t n1 = (uint32_t)p1;
        const uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        const uint32_t n3 = (uint32_t)p0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    }
    Philox4 out;
    out.w[0] = c0; out.w[1] = c1; out.w[2] = c2; out.w[3] = c3;
    return out;
}

// Uniform in (0,1): w·2^-32 + 2^-33, exact in double, never 0 or 1 (Philox4x32.uniform).
__host__ __device__ inline double philox_uniform(uint32_t w) {
    return (double)w * 0x1p-32 + 0x1p-33;
}

// Streams.java ids and tensor numbers.
enum Stream : uint32_t { STREAM_NETWORK = 0, STREAM_PROBES = 1, STREAM_STARTS = 2, STREAM_PERTURB = 3 };
enum Tensor : uint32_t { TENSOR_WEIGHT = 0, TENSOR_BIAS = 1 };

// The Philox block of one element: Streams.block(seed, network, layer, tensor, element).
__host__ __device__ inline Philox4 stream_block(uint64_t seed, uint32_t stream, uint64_t network,
                                                uint32_t layer, uint32_t tensor, uint32_t element) {
    return philox4x32_10(element, layer, (uint32_t)network, (stream << 16) | tensor,
                         (uint32_t)seed, (uint32_t)(seed >> 32));
}

}  // namespace netdyn
