// distributions.cuh — unit draws of io.netdyn.model.Distribution from one Philox block.
//
// With U_i = philox_uniform(w_i) (exact, identical to Java):
//   GAUSSIAN     Z = sqrt(-2 ln U0) cos(2π U1)                                (Box–Muller)
//   UNIFORM      2 U0 - 1
//   CAUCHY       tan(π (U0 - 1/2))
//   STABLE(α)    2^(-1/α) · sin(αV)/cos(V)^(1/α) · (cos(V - αV)/E)^((1-α)/α),
//                V = π(U0 - 1/2), E = -ln U1  (Chambers–Mallows–Stuck, E e^{itS} = exp(-|t|^α/2));
//                α = 1: tan(V)/2
//   STUDENT(ν)   sqrt(ν (U0^(-2/ν) - 1)) cos(2π U1)                              (Bailey 1994)
//   ORTHOGONAL   the GAUSSIAN draw; map_common.cuh's sample_layer(s) draw these unscaled and turn
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

// A scaled entry of tensor `tensor` of layer `layer` of `network` (TensorSampler): mult·draw.
__host__ __device__ inline double sample_entry(uint64_t seed, uint64_t network, uint32_t layer,
                                               uint32_t tensor, uint32_t element,
                                               int kind, double param, double mult) {
    const Philox4 b = stream_block(seed, STREAM_NETWORK, network, layer, tensor, element);
    return mult * unit_draw(kind, param, b);
}

}  // namespace netdyn
