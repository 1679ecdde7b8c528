// jacobi_svd.cuh — the one-sided Jacobi SVD of a small matrix held by one thread block, and the
// helpers the batched Jacobi solvers share. Used by linalg_batched.cu (netdyn_jacobi_svd_f64,
// a matrix per block) and jacobian_spectra.cu (σ of the running Jacobian factor T at each
// requested depth): one copy of the device code, so the two cannot drift.
//
// CPU reference: linalg/JacobiSvd.rowsInPlace. The row-cyclic pair order is replaced by a
// round-robin (tournament) order so that the block's threads rotate r/2 disjoint pairs at once
// between barriers; rotations of disjoint pairs commute, so results agree with the reference to
// rounding, not bitwise.
#pragma once

#include <math.h>

#include "common.cuh"

namespace netdyn {

// Sweeps before giving up: JacobiSvd.MAX_SWEEPS (SymmetricEigen uses the same 60).
constexpr int LINALG_MAX_SWEEPS = 60;
// JacobiSvd.EPS = 2^-52.
constexpr double LINALG_EPS = 2.220446049250313e-16;

// ‖w[0..c) step 1‖ without overflow/underflow: JacobiSvd.norm (rescaled when the sum is out of range).
template <typename real>
__device__ real scaled_norm(const real* w, int c) {
    real s = 0, big = 0;
    for (int k = 0; k < c; k++) { s += w[k] * w[k]; big = fmax(big, fabs(w[k])); }
    if (isfinite(s) && (s > 1e-290 || big == 0)) return sqrt(s);
    s = 0;
    for (int k = 0; k < c; k++) { const real x = w[k] / big; s += x * x; }
    return big * sqrt(s);
}

// Round-robin (circle method) pairing of R = r rounded up to even players: in round k, pair t
// joins the players at positions t and R-1-t, position 0 fixed, the others rotated by k. Over
// rounds 0..R-2 every pair (p, q) meets exactly once. Returns false for a pair with the dummy
// player (index r when r is odd). p < q on return.
__device__ inline bool tournament_pair(int r, int round, int t, int* p, int* q) {
    const int R = r + (r & 1);
    const int a = t == 0 ? 0 : 1 + (t - 1 + round) % (R - 1);
    const int b = 1 + (R - 2 - t + round) % (R - 1);  // position R-1-t ≥ 1
    *p = min(a, b);
    *q = max(a, b);
    return *q < r;
}

// Insertion sort of v[0..n) descending, as JacobiSvd.sortDescending (one thread).
template <typename real>
__device__ void sort_descending(real* v, int n) {
    for (int i = 1; i < n; i++) {
        const real x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] < x) { v[j + 1] = v[j]; j--; }
        v[j + 1] = x;
    }
}

