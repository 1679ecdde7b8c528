// linalg_batched.cu — batched small dense linear algebra, one thread block per matrix (docs/gpu.md,
// "Batched small-matrix linear algebra"): what the Jacobian spectra, Gram spectra and Lyapunov
// exponents need (docs/measures/jacobian.md, propagation.md, lyapunov.md).
//
//   netdyn_jacobi_svd_f64        sigma (B, min(m,n)) = singular values of A (B, m, n), descending
//   netdyn_jacobi_eigh_f64       eig (B, n)          = eigenvalues of symmetric A (B, n, n), descending
//   netdyn_householder_qr_f64    qr (B, m, n), tau (B, n) = Householder QR of A (B, m, n), m ≥ n
//   netdyn_haar_f64              q (B, n, n) = Householder.haarFromGaussian of G (B, n, n) (test-only
//                                entry of haar.cuh, which the sampled-network kernels use)
//
// CPU references (the oracles of BatchedLinalgEmulatorTest): linalg/JacobiSvd.java,
// linalg/SymmetricEigen.java, linalg/Householder.java. Each kernel runs the reference's
// algorithm on one matrix held in dynamic shared memory; the Jacobi solvers replace the
// row-cyclic pair order by a round-robin (tournament) order so that the threads of a block
// rotate r/2 disjoint pairs at once between barriers. Rotations of disjoint pairs commute, so a
// round is exactly r/2 of the reference's rotations; only the order differs (results agree to
// rounding, not bitwise). QR follows Householder.factor step for step (bitwise equal on the
// emulator, which compiles with -ffp-contract=off; nvcc may fuse multiply-adds).
//
// Versions
//   v1 (this file) fp64 only; matrix in shared memory (m·n ≤ ~6 000 doubles under 48 KiB);
//      one thread per pair / row / column, scalar loops. Launched by BatchedLinalg.java.
//
// Warp intrinsics are deliberately absent (the emulator does not provide them).
#include "common.cuh"
#include "haar.cuh"
#include "jacobi_svd.cuh"

