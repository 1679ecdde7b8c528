// row_householder.cuh — device code of the row-major Householder QR the Jacobian-product kernels
// share (lyapunov.cu, jacobian_spectra.cu): the CPU's linalg/RowHouseholder.factor and Dense.dot,
// operation for operation, spread over one thread block.
#pragma once

#include <math.h>

#include "common.cuh"

namespace netdyn {

// Dense.dot: four interleaved chains, then (s0 + s1) + (s2 + s3).
__device__ inline double rh_dot(const double* __restrict__ a, const double* __restrict__ c, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
        s0 += a[j] * c[j];
        s1 += a[j + 1] * c[j + 1];
        s2 += a[j + 2] * c[j + 2];
        s3 += a[j + 3] * c[j + 3];
    }
    for (; j < n; j++) s0 += a[j] * c[j];
    return (s0 + s1) + (s2 + s3);
}

// ‖a[j:m, j]‖ of RowHouseholder.columnNorm (one thread).
__device__ inline double rh_column_norm(const double* a, int m, int n, int j) {
    double s = 0;
    for (int i = j; i < m; i++) s += a[i * n + j] * a[i * n + j];
    if (s > 1e-280 && s < 1e300) return sqrt(s);
    double big = 0;
    for (int i = j; i < m; i++) big = fmax(big, fabs(a[i * n + j]));
    if (big == 0 || !isfinite(big)) return big;
    s = 0;
    for (int i = j; i < m; i++) { const double x = a[i * n + j] / big; s += x * x; }
    return big * sqrt(s);
}

// RowHouseholder.factor of a (m, n), m ≥ n, in place, by the whole block; τ into tau.
// τ_j = 0 exactly when column j is zero (else |τ_j| ∈ [1, 2]), so every thread skips alike.
static __device__ void rh_qr_factor(double* a, int m, int n, double* tau, double* row, double* scal) {
    const int tid = threadIdx.x, nt = blockDim.x;
    for (int j = 0; j < n; j++) {
        if (tid == 0) {
            const double norm = rh_column_norm(a, m, n, j);
            if (norm == 0) {
                tau[j] = 0;
            } else {
                const double alpha = a[j * n + j];
                const double beta = alpha > 0 ? -norm : norm;
                tau[j] = (beta - alpha) / beta;
                scal[0] = 1 / (alpha - beta);
                a[j * n + j] = beta;
            }
        }
        __syncthreads();
        const double t = tau[j];
        if (t == 0) continue;
        const double scale = scal[0];
        for (int i = j + 1 + tid; i < m; i += nt) a[i * n + j] *= scale;  // v below the diagonal
        __syncthreads();
        for (int c = j + 1 + tid; c < n; c += nt) {                       // s_c = vᵀ A[j:m, c]
            double s = a[j * n + c];
            for (int i = j + 1; i < m; i++) s += a[i * n + j] * a[i * n + c];
            s *= t;
            a[j * n + c] -= s;
            row[c] = s;
        }
        __syncthreads();
        const int w = n - j - 1;
        for (int e = tid; e < (m - j - 1) * w; e += nt) {                  // A[j+1:m, j+1:n] −= v s
            const int i = j + 1 + e / w, c = j + 1 + e % w;
            a[i * n + c] -= a[i * n + j] * row[c];
        }
        __syncthreads();
    }
}

}  // namespace netdyn
