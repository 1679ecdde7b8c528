// distributions.cuh — unit draws of io.netdyn.model.Distribution from one Philox block.
//
// With U_i = philox_uniform(w_i) (exact, identical to Java):
//   GAUSSIAN     Z = sqrt(-2 ln U0) cos(2π U1)                                (Box–Muller);
//                weight and bias tensors: four per block (sample_entry, below)
//   UNIFORM      2 U0 - 1
//   CAUCHY       tan(π (U0 - 1/2))
//   STABLE(α)    2^(-1/α) · sin(αV)/cos(V)^(1/α) · (cos(V - αV)/E)^((1-α)/α),
//                V = π(U0 - 1/2), E = -ln U1  (Chambers–Mallows–Stuck, E e^{itS} = exp(-|t|^α/2));
//                α = 1: tan(V)/2
//   STUDENT(ν)   sqrt(ν (U0^(-2/ν) - 1)) cos(2π U1)                              (Bailey 1994)
//   ORTHOGONAL   the GAUSSIAN draw (four elements per block, as GAUSSIAN tensors: sample_entry);
//                map_common.cuh's sample_layer(s) draw these unscaled and turn
//                each N×N layer into the Haar matrix with haar.cuh (Householder.haarFromGaussian)
//                before the multiplier; propagate.cu draws weights tile by tile and cannot, so
//                CudaBackend sends orthogonal propagate to the large path (sample_weights.cu:
//                sample_layer unscaled, then haar_layer)
// ln U0 and cos(2π U1) in GAUSSIAN (so ORTHOGONAL) and STUDENT are drawmath.cuh's functions of
// the words w0, w1 (io.netdyn.model.DrawMath: table + atanh series for ln, exact quadrant
// reduction + Taylor polynomials for cos, within 1 ulp; only IEEE-exact operations, every FMA
// explicit): the same bits as Java on the device and in the emulator, so GAUSSIAN, ORTHOGONAL and UNIFORM draws are bit-identical to Java. Every other
// expression keeps Java's operation order, so only the library functions left (log, tan, sin,
// cos, pow in CAUCHY, STABLE and STUDENT's pow: ≤ 1–2 ulp on both sides) can differ: compare
// those with a tolerance.
// Computed in double regardless of the kernel's `real` (uniforms need 53 bits to be exact).
#pragma once

#include <math.h>

#include "common.cuh"
#include "drawmath.cuh"
#include "philox.cuh"