// Math (JacobiSvd.rowsInPlace) on the r rows of length c ≥ r of w (row-major, destroyed):
//   row-pivoted Householder LQ  Π W = L Q,  R = Lᵀ (r × r, in the leading block of W);
//   sweeps of rounds; in a round each thread takes one pair (i < j) of rows of R:
//     α = ‖a_i‖², β = ‖a_j‖², γ = a_i·a_j;  skip when |γ| ≤ √r·ε·√α√β;
//     ζ = (β−α)/(2γ), t = sign(ζ)/(|ζ| + √(1+ζ²)), cs = 1/√(1+t²), sn = cs·t,
//     a_i ← cs·a_i − sn·a_j, a_j ← sn·a_i + cs·a_j;
//   until a sweep rotates nothing;  sig[k] = ‖a_k‖ sorted descending (every thread sees them
//   on return). Returns the sweeps used (LINALG_MAX_SWEEPS+1 when not converged), in every thread.
// Called by the whole block; w and sig in shared or global memory of the block (no other
// thread of the block may touch them meanwhile). Entries within about 1e±150.
// Napkin (r ≤ c): LQ ≈ 4·r²·c flops; Jacobi ≈ S sweeps · r(r−1)/2 pairs · 12·r ≈ 6·S·r³ (S ≈ 6–9).
// `static`: each emulator translation unit keeps its own __shared__ scalars.
template <typename real>
static __device__ int jacobi_svd_rows(real* __restrict__ w, real* __restrict__ sig, int r, int c) {
    __shared__ int s_pivot, s_stop, s_rotated;
    __shared__ real s_beta, s_tau;
    const int tid = threadIdx.x, nthreads = blockDim.x;

    // Row-pivoted Householder LQ (JacobiSvd.pivotedLq). The pivot search and the scalar work are
    // one thread's, in the reference's order; rows and columns are spread over the block.
    for (int j = 0; j < r; j++) {
        if (tid == 0) {
            int p = j;
            real best = -1;
            for (int i = j; i < r; i++) {
                real s = 0;
                for (int k = j; k < c; k++) s += w[i * c + k] * w[i * c + k];
                s = s > 1e-280 && s < 1e300 ? sqrt(s) : scaled_norm(w + i * c + j, c - j);
                if (s > best) { best = s; p = i; }
            }
            s_pivot = p;
            s_stop = best == 0;
            const real alpha = w[p * c + j];
            s_beta = alpha > 0 ? -best : best;
            s_tau = best == 0 ? 0 : (s_beta - alpha) / s_beta;
        }
        __syncthreads();
        if (s_stop) break;  // uniform: every thread read the same s_stop
        const int p = s_pivot;
        if (p != j) {
            for (int k = tid; k < c; k += nthreads) { const real t = w[j * c + k]; w[j * c + k] = w[p * c + k]; w[p * c + k] = t; }
            __syncthreads();
        }
        const real beta = s_beta, tau = s_tau;
        const real inv = 1 / (w[j * c + j] - beta);
        for (int k = j + 1 + tid; k < c; k += nthreads) w[j * c + k] *= inv;  // v = (1, tail/(α−β))
        __syncthreads();
        const real* v = w + j * c;
        for (int i = j + 1 + tid; i < r; i += nthreads) {
            real* wi = w + i * c;
            real s = wi[j];
            for (int k = j + 1; k < c; k++) s += wi[k] * v[k];
            s *= tau;
            wi[j] -= s;
            for (int k = j + 1; k < c; k++) wi[k] -= s * v[k];
        }
        __syncthreads();
        if (tid == 0) w[j * c + j] = beta;
        for (int k = j + 1 + tid; k < c; k += nthreads) w[j * c + k] = 0;
        __syncthreads();
    }

    // R = Lᵀ in the leading r×r block.
    for (int e = tid; e < r * r; e += nthreads) {
        const int i = e / r, k = e - i * r;
        if (i < k) { const real t = w[i * c + k]; w[i * c + k] = w[k * c + i]; w[k * c + i] = t; }
    }

    // Jacobi sweeps, round-robin order; rows of R have length r (stride c).
    const real tol = sqrt((real)r) * LINALG_EPS;
    const int rounds = r + (r & 1) - 1, pairs = (r + 1) / 2;
    int sweep = 0;
    bool rotated = true;
    while (rotated && sweep <= LINALG_MAX_SWEEPS) {
        sweep++;
        if (tid == 0) s_rotated = 0;
        __syncthreads();  // also orders the transpose (first sweep) and the last round before it
        for (int round = 0; round < rounds; round++) {
            for (int t = tid; t < pairs; t += nthreads) {
                int p, q;
                if (!tournament_pair(r, round, t, &p, &q)) continue;
                real* wp = w + p * c;
                real* wq = w + q * c;
                real alpha = 0, beta = 0, gamma = 0;
                for (int k = 0; k < r; k++) { alpha += wp[k] * wp[k]; beta += wq[k] * wq[k]; gamma += wp[k] * wq[k]; }
                if (gamma == 0 || fabs(gamma) <= tol * sqrt(alpha) * sqrt(beta)) continue;
                const real zeta = (beta - alpha) / (2 * gamma);
                real tn = (zeta > 0 ? 1 : -1) / (fabs(zeta) + sqrt(1 + zeta * zeta));
                if (zeta == 0) tn = 1;
                const real cs = 1 / sqrt(1 + tn * tn), sn = cs * tn;
                for (int k = 0; k < r; k++) {
                    const real x = wp[k], y = wq[k];
                    wp[k] = cs * x - sn * y;
                    wq[k] = sn * x + cs * y;
                }
                s_rotated = 1;  // benign race: every writer stores 1
            }
            __syncthreads();
        }
        rotated = s_rotated != 0;
        __syncthreads();  // everyone has read s_rotated before thread 0 clears it
    }

    // σ_k = ‖row k‖; sorted by one thread (the rows come out nearly sorted).
    for (int i = tid; i < r; i += nthreads) sig[i] = scaled_norm(w + i * c, r);
    __syncthreads();
    if (tid == 0) sort_descending(sig, r);
    __syncthreads();
    return sweep;
}

}  // namespace netdyn
