// haar.cuh — Haar-distributed orthogonal weights (`--dist orthogonal:S`) on the device: the
// Gaussian N×N matrix already in W turned into the CPU's Haar matrix, in place, by one block.
//
// CPU reference: linalg/Householder.haarFromGaussian (through model/TensorSampler.weights:
// draw the unit Gaussians, orthogonalise, then multiply by the weight multiplier). Checked through
// the emulator by HaarEmulatorTest (netdyn_haar_f64 in linalg_batched.cu, within 1e-12 of the CPU's
// matrix) and, inside the sampled-network kernels, by the orthogonal cases of the emulator tests.
//
// Math (Mezzadri 2007), exactly Householder.factor + formQ + the sign fix:
//   factor, j = 0..N−1:  ν = ‖W(j:N, j)‖ (Math.hypot chain, one thread: fdlibm_hypot); ν = 0: τ_j = 0, next;
//                        α = W(j,j), β = α > 0 ? −ν : ν, v = (1, W(j+1:N, j)·(1/(α−β))),
//                        τ_j = (β−α)/β, R(j,j) = β;  W(j:N, k) −= τ_j v (vᵀ W(j:N, k)), k > j
//   formQ, j = N−1..0:   Q = H_0 ··· H_{N−1} applied to I from the right end (the reference's order)
//   H = Q · diag(sign R_kk) · mult,   sign = −1 when R_kk < 0, else +1.
// In place (no N² copy): formQ step j only touches rows and columns ≥ j, and the reflector j it
// reads is column j below the diagonal, which the step itself overwrites last. So step j updates
// the columns k > j first — reading the reference's q[j][k] = 0 as the literal 0 (R's entries
// live there) — and then, after a barrier, column j (q[j][j] = 1 − τ_j, q[i][j] = 0 − τ_j v_i: the
// reference's 1 + Σ v_i·0 = 1 times τ_j); a step with τ_j = 0 writes the unit column and row.
// Every arithmetic operation is the reference's in its order, so with fp-contract off (the
// emulator) the result is the CPU's bit for bit; the norms use fdlibm's hypot (Java's Math.hypot),
// ported below, not libm's.
//
// Scratch: tau, N doubles (τ_j, negated when R(j,j) < 0: τ_j > 0 whenever ν > 0, so its sign bit
// carries the sign fix from the factorisation to the end). Callers pass a buffer that is free
// while they sample (see sample_layer / sample_layers in map_common.cuh).
// Threads: any block size; one thread per column for the s = vᵀ W(j:N, k) sums and updates
// (the reference's column order), thread 0 for the norm chain; 4N barriers.
// Napkin per matrix: 4N³/3 (factor) + 4N³/3 (formQ) flops, N² sequential hypot in thread 0; with
// N ≤ 128 threads the column loops are N-long dependent chains: latency-bound, ≈ 2N·N·(N/2)
// multiply-adds in chains of N (≈ 0.1 ms at N = 64 from shared memory) per layer and block.
#pragma once

#include <math.h>
#ifdef NETDYN_EMULATOR
#include <string.h>
#endif

#include "common.cuh"

