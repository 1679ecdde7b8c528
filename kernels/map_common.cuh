// map_common.cuh — device code shared by the fixed-point kernels (iterate_map.cu, newton_map.cu):
// the map's activation exactly as the CPU's MapEngine computes it, and the Philox regeneration
// of a sampled network's layers and input points (also used by lyapunov.cu, jacobian_spectra.cu),
// orthogonal (Haar) weights included (haar.cuh).
#pragma once

#include <math.h>

#include "activations.cuh"
#include "common.cuh"
#include "distributions.cuh"
#include "haar.cuh"
#include "philox.cuh"

namespace netdyn {

// tanh exactly as model/SpecialFunctions.tanh: z = |x|; Cephes' rational form on z < 0.625, else
// 1 − 2/(e^{2z} + 1) with z capped at 22 and e^a = 2^k e^r from netdyn's own exp (k by the
// 1.5·2^52 shift, r = a − k ln 2 in two fma, e^r by its Taylor polynomial to r^13). Every product
// and sum rounded on its own (nd_mul/nd_add, drawmath.cuh) and every fma explicit, so the device,
// the emulator and the CPU give the same bits.
__host__ __device__ inline double netdyn_exp_tanh(double a) {
    const double t = fma(a, 0x1.71547652b82fep0, 0x1.8p52);
    const double mk = -nd_sub(t, 0x1.8p52);
    double r = fma(mk, 0x1.62e42fefa39efp-1, a);
    r = fma(mk, 0x1.abc9e3b39803fp-56, r);
    double p = fma(0x1.6124613a86d09p-33, r, 0x1.1eed8eff8d898p-29);
    p = fma(p, r, 0x1.ae64567f544e4p-26);
    p = fma(p, r, 0x1.27e4fb7789f5cp-22);
    p = fma(p, r, 0x1.71de3a556c734p-19);
    p = fma(p, r, 0x1.a01a01a01a01ap-16);
    p = fma(p, r, 0x1.a01a01a01a01ap-13);
    p = fma(p, r, 0x1.6c16c16c16c17p-10);
    p = fma(p, r, 0x1.1111111111111p-7);
    p = fma(p, r, 0x1.5555555555555p-5);
    p = fma(p, r, 0x1.5555555555555p-3);
    p = fma(p, r, 0x1.0p-1);
    p = fma(p, r, 1.0);
    p = fma(p, r, 1.0);
    const uint64_t k_bits = (uint64_t) nd_bits(t) - 0x4338000000000000ull + 1023u;
    return nd_mul(p, nd_from_bits((int64_t) (k_bits << 52)));
}

__host__ __device__ inline double netdyn_tanh(double x) {
    const double z = fabs(x);
    double t;
    if (z >= 0.625) {
        const double zc = z > 22 ? 22.0 : z;                 // NaN stays NaN (never reaches here)
        t = nd_sub(1.0, nd_div(2.0, nd_add(netdyn_exp_tanh(nd_mul(2.0, zc)), 1.0)));
    } else {
        const double s = nd_mul(z, z);
        const double p = nd_add(nd_mul(nd_add(nd_mul(-9.64399179425052238628E-1, s), -9.92877231001918586564E1), s),
                                -1.61468768441708447952E3);
        const double q = nd_add(nd_mul(nd_add(nd_mul(nd_add(s, 1.12811678491632931402E2), s), 2.23548839060100448583E3), s),
                                4.84406305325125486048E3);
        t = nd_add(z, nd_mul(nd_mul(z, s), nd_div(p, q)));
    }
    return copysign(t, x);
}

// φ of model/Activation (tanh as the CPU's, netdyn_tanh).
__device__ inline double map_phi(int act, double x) {
    return act == ACT_TANH ? netdyn_tanh(x) : act_phi<double>(act, x);
}

// φ'(h) from v = φ(h) as backend/cpu/FastActivation.dphi: 1 − v² (tanh), v(1 − v) (logistic).
__device__ inline double map_dphi(int act, double h, double v) {
    if (act == ACT_TANH) return 1 - v * v;
    if (act == ACT_LOGISTIC) return v * (1 - v);
    return act_dphi<double>(act, h);
}

// Explicit layers (imported, hand-built, trained networks; docs/gpu.md, "Explicit networks on the
// device"): a kernel parameter `double* layers` (null = sample from Philox) holding the layers of
// the launch's networks, uploaded by the host once per launch, with `layer_count` layers per
// network, network-major then layer-major, W_l (N×N row-major) followed by b_l (N):
//   W_l[i, j] of the launch's network b at (b·layer_count + l−1)·(N² + N) + i·N + j
//   b_l[i]                             at (b·layer_count + l−1)·(N² + N) + N² + i
// explicit_network gives network `local`'s block (null when layers is null); sample_layers and
// sample_layer copy from it instead of drawing (no Haar step, no multipliers: the weights are the
// network's as given).
__host__ __device__ inline const double* explicit_network(const double* layers, int layer_count, uint64_t local, int n) {
    return layers == nullptr ? nullptr : layers + (size_t)local * layer_count * ((size_t)n * n + n);
}

// W (Lmax, N, N) and bias (Lmax, N) of `network` (TensorSampler order: mult·draw; orthogonal
// weights: the unit Gaussians, then haar.cuh's Householder.haarFromGaussian and mult per layer),
// strided over the block's threads. Not inlined on purpose: the trig slow path the draws may
// call would otherwise make ptxas save the caller's loop registers around it (spills). `static`:
// each emulator translation unit gets its own copy (nvcc sees one unity translation unit).
// haar_tau: N doubles of scratch, used (and the block's barriers passed) only for orthogonal
// weights; every thread of the block must call this then.
// given: the network's explicit layers (explicit_network) or null to sample.
[[maybe_unused]] static __device__ __noinline__ void sample_layers(double* W, double* bias, const double* given, uint64_t seed,
                                                  uint64_t network, int n,
                                                  int max_depth, int w_kind, double w_param, double w_mult,
                                                  int b_kind, double b_param, double b_mult, double* haar_tau) {
    const int nn = n * n;
    if (given != nullptr) {
        for (int e = threadIdx.x; e < max_depth * nn; e += blockDim.x) {
            const int l = e / nn;
            W[e] = given[(size_t)l * (nn + n) + (e - l * nn)];
        }
        for (int e = threadIdx.x; e < max_depth * n; e += blockDim.x) {
            const int l = e / n;
            bias[e] = given[(size_t)l * (nn + n) + nn + (e - l * n)];
        }
        return;
    }
    const bool haar = w_kind == DIST_ORTHOGONAL;
    if (haar || w_kind == DIST_GAUSSIAN) {
        for (int l = 0; l < max_depth; l++) {
            sample_gaussian_tensor(W + (size_t)l * nn, nn, seed, network, l + 1, TENSOR_WEIGHT, haar ? 1.0 : w_mult);
        }
    } else {
        for (int e = threadIdx.x; e < max_depth * nn; e += blockDim.x) {
            const int l = e / nn;
            W[e] = sample_entry_own_block(seed, network, l + 1, TENSOR_WEIGHT, e - l * nn, w_kind, w_param, w_mult);
        }
    }
    if (b_kind == DIST_GAUSSIAN) {
        for (int l = 0; l < max_depth; l++) sample_gaussian_tensor(bias + (size_t)l * n, n, seed, network, l + 1, TENSOR_BIAS, b_mult);
    } else {
        for (int e = threadIdx.x; e < max_depth * n; e += blockDim.x) {
            const int l = e / n;
            bias[e] = b_kind == DIST_NONE ? 0.0
                    : sample_entry_own_block(seed, network, l + 1, TENSOR_BIAS, e - l * n, b_kind, b_param, b_mult);
        }
    }
    if (haar) {
        for (int l = 0; l < max_depth; l++) haar_from_gaussian(W + (size_t)l * nn, n, w_mult, haar_tau);
    }
}

// W_l (N, N) and b_l (N) of `network`, one layer, strided over the block's threads (TensorSampler;
// lyapunov.cu, jacobian_spectra.cu). Not inlined, for the reason given at sample_layers; haar_tau
// as there.
// given: the network's explicit layers (explicit_network) or null to sample.
[[maybe_unused]] static __device__ __noinline__ void sample_layer(double* W, double* bias, const double* given, uint64_t seed,
                                               uint64_t network, int layer,
                                               int n, int w_kind, double w_param, double w_mult,
                                               int b_kind, double b_param, double b_mult, double* haar_tau) {
    if (given != nullptr) {
        const double* src = given + (size_t)(layer - 1) * ((size_t)n * n + n);
        for (int e = threadIdx.x; e < n * n; e += blockDim.x) W[e] = src[e];
        for (int e = threadIdx.x; e < n; e += blockDim.x) bias[e] = src[(size_t)n * n + e];
        return;
    }
    const bool haar = w_kind == DIST_ORTHOGONAL;
    if (haar || w_kind == DIST_GAUSSIAN) {
        sample_gaussian_tensor(W, n * n, seed, network, layer, TENSOR_WEIGHT, haar ? 1.0 : w_mult);
    } else {
        for (int e = threadIdx.x; e < n * n; e += blockDim.x) {
            W[e] = sample_entry_own_block(seed, network, layer, TENSOR_WEIGHT, e, w_kind, w_param, w_mult);
        }
    }
    if (b_kind == DIST_GAUSSIAN) {
        sample_gaussian_tensor(bias, n, seed, network, layer, TENSOR_BIAS, b_mult);
    } else {
        for (int e = threadIdx.x; e < n; e += blockDim.x) {
            bias[e] = b_kind == DIST_NONE ? 0.0 : sample_entry_own_block(seed, network, layer, TENSOR_BIAS, e, b_kind, b_param, b_mult);
        }
    }
    if (haar) haar_from_gaussian(W, n, w_mult, haar_tau);
}

// InputPoints.TENSOR within the PROBES stream.
constexpr uint32_t INPUT_POINTS_TENSOR = 2;

// u_i of InputPoints (unscaled) into x, strided over the block's threads.
[[maybe_unused]] static __device__ __noinline__ void draw_input_point(double* x, uint64_t seed, uint64_t network, int p, int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const Philox4 w = stream_block(seed, STREAM_PROBES, network, 0, INPUT_POINTS_TENSOR, (uint32_t)(p * n + i));
        x[i] = draw_gaussian(w.w[0], w.w[1]);
    }
}