namespace netdyn {

// Most threads per block these kernels are built for (BatchedLinalg.MAX_THREADS in Java).
constexpr int LINALG_MAX_THREADS = 128;

// ---- 1. one-sided Jacobi SVD ------------------------------------------------------------------
//
// Math (JacobiSvd.rowsInPlace): W = A (m ≤ n) or Aᵀ (m > n), r = min(m,n) rows of length c = max.
//   row-pivoted Householder LQ  Π W = L Q,  R = Lᵀ (r × r, in the leading block of W);
//   sweeps of rounds; in a round each thread takes one pair (i < j) of rows of R:
//     α = ‖a_i‖², β = ‖a_j‖², γ = a_i·a_j;  skip when |γ| ≤ √r·ε·√α√β;
//     ζ = (β−α)/(2γ), t = sign(ζ)/(|ζ| + √(1+ζ²)), cs = 1/√(1+t²), sn = cs·t,
//     a_i ← cs·a_i − sn·a_j, a_j ← sn·a_i + cs·a_j;
//   until a sweep rotates nothing;  σ_k = ‖a_k‖ sorted descending.
// Shapes: a (B, m, n) row-major, min(m,n) ≤ 64; sigma (B, min(m,n)); sweeps (B) [Jacobi sweeps used,
//   LINALG_MAX_SWEEPS+1 when not converged; may be null].
// Shared: W, r·c doubles (dynamic) + a few scalars (static).
// Napkin per matrix (r = n ≤ m = c): LQ ≈ 4·r²·c flops (norms + reflections); Jacobi ≈ S sweeps ·
//   r(r−1)/2 pairs · 12·r flops ≈ 6·S·r³ (S ≈ 6–9); reads 8·m·n bytes, writes 8·r: compute-bound.
template <typename real>
__device__ void jacobi_svd(const double* __restrict__ a, double* __restrict__ sigma, int* __restrict__ sweeps,
                           int m, int n) {
    NETDYN_DYNAMIC_SHARED(real, w);
    __shared__ real s_sig[64];
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const int r = min(m, n), c = max(m, n);
    if (r > 64) __trap();  // s_sig; BatchedLinalg refuses such shapes first
    const double* ab = a + (size_t)blockIdx.x * m * n;

    for (int e = tid; e < m * n; e += nthreads) {
        const int i = e / n, j = e - i * n;
        if (m <= n) w[e] = ab[e];
        else w[j * m + i] = ab[e];
    }
    __syncthreads();
    const int sweep = jacobi_svd_rows(w, s_sig, r, c);  // jacobi_svd.cuh
    if (tid == 0) {
        double* sg = sigma + (size_t)blockIdx.x * r;
        for (int i = 0; i < r; i++) sg[i] = s_sig[i];
        if (sweeps) sweeps[blockIdx.x] = sweep;
    }
}

// ---- 2. symmetric Jacobi eigenvalues ----------------------------------------------------------
//
// Math (SymmetricEigen.eigenvaluesInPlace): repeat while off(A) > 1e-30·diag(A) (sums of squares
// of the strict upper triangle and of the diagonal), at most 60 sweeps:
//   for each round, for each disjoint pair (p < q) at once, with a_pq ≠ 0:
//     θ = (a_qq − a_pp)/(2a_pq), t = sign(θ)/(|θ| + √(θ²+1)), c = 1/√(t²+1), s = t·c;
//     A ← A J (columns p, q), then A ← Jᵀ A (rows p, q).
// The parameters of a round come from A before the round: the (p,q) 2×2 block is touched only by
// its own rotation, so this equals r/2 consecutive rotations of the reference.
// Shapes: a (B, n, n), n ≤ 64; eig (B, n) descending; sweeps (B) (may be null).
// Shared: A, n² doubles (dynamic) + per-pair (c, s) and per-row sums (static, n ≤ 64).
// Napkin per matrix: S sweeps · n(n−1)/2 rotations · 8n flops ≈ 4·S·n³ (S ≈ 6–10);
//   reads 8·n² bytes, writes 8·n: compute-bound.
template <typename real>
__device__ void jacobi_eigh(const double* __restrict__ a, double* __restrict__ eig, int* __restrict__ sweeps, int n) {
    NETDYN_DYNAMIC_SHARED(real, A);
    __shared__ real s_c[32], s_s[32], s_off[64], s_diag[64];
    __shared__ int s_done;
    const int tid = threadIdx.x, nthreads = blockDim.x;
    if (n > 64) __trap();  // s_c, s_off sizes; BatchedLinalg refuses such shapes first
    const double* ab = a + (size_t)blockIdx.x * n * n;
    for (int e = tid; e < n * n; e += nthreads) A[e] = ab[e];
    __syncthreads();

    const int rounds = n + (n & 1) - 1, pairs = (n + 1) / 2;
    int sweep = 0;
    for (; sweep < LINALG_MAX_SWEEPS; sweep++) {
        for (int p = tid; p < n; p += nthreads) {  // row sums in the reference's order
            real off = 0;
            for (int q = p + 1; q < n; q++) off += A[p * n + q] * A[p * n + q];
            s_off[p] = off;
            s_diag[p] = A[p * n + p] * A[p * n + p];
        }
        __syncthreads();
        if (tid == 0) {
            real off = 0, diag = 0;
            for (int p = 0; p < n; p++) { diag += s_diag[p]; off += s_off[p]; }
            s_done = off <= 1e-30 * diag || off == 0;
        }
        __syncthreads();
        if (s_done) break;
        for (int round = 0; round < rounds; round++) {
            for (int t = tid; t < pairs; t += nthreads) {
                int p, q;
                real cs = 1, sn = 0;
                if (tournament_pair(n, round, t, &p, &q) && A[p * n + q] != 0) {
                    const real apq = A[p * n + q], app = A[p * n + p], aqq = A[q * n + q];
                    const real theta = (aqq - app) / (2 * apq);
                    real tn = (theta > 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
                    if (theta == 0) tn = 1;
                    cs = 1 / sqrt(tn * tn + 1);
                    sn = tn * cs;
                }
                s_c[t] = cs;
                s_s[t] = sn;
            }
            __syncthreads();
            for (int e = tid; e < pairs * n; e += nthreads) {  // columns p, q of every row k
                const int t = e / n, k = e - t * n;
                int p, q;
                if (!tournament_pair(n, round, t, &p, &q) || s_s[t] == 0) continue;
                const real cs = s_c[t], sn = s_s[t], akp = A[k * n + p], akq = A[k * n + q];
                A[k * n + p] = cs * akp - sn * akq;
                A[k * n + q] = sn * akp + cs * akq;
            }
            __syncthreads();
            for (int e = tid; e < pairs * n; e += nthreads) {  // rows p, q of every column k
                const int t = e / n, k = e - t * n;
                int p, q;
                if (!tournament_pair(n, round, t, &p, &q) || s_s[t] == 0) continue;
                const real cs = s_c[t], sn = s_s[t], apk = A[p * n + k], aqk = A[q * n + k];
                A[p * n + k] = cs * apk - sn * aqk;
                A[q * n + k] = sn * apk + cs * aqk;
            }
            __syncthreads();
        }
    }
    if (tid == 0) {
        for (int i = 0; i < n; i++) s_diag[i] = A[i * n + i];
        sort_descending(s_diag, n);
        double* eb = eig + (size_t)blockIdx.x * n;
        for (int i = 0; i < n; i++) eb[i] = s_diag[i];
        if (sweeps) sweeps[blockIdx.x] = sweep;
    }
}

// ---- 3. Householder QR ------------------------------------------------------------------------
//
// Math (Householder.factor): for j = 0..n−1:
//   ν = ‖A(j:m, j)‖ (hypot chain, one thread, the reference's order); ν = 0: τ_j = 0, next;
//   β = −sign(α)·ν with α = A(j,j) (sign against cancellation), v = (1, A(j+1:m, j)/(α−β)),
//   τ_j = (β−α)/β, R(j,j) = β;  A(j:m, k) −= τ_j v (vᵀ A(j:m, k)) for k > j (one thread per column).
// Output layout as the reference: R on and above the diagonal of qr, v_j below it, τ in tau.
// Shapes: a, qr (B, m, n) row-major, m ≥ n; tau (B, n).
// Shared: A, m·n doubles (dynamic) + 2 scalars.
// Napkin per matrix: 2·n²·(m − n/3) flops; reads and writes 8·m·n bytes (+ 8n): compute-bound
//   for n ≳ 8, and at n = 64 latency-bound on the serial hypot chain (m per column).
template <typename real>
__device__ void householder_qr(const double* __restrict__ a, double* __restrict__ qr, double* __restrict__ tau,
                               int m, int n) {
    NETDYN_DYNAMIC_SHARED(real, A);
    __shared__ real s_beta, s_tau;
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const size_t base = (size_t)blockIdx.x * m * n;
    for (int e = tid; e < m * n; e += nthreads) A[e] = a[base + e];
    __syncthreads();
    for (int j = 0; j < n; j++) {
        if (tid == 0) {
            real norm = 0;
            for (int i = j; i < m; i++) norm = hypot(norm, A[i * n + j]);
            const real alpha = A[j * n + j];
            s_beta = alpha > 0 ? -norm : norm;
            s_tau = norm == 0 ? 0 : (s_beta - alpha) / s_beta;
            tau[(size_t)blockIdx.x * n + j] = s_tau;
        }
        __syncthreads();
        const real beta = s_beta, tj = s_tau;
        if (beta == 0) {  // uniform; ν = 0 leaves the column as it is
            __syncthreads();  // before thread 0 overwrites s_beta for column j+1
            continue;
        }
        const real scale = 1 / (A[j * n + j] - beta);
        for (int i = j + 1 + tid; i < m; i += nthreads) A[i * n + j] *= scale;
        __syncthreads();
        if (tid == 0) A[j * n + j] = beta;
        for (int k = j + 1 + tid; k < n; k += nthreads) {
            real s = A[j * n + k];
            for (int i = j + 1; i < m; i++) s += A[i * n + j] * A[i * n + k];
            s *= tj;
            A[j * n + k] -= s;
            for (int i = j + 1; i < m; i++) A[i * n + k] -= s * A[i * n + j];
        }
        __syncthreads();
    }
    for (int e = tid; e < m * n; e += nthreads) qr[base + e] = A[e];
}

}  // namespace netdyn

// Launch (all three): grid (B matrices), block (threads ≤ 128), dynamic shared per BatchedLinalg.
extern "C" __global__ void __launch_bounds__(netdyn::LINALG_MAX_THREADS)
netdyn_jacobi_svd_f64(const double* a, double* sigma, int* sweeps, int m, int n) {
    netdyn::jacobi_svd<double>(a, sigma, sweeps, m, n);
}
NETDYN_KERNEL_ENTRY(netdyn_jacobi_svd_f64)

extern "C" __global__ void __launch_bounds__(netdyn::LINALG_MAX_THREADS)
netdyn_jacobi_eigh_f64(const double* a, double* eig, int* sweeps, int n) {
    netdyn::jacobi_eigh<double>(a, eig, sweeps, n);
}
NETDYN_KERNEL_ENTRY(netdyn_jacobi_eigh_f64)

extern "C" __global__ void __launch_bounds__(netdyn::LINALG_MAX_THREADS)
netdyn_householder_qr_f64(const double* a, double* qr, double* tau, int m, int n) {
    netdyn::householder_qr<double>(a, qr, tau, m, n);
}
NETDYN_KERNEL_ENTRY(netdyn_householder_qr_f64)

// Test-only (HaarEmulatorTest): q (B, n, n) = haar.cuh's Householder.haarFromGaussian of g (B, n, n),
// in global memory; tau (B, n) its scratch (τ_j, negative where R_jj < 0). Any block size.
extern "C" __global__ void __launch_bounds__(netdyn::LINALG_MAX_THREADS)
netdyn_haar_f64(const double* g, double* q, double* tau, int n) {
    const size_t base = (size_t)blockIdx.x * n * n;
    for (int e = threadIdx.x; e < n * n; e += blockDim.x) q[base + e] = g[base + e];
    netdyn::haar_from_gaussian(q + base, n, 1.0, tau + (size_t)blockIdx.x * n);  // begins with a barrier
}
NETDYN_KERNEL_ENTRY(netdyn_haar_f64)