namespace netdyn {

// The high 32 bits of x (FdLibm.__HI), and the double whose high word is `hi`, low word 0.
__device__ inline int haar_hi(double x) {
#ifdef NETDYN_EMULATOR
    int64_t b;
    memcpy(&b, &x, sizeof b);
#else
    const int64_t b = __double_as_longlong(x);
#endif
    return (int)(b >> 32);
}

__device__ inline double haar_from_hi(int hi) {
    const int64_t b = (int64_t)(uint64_t)(uint32_t)hi << 32;
#ifdef NETDYN_EMULATOR
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
#else
    return __longlong_as_double(b);
#endif
}

// java.lang.Math.hypot = StrictMath.hypot = FdLibm.Hypot.compute (fdlibm's e_hypot.c), operation
// for operation: libm's (glibc's correctly rounded) hypot differs from it in ~13% of calls by an
// ulp, which would make the device's Haar matrices differ from the CPU's in the last bits.
__device__ inline double fdlibm_hypot(double x, double y) {
    double a = fabs(x), b = fabs(y);
    if (!isfinite(a) || !isfinite(b)) {
        if (a == INFINITY || b == INFINITY) return INFINITY;
        return a + b;  // NaN
    }
    if (b > a) {
        const double t = a;
        a = b;
        b = t;
    }
    int ha = haar_hi(a), hb = haar_hi(b);
    if ((ha - hb) > 0x3c00000) return a + b;  // a/b > 2^60
    int k = 0;
    if (a > 0x1.00000ffffffffp500) {  // a > ~2^500: scale by 2^-600
        ha -= 0x25800000;
        hb -= 0x25800000;
        a = a * 0x1p-600;
        b = b * 0x1p-600;
        k += 600;
    }
    double t1, t2;
    if (b < 0x1p-500) {
        if (b < 0x1p-1022) {  // subnormal b or 0
            if (b == 0.0) return a;
            t1 = 0x1p1022;
            b *= t1;
            a *= t1;
            k -= 1022;
        } else {  // scale by 2^600
            ha += 0x25800000;
            hb += 0x25800000;
            a = a * 0x1p600;
            b = b * 0x1p600;
            k -= 600;
        }
    }
    double w = a - b;
    if (w > b) {
        t1 = haar_from_hi(ha);
        t2 = a - t1;
        w = sqrt(t1 * t1 - (b * (-b) - t2 * (a + t1)));
    } else {
        a = a + a;
        const double y1 = haar_from_hi(hb);
        const double y2 = b - y1;
        t1 = haar_from_hi(ha + 0x00100000);
        t2 = a - t1;
        w = sqrt(t1 * y1 - (w * (-w) - (t1 * y2 + t2 * b)));
    }
    if (k != 0) return haar_from_hi((k + 1023) << 20) * w;  // Math.powerOfTwoD(k)
    return w;
}

// The body of haar_from_gaussian (below), which callers use instead: not inlined (see
// map_common.cuh), and compiled from generic pointers whatever its callers pass.
[[maybe_unused]] static __device__ __noinline__ void haar_from_gaussian_body(double* w, int n, double mult, double* tau) {
    const int tid = threadIdx.x, nt = blockDim.x;
    __syncthreads();  // the caller's draws into w
    // 1. Householder.factor.
    for (int j = 0; j < n; j++) {
        if (tid == 0) {
            double norm = 0;
            for (int i = j; i < n; i++) norm = fdlibm_hypot(norm, w[i * n + j]);
            if (norm == 0) {
                tau[j] = 0;
            } else {
                const double alpha = w[j * n + j];
                const double beta = alpha > 0 ? -norm : norm;
                const double scale = 1 / (alpha - beta);
                for (int i = j + 1; i < n; i++) w[i * n + j] *= scale;
                const double t = (beta - alpha) / beta;
                tau[j] = beta < 0 ? -t : t;
                w[j * n + j] = beta;
            }
        }
        __syncthreads();
        const double t = fabs(tau[j]);
        if (t == 0) continue;  // uniform: every thread reads the same τ_j
        for (int k = j + 1 + tid; k < n; k += nt) {
            double s = w[j * n + k];
            for (int i = j + 1; i < n; i++) s += w[i * n + j] * w[i * n + k];
            s *= t;
            w[j * n + k] -= s;
            for (int i = j + 1; i < n; i++) w[i * n + k] -= s * w[i * n + j];
        }
        __syncthreads();
    }
    // 2. Householder.formQ, in place (see the header).
    for (int j = n - 1; j >= 0; j--) {
        const double t = fabs(tau[j]);
        if (t == 0) {
            for (int e = tid; e < n - j; e += nt) {
                w[j * n + j + e] = e == 0 ? 1.0 : 0.0;  // q[j][j..n) = (1, 0, ...)
                if (e > 0) w[(j + e) * n + j] = 0.0;    // q[j+1..n)[j] = 0
            }
            __syncthreads();
            continue;
        }
        for (int k = j + 1 + tid; k < n; k += nt) {
            const double q0 = 0.0;                      // the reference's q[j][k] before step j
            double s = q0;
            for (int i = j + 1; i < n; i++) s += w[i * n + j] * w[i * n + k];
            s *= t;
            w[j * n + k] = q0 - s;
            for (int i = j + 1; i < n; i++) w[i * n + k] -= s * w[i * n + j];
        }
        __syncthreads();
        for (int i = j + 1 + tid; i < n; i += nt) {
            const double s = t;                         // (1 + Σ v_i·0)·τ_j
            w[i * n + j] = 0.0 - s * w[i * n + j];
        }
        if (tid == 0) w[j * n + j] = 1.0 - t;
        __syncthreads();
    }
    // 3. Q·diag(sign R_kk), then the multiplier (TensorSampler.weights).
    for (int e = tid; e < n * n; e += nt) {
        const int k = e % n;
        const double sign = tau[k] < 0 ? -1.0 : 1.0;
        w[e] = w[e] * sign * mult;
    }
    __syncthreads();
}

// p, with its memory space hidden from the optimiser (an empty asm it cannot see through); the
// emulator has no memory spaces.
__device__ __forceinline__ double* any_memory_space(double* p) {
#ifndef NETDYN_EMULATOR
    asm("" : "+l"(p));
#endif
    return p;
}

// Householder.haarFromGaussian of the n×n row-major w (already Gaussian), then w *= mult, by the
// whole block (every thread must call it; it begins and ends with a barrier). tau: n doubles.
// Why the pointers pass through any_memory_space: nvcc propagates memory spaces across the calls
// of a translation unit, specialising a non-inlined function to what its callers there pass. In
// the fatbin's unity build some callers pass shared memory, so the body is generic; compiled alone,
// a file whose callers all pass global memory got a global-only body, with other registers for the
// whole call graph: iterate_map.cu alone spilled 56 bytes on sm_90 (96-byte stack) under its
// __launch_bounds__(256), newton_map.cu took 110 registers instead of 104. Hidden, every
// translation unit compiles the unity build's body (kernels/check-spills.sh checks each file alone).
[[maybe_unused]] static __device__ __forceinline__ void haar_from_gaussian(double* w, int n, double mult, double* tau) {
    haar_from_gaussian_body(any_memory_space(w), n, mult, any_memory_space(tau));
}

}  // namespace netdyn