// x_0 of block (network, p) as InputPoints.fill (lyapunov.cu, jacobian_spectra.cu): the given point, or √(qN)·u/‖u‖; scal[1] is
// scratch. Ends without a barrier after the scaling (callers' next barrier orders it).
[[maybe_unused]] static __device__ void scaled_input_point(double* x, const double* given, double* scal, uint64_t seed, uint64_t network,
                                 int p, int n, double q_len) {
    const int tid = threadIdx.x, nt = blockDim.x;
    if (given != nullptr) {
        for (int i = tid; i < n; i += nt) x[i] = given[(size_t)blockIdx.x * n + i];
        return;
    }
    draw_input_point(x, seed, network, p, n);
    __syncthreads();
    if (tid == 0) {
        double norm2 = 0;
        for (int i = 0; i < n; i++) norm2 += x[i] * x[i];
        scal[1] = norm2 > 0 ? sqrt(q_len * n) / sqrt(norm2) : 0;
    }
    __syncthreads();
    const double f = scal[1];
    for (int i = tid; i < n; i += nt) x[i] *= f;
}

// out (n, k) = diag(d) · A · B for A (n, n), B (n, k), all row-major, as RowProducts.scaledProduct
// (kScale false: no diag(d), d unused): four-term sums over the inner index, then the rest; a thread
// per element. No barrier (lyapunov.cu, jacobian_spectra.cu). A template, not a runtime flag: the
// branch cost lyapunov_depth 32 registers.
template <bool kScale>
__device__ inline void scaled_product(const double* __restrict__ d, const double* __restrict__ a,
                                      const double* __restrict__ b, double* __restrict__ out, int n, int k) {
    for (int e = threadIdx.x; e < n * k; e += blockDim.x) {
        const int i = e / k, j = e - i * k;
        const double* ai = a + (size_t)i * n;
        double s = 0;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            s += ai[c] * b[c * k + j] + ai[c + 1] * b[(c + 1) * k + j] + ai[c + 2] * b[(c + 2) * k + j]
               + ai[c + 3] * b[(c + 3) * k + j];
        }
        for (; c < n; c++) s += ai[c] * b[c * k + j];
        out[e] = kScale ? s * d[i] : s;
    }
}

}  // namespace netdyn
