// hessenberg_eig.cuh — eigenvalues of a small real square matrix held by one thread block:
// Householder reduction to upper Hessenberg form (block-wide), then the Francis double-shift QR
// iteration (one thread). Used by jacobian_spectra.cu (eigenvalues of the explicit J_l = Q_l T_l at
// each requested depth).
//
// CPU reference: linalg/HessenbergEigen (eigenvalues = hessenberg + hqr), step for step in the
// same operation order; HessenbergEigenTest checks that reference against EJML and known answers.
// The CPU backend itself keeps EJML (JacobianWorker.eigenvalues), an independent cross-check that
// JacobianSpectraEmulatorTest uses (eigenvalues as multisets within 1e-9·max|λ|).
//
// Math (A n×n row-major, destroyed):
//   Hessenberg, k = 0..n−3, h = k+1:  x = A[h:n, k],  β = −sign(x_0)‖x‖,  v = x/(x_0 − β) (v_0 = 1),
//     τ = (β − x_0)/β;  A[h:n, h:n] ← (I − τvvᵀ)A  (a thread per column c: s = τ(a_hc + Σ v_i a_ic),
//     a_ic −= v_i s);  A[:, h:n] ← A(I − τvvᵀ)  (a thread per row);  A[h, k] = β;  then zeros
//     below the subdiagonal.  10n³/3 flops, 4 barriers per k.
//   QR iteration (the classic hqr structure, eigenvalues only — just the active window [l, hi] is
//   updated): deflate at |h_{i,i−1}| + d == d, d = |h_{i−1,i−1}| + |h_ii| (‖H‖ entries' sum if 0);
//   1×1 and 2×2 blocks give their eigenvalues directly; else a Francis double step with the
//   trailing 2×2's eigenvalues as shifts (x+y, xy−w), an exceptional shift after 10 and 20
//   fruitless steps, the step started at the lowest m where h_{m,m−1} is negligible, the bulge
//   chased with 3×3 reflectors; more than HE_MAX_ITERATIONS steps on one eigenvalue: failure
//   (the caller writes NaN, as the CPU does when EJML fails). ≈ 10n³ flops, one thread.
// Shapes: a (n, n), re, im (n) in the block's shared or global memory; scal (2) scalars.
// Napkin per matrix: 10n³/3 (Hessenberg, block-wide) + ≈ 10n³ (QR, sequential) flops; for
// n ≲ 100 the sequential QR costs like ~10³ barriers of block-wide work and dominates.
#pragma once

#include <math.h>

#include "common.cuh"

namespace netdyn {

// Double steps per eigenvalue (or pair) before giving up: HessenbergEigen.MAX_ITERATIONS.
constexpr int HE_MAX_ITERATIONS = 30;

// ‖a[k+1:n, k]‖ (HessenbergEigen.columnNorm; one thread).
__device__ inline double he_column_norm(const double* a, int n, int k) {
    double s = 0;
    for (int i = k + 1; i < n; i++) s += a[i * n + k] * a[i * n + k];
    if (s > 1e-280 && s < 1e300) return sqrt(s);
    double big = 0;
    for (int i = k + 1; i < n; i++) big = fmax(big, fabs(a[i * n + k]));
    if (big == 0 || !isfinite(big)) return big;
    s = 0;
    for (int i = k + 1; i < n; i++) { const double x = a[i * n + k] / big; s += x * x; }
    return big * sqrt(s);
}

// HessenbergEigen.hessenberg of a (n, n) in place, by the whole block; scal[0], scal[1] are its
// scalars (τ, 1/(x_0 − β)). Every thread reads the same τ, so all skip a zero column alike.
static __device__ __noinline__ void he_hessenberg(double* a, int n, double* scal) {
    const int tid = threadIdx.x, nt = blockDim.x;
    for (int k = 0; k + 2 < n; k++) {
        const int h = k + 1;
        if (tid == 0) {
            const double norm = he_column_norm(a, n, k);
            if (norm == 0) {
                scal[0] = 0;
            } else {
                const double alpha = a[h * n + k];
                const double beta = alpha > 0 ? -norm : norm;
                scal[0] = (beta - alpha) / beta;
                scal[1] = 1 / (alpha - beta);
                a[h * n + k] = beta;
            }
        }
        __syncthreads();
        const double tau = scal[0];
        if (tau == 0) {          // uniform; the barrier keeps thread 0 from rewriting scal[0] before all read it
            __syncthreads();
            continue;
        }
        const double scale = scal[1];
        for (int i = h + 1 + tid; i < n; i += nt) a[i * n + k] *= scale;  // v below, v_h = 1
        __syncthreads();
        for (int c = h + tid; c < n; c += nt) {                            // left: a thread per column
            double s = a[h * n + c];
            for (int i = h + 1; i < n; i++) s += a[i * n + k] * a[i * n + c];
            s *= tau;
            a[h * n + c] -= s;
            for (int i = h + 1; i < n; i++) a[i * n + c] -= a[i * n + k] * s;
        }
        __syncthreads();
        for (int r = tid; r < n; r += nt) {                                // right: a thread per row
            double* ar = a + r * n;
            double s = ar[h];
            for (int j = h + 1; j < n; j++) s += ar[j] * a[j * n + k];
            s *= tau;
            ar[h] -= s;
            for (int j = h + 1; j < n; j++) ar[j] -= s * a[j * n + k];
        }
        __syncthreads();
    }
    for (int e = tid; e < n * n; e += nt) {
        const int i = e / n, j = e - i * n;
        if (i > j + 1) a[e] = 0;
    }
    __syncthreads();
}

// One double step on the window [l, hi] of h (HessenbergEigen.francisStep), shifts the roots of
// λ² − (x+y)λ + (xy − w); one thread.
static __device__ __noinline__ void he_francis_step(double* h, int n, int l, int hi, double x, double y, double w) {
    int m = hi - 2;
    double p, q, r;
    for (;; m--) {
        const double z = h[m * n + m];
        const double rr = x - z, ss = y - z;
        p = (rr * ss - w) / h[(m + 1) * n + m] + h[m * n + m + 1];
        q = h[(m + 1) * n + m + 1] - z - rr - ss;
        r = h[(m + 2) * n + m + 1];
        const double s = fabs(p) + fabs(q) + fabs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m == l) break;
        const double u = fabs(h[m * n + m - 1]) * (fabs(q) + fabs(r));
        const double v = fabs(p) * (fabs(h[(m - 1) * n + m - 1]) + fabs(z) + fabs(h[(m + 1) * n + m + 1]));
        if (u + v == v) break;
    }
    for (int i = m + 2; i <= hi; i++) {
        h[i * n + i - 2] = 0;
        if (i != m + 2) h[i * n + i - 3] = 0;
    }
    for (int k = m; k < hi; k++) {
        const bool last = k == hi - 1;
        double scale = 1;
        if (k != m) {
            p = h[k * n + k - 1];
            q = h[(k + 1) * n + k - 1];
            r = last ? 0 : h[(k + 2) * n + k - 1];
            scale = fabs(p) + fabs(q) + fabs(r);
            if (scale == 0) continue;
            p /= scale;
            q /= scale;
            r /= scale;
        }
        double s = sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s == 0) continue;
        if (k == m) {
            if (l != m) h[k * n + k - 1] = -h[k * n + k - 1];
        } else {
            h[k * n + k - 1] = -s * scale;
        }
        p += s;
        const double vx = p / s, vy = q / s, vz = r / s;
        q /= p;
        r /= p;
        for (int j = k; j <= hi; j++) {
            double t = h[k * n + j] + q * h[(k + 1) * n + j];
            if (!last) {
                t += r * h[(k + 2) * n + j];
                h[(k + 2) * n + j] -= t * vz;
            }
            h[(k + 1) * n + j] -= t * vy;
            h[k * n + j] -= t * vx;
        }
        const int top = min(hi, k + 3);
        for (int i = l; i <= top; i++) {
            double* hr = h + i * n;
            double t = vx * hr[k] + vy * hr[k + 1];
            if (!last) {
                t += vz * hr[k + 2];
                hr[k + 2] -= t * r;
            }
            hr[k + 1] -= t * q;
            hr[k] -= t;
        }
    }
}