namespace netdyn {

// Distribution.Kind ordinals; NONE (-1) marks "no bias".
enum DistKind : int { DIST_NONE = -1, DIST_GAUSSIAN = 0, DIST_UNIFORM = 1, DIST_CAUCHY = 2,
                      DIST_STABLE = 3, DIST_STUDENT = 4, DIST_ORTHOGONAL = 5 };

// Box–Muller from the block's words 0 and 1 with drawmath.cuh's exact ln and cos.
__host__ __device__ inline double draw_gaussian(uint32_t w0, uint32_t w1) {
    return gaussian_words(w0, w1);
}

__host__ __device__ inline double draw_stable(double alpha, double u0, double u1) {
    const double v = PI * (u0 - 0.5);
    const double e = -log(u1);
    if (alpha == 1.0) return 0.5 * tan(v);
    const double x = sin(alpha * v) / pow(cos(v), 1 / alpha)
                   * pow(cos(v - alpha * v) / e, (1 - alpha) / alpha);
    return pow(2.0, -1 / alpha) * x;
}

__host__ __device__ inline double draw_student(double nu, double u0, uint32_t w1) {
    return sqrt(nu * (pow(u0, -2.0 / nu) - 1)) * cos2pi_uniform(w1);
}

// One unit-scale draw (Distribution.draw): kind is a DistKind, param is α or ν.
__host__ __device__ inline double unit_draw(int kind, double param, const Philox4& b) {
    const double u0 = philox_uniform(b.w[0]);
    const double u1 = philox_uniform(b.w[1]);
    switch (kind) {
        case DIST_UNIFORM: return 2 * u0 - 1;
        case DIST_CAUCHY: return tan(PI * (u0 - 0.5));
        case DIST_STABLE: return draw_stable(param, u0, u1);
        case DIST_STUDENT: return draw_student(param, u0, b.w[1]);
        default: return draw_gaussian(b.w[0], b.w[1]);  // GAUSSIAN, ORTHOGONAL
    }
}

// Variate j (0..3) of one block given its pair's radius r (box_muller_radius of w0 for j < 2,
// of w2 beyond): r cos 2πU then r sin 2πU = r cos 2π(U - 1/4) (word - 2^30), U of w1 or w3.
// Selects, not b.w[j | 1]: a run-time array index would put the block in local memory.
__host__ __device__ inline double block_variate(double r, const Philox4& b, uint32_t j) {
    const uint32_t w1 = (j & 2) ? b.w[3] : b.w[1];
    return nd_mul(r, cos2pi_uniform(w1 - (j & 1) * (1u << 30)));
}

// Gaussian j (0..3) of one block (DrawMath.gaussianOfBlock): both Box–Muller variates of the
// pairs (w0, w1) and (w2, w3) — gaussian_words of (w0, w1), (w0, w1 - 2^30), (w2, w3), (w2, w3 - 2^30).
__host__ __device__ inline double gaussian_of_block(const Philox4& b, uint32_t j) {
    return block_variate(box_muller_radius((j & 2) ? b.w[2] : b.w[0]), b, j);
}

// An entry of a kind that draws one block per element (all but GAUSSIAN and ORTHOGONAL): mult·draw.
__host__ __device__ inline double sample_entry_own_block(uint64_t seed, uint64_t network, uint32_t layer,
                                                         uint32_t tensor, uint32_t element,
                                                         int kind, double param, double mult) {
    const Philox4 b = stream_block(seed, STREAM_NETWORK, network, layer, tensor, element);
    return mult * unit_draw(kind, param, b);
}

// A scaled entry of tensor `tensor` of layer `layer` of `network` (TensorSampler): mult·draw.
// Random-stream layout 2: a GAUSSIAN (or ORTHOGONAL) tensor's element e is gaussian_of_block of
// block e/4, j = e mod 4; every other kind draws one block per element.
__host__ __device__ inline double sample_entry(uint64_t seed, uint64_t network, uint32_t layer,
                                               uint32_t tensor, uint32_t element,
                                               int kind, double param, double mult) {
    if (kind == DIST_GAUSSIAN || kind == DIST_ORTHOGONAL) {
        const Philox4 q = stream_block(seed, STREAM_NETWORK, network, layer, tensor, element >> 2);
        return mult * gaussian_of_block(q, element & 3);
    }
    return sample_entry_own_block(seed, network, layer, tensor, element, kind, param, mult);
}

// A whole Gaussian (or ORTHOGONAL) tensor, out[e] = sample_entry(.., e, ..) for e in [0, count),
// strided over the block's threads one Philox block (four elements) at a time: each block and
// each pair's radius computed once (sample_entry draws a block per element).
__device__ inline void sample_gaussian_tensor(double* out, int count, uint64_t seed, uint64_t network,
                                              uint32_t layer, uint32_t tensor, double mult) {
    for (int g = threadIdx.x; 4 * g < count; g += blockDim.x) {
        const Philox4 q = stream_block(seed, STREAM_NETWORK, network, layer, tensor, (uint32_t)g);
        const double r0 = box_muller_radius(q.w[0]), r2 = box_muller_radius(q.w[2]);
#pragma unroll 1
        for (int j = 0; j < 4 && 4 * g + j < count; j++) out[4 * g + j] = mult * block_variate((j & 2) ? r2 : r0, q, j);
    }
}

}  // namespace netdyn