// HessenbergEigen.hqr on the upper Hessenberg h (n, n), destroyed: eigenvalues into re, im (in
// the order they deflate, a complex pair adjacent with the positive imaginary part first). One
// thread. Returns false when an eigenvalue takes more than HE_MAX_ITERATIONS double steps.
// Force-inlined into the caller (jacobian_spectra.cu: its single call site), for the register
// reason given there; the double step stays a __noinline__ call (45 registers alone).
static __device__ __forceinline__ bool he_hqr(double* h, int n, double* re, double* im) {
    double norm = 0;
    for (int i = 0; i < n; i++) {
        for (int j = max(i - 1, 0); j < n; j++) norm += fabs(h[i * n + j]);
    }
    double shift = 0;
    int hi = n - 1, its = 0;
    while (hi >= 0) {
        int l = hi;
        for (; l > 0; l--) {
            double d = fabs(h[(l - 1) * n + l - 1]) + fabs(h[l * n + l]);
            if (d == 0) d = norm;
            if (fabs(h[l * n + l - 1]) + d == d) { h[l * n + l - 1] = 0; break; }
        }
        double x = h[hi * n + hi];
        if (l == hi) {
            re[hi] = x + shift;
            im[hi] = 0;
            hi--;
            its = 0;
            continue;
        }
        double y = h[(hi - 1) * n + hi - 1];
        double w = h[hi * n + hi - 1] * h[(hi - 1) * n + hi];
        if (l == hi - 1) {
            const double p = 0.5 * (y - x), q = p * p + w;
            double z = sqrt(fabs(q));
            x += shift;
            if (q >= 0) {
                z = p >= 0 ? p + z : p - z;
                re[hi - 1] = x + z;
                re[hi] = z != 0 ? x - w / z : x + z;
                im[hi - 1] = 0;
                im[hi] = 0;
            } else {
                re[hi - 1] = x + p;
                re[hi] = x + p;
                im[hi - 1] = z;
                im[hi] = -z;
            }
            hi -= 2;
            its = 0;
            continue;
        }
        if (its == HE_MAX_ITERATIONS) return false;
        if (its == 10 || its == 20) {
            shift += x;
            for (int i = 0; i <= hi; i++) h[i * n + i] -= x;
            const double s = fabs(h[hi * n + hi - 1]) + fabs(h[(hi - 1) * n + hi - 2]);
            x = 0.75 * s;
            y = x;
            w = -0.4375 * s * s;
        }
        its++;
        he_francis_step(h, n, l, hi, x, y, w);
    }
    return true;
}

}  // namespace netdyn
