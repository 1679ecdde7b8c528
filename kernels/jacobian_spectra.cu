// jacobian_spectra.cu — singular values (and, when asked, eigenvalues) of the input–output
// Jacobians J_l = D_l W_l ··· D_1 W_1 at requested depths, the product kept QR-factored as on the
// CPU (docs/measures/jacobian.md):
//   J_l = Q_l T_l · 2^{e_l},   σ(J_l) = σ(T_l),   λ(J_l) = λ(Q_l T_l) · 2^{e_l}.
//
// CPU reference: backend/cpu/JacobianWorker.run (through CpuBackend.jacobianSpectra); the output
// layout is backend/JacobianSpectra.logSigma / eigLogAbs / eigArg. The eigensolver's reference is
// linalg/HessenbergEigen (hessenberg_eig.cuh); the CPU backend computes the eigenvalues with EJML
// from the same explicit Q·T. Checked through the emulator by JacobianSpectraEmulatorTest (ln σ
// within 1e-9 of the CPU's; eigenvalues as multisets within 1e-9·max|λ| of EJML's).
//
// Versions
//   v1 (this file) one block per (network × input point). The block regenerates W_l, b_l from
//      Philox counters layer by layer (TensorSampler order) into its workspace — dynamic shared
//      memory when it fits, else a per-block global scratch — and keeps x, the reflectors of
//      Q_{l−1}, T_l and the product scratch there too. Every step follows JacobianWorker's
//      operation order: h = Dense.dot + b; W Q_{l−1} as RowHouseholder.applyQRight (a thread per
//      row, its four chains); the QR is RowHouseholder.factor (row_householder.cuh); R·T is
//      upperTimesUpper's k-ascending sum (a thread per element); the power-of-two rescaling is
//      RowProducts.renormalise. With fp-contract off (the emulator) T_l is the CPU's up to
//      libm's erf (the Box–Muller draws are drawmath.cuh's, the same bits); σ(T_l) comes from jacobi_svd.cuh, whose round-robin
//      pair order agrees with JacobiSvd to rounding.
//   v2 eigenvalues (flag `eigenvalues`): at a requested depth the block forms the explicit
//      J = Q·T as JacobianWorker.spectrum does (RowHouseholder.formQ — a thread per column of Q,
//      the columns being independent — then RowProducts.scaledProduct's four-term sums, a thread
//      per element), reduces it to Hessenberg form and runs the Francis QR iteration
//      (hessenberg_eig.cuh; the iteration in thread 0), and writes ln|λ| + e·ln 2 and arg λ sorted
//      as JacobianWorker.eigenvalues (|λ| descending, ties arg ascending; NaN when the iteration
//      fails). No extra workspace: Q and J go into buffers that are free at that point (hidden
//      layer: Q → work, J → W; last linear layer: Q' → refl, J → W), re/im into row/σ; the
//      eigensolver runs once at the end of the layer on W, which nothing else touches meanwhile.
//
// Math (network b, point p, width N, requested depths d_0 < … < d_{D−1} = L):
//   x_0 = InputPoints (map_common.cuh draw_input_point, or the given point);  T_0 = I, e = 0
//   layer l: h = W_l x + b_l,  D = diag φ'(h),  x ← φ(h)
//            V = W_l Q_{l−1}                          (reflectors of Q_{l−1}; Q_0 = I: l = 1 skips)
//            [l requested, last layer linear]: V = Q' R',  σ(W_l J_{l−1}) = σ(R' T_{l−1}) · 2^e
//            D V = Q_l R_l,  T_l = R_l T_{l−1},  T_l = T̂ · 2^{e'} (|T̂| max in [2^-64, 2^64]), e += e'
//            [l requested, hidden layer]: σ(J_l) = σ(T_l) · 2^e
//   logsig[(b, p, d, i)] = ln σ_i + e·ln 2, descending.
//   [eigenvalues] J = Q_l T_l (hidden) or Q' (R' T_{l−1}) (last linear), λ_i = eig(J) · 2^e:
//   eigabs[(b, p, d, i)] = ln|λ_i| + e·ln 2,  eigarg[(b, p, d, i)] = arg λ_i ∈ (−π, π].
//
// Shapes: logsig, eigabs, eigarg (B, P, D, N) (the last two null without eigenvalues);
//         given (B, P, N) or null; depths (D) int; scratch (blocks, WS)
//         doubles when the workspace is not in shared memory. WS = 5N² + 8N + 4 doubles
//         (JacobianSpectraPlan.workspaceDoubles): W, V, reflectors, T, product scratch (N² each),
//         b, x, x', d, τ, τ_prev, row, σ (N each), 4 scalars.
//         layers: explicit networks (layer_count ≥ max depth layers each, map_common.cuh
//         explicit_network), W_l, b_l copied from there instead of drawn; null for sampled networks.
//
// Napkin math per block and layer: N² Philox draws (~100 flops each), 2N³ (W Q) + 4N³/3 (QR) +
// N³/3 (R T) flops, ~3N barriers (QR); plus one Jacobi SVD (~6–9 sweeps × 6N³ flops, N barriers a
// sweep) per requested depth; with eigenvalues per requested depth also 4N³/3 (Q) + 2N³ (Q·T) +
// 10N³/3 (Hessenberg, 4N barriers) block-wide and ≈ 10N³ sequential (QR iteration, thread 0).
// Compute-bound in fp64 for N ≳ 16; latency-bound (barriers) below; with eigenvalues the
// sequential QR iteration dominates for N ≲ 100.
// Roofline: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "distributions.cuh"
#include "hessenberg_eig.cuh"
#include "jacobi_svd.cuh"
#include "map_common.cuh"
#include "philox.cuh"
#include "row_householder.cuh"

namespace netdyn {

// Most threads per block this kernel is launched with (JacobianSpectraPlan.MAX_THREADS in Java).
constexpr int JSPEC_MAX_THREADS = 128;
// Math.log(2) as Java rounds it.
constexpr double JSPEC_LN2 = 0.6931471805599453;

// a ← a · Q_{l−1} (RowHouseholder.applyQRight): a thread per row of a (N, N), the reflectors'
// columns of qr (N, N) and τ (N); each row's arithmetic is the CPU's, four chains.
static __device__ __noinline__ void jspec_apply_q_right(double* __restrict__ a, const double* __restrict__ qr,
                                                        const double* __restrict__ tau, int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        double* ai = a + (size_t)i * n;
        for (int j = 0; j < n; j++) {
            const double t = tau[j];
            if (t == 0) continue;
            double s0 = ai[j], s1 = 0, s2 = 0, s3 = 0;
            int k = j + 1;
            for (; k + 3 < n; k += 4) {
                s0 += ai[k] * qr[k * n + j];
                s1 += ai[k + 1] * qr[(k + 1) * n + j];
                s2 += ai[k + 2] * qr[(k + 2) * n + j];
                s3 += ai[k + 3] * qr[(k + 3) * n + j];
            }
            for (; k < n; k++) s0 += ai[k] * qr[k * n + j];
            const double s = ((s0 + s1) + (s2 + s3)) * t;
            ai[j] -= s;
            for (k = j + 1; k < n; k++) ai[k] -= s * qr[k * n + j];
        }
    }
}

// out = R · T for R the upper triangle of the factored r and T upper triangular (N, N):
// out_ij = Σ_{k=i..j} r_ik t_kj, k ascending as JacobianWorker.upperTimesUpper; a thread per element.
static __device__ __noinline__ void jspec_upper_times_upper(const double* __restrict__ r, const double* __restrict__ t,
                                                            double* __restrict__ out, int n) {
    for (int e = threadIdx.x; e < n * n; e += blockDim.x) {
        const int i = e / n, j = e - i * n;
        double s = 0;
        for (int k = i; k <= j; k++) s += r[i * n + k] * t[k * n + j];
        out[e] = s;
    }
}

// RowProducts.renormalise of a (len) by the whole block: a ← a·2^-e when max|a| leaves
// [2^-64, 2^64] (e = Math.getExponent(max): −1023 for subnormals), else e = 0. Returns e in every
// thread; scal[2] is its slot. Zero and non-finite matrices are left alone.
static __device__ __noinline__ int jspec_renormalise(double* a, int len, double* scal) {
    if (threadIdx.x == 0) {
        double big = 0;
        for (int i = 0; i < len; i++) big = fmax(big, fabs(a[i]));
        int e = 0;
        if (big != 0 && isfinite(big)) {
            e = big < 2.2250738585072014e-308 ? -1023 : ilogb(big);
            if (e >= -64 && e <= 64) e = 0;
        }
        scal[2] = e;
    }
    __syncthreads();
    const int e = (int)scal[2];
    if (e != 0) {
        for (int i = threadIdx.x; i < len; i += blockDim.x) a[i] = scalbn(a[i], -e);
    }
    __syncthreads();
    return e;
}

// ln σ_i(t) + e·ln 2 into out (N): the SVD destroys t (N, N); sig (N) scratch.
static __device__ __noinline__ void jspec_spectrum(double* t, double* sig, double* out, int e, int n) {
    jacobi_svd_rows(t, sig, n, n);  // ends with a barrier: sig sorted, visible to all
    const double shift = e * JSPEC_LN2;
    for (int i = threadIdx.x; i < n; i += blockDim.x) out[i] = log(sig[i]) + shift;
}

// q = the n×n Q of the square factorisation (qr, tau) (RowHouseholder.formQ): column k of
// Q = H_0 ⋯ H_{n−1} e_k only meets H_j for j ≤ k, so a thread per column runs the CPU's steps
// j = k..0 on it, each element's arithmetic the CPU's. Ends with a barrier.
static __device__ __noinline__ void jspec_form_q(const double* __restrict__ qr, const double* __restrict__ tau,
                                                 double* __restrict__ q, int n) {
    for (int k = threadIdx.x; k < n; k += blockDim.x) {
        for (int i = 0; i < n; i++) q[i * n + k] = i == k ? 1.0 : 0.0;
        for (int j = k; j >= 0; j--) {
            const double t = tau[j];
            if (t == 0) continue;
            double s = q[j * n + k];
            for (int i = j + 1; i < n; i++) s += qr[i * n + j] * q[i * n + k];
            s *= t;
            q[j * n + k] -= s;
            for (int i = j + 1; i < n; i++) q[i * n + k] -= qr[i * n + j] * s;
        }
    }
    __syncthreads();
}

// out = q · t (n, n) (map_common.cuh scaled_product, unscaled); ends with a barrier.
static __device__ __noinline__ void jspec_times(const double* __restrict__ q, const double* __restrict__ t,
                                                double* __restrict__ out, int n) {
    scaled_product<false>(nullptr, q, t, out, n, n);
    __syncthreads();
}

// Eigenvalues of j (n, n; destroyed) · 2^e into out_abs / out_arg (n): ln|λ| + e·ln 2 and arg λ,
// |λ| descending, ties arg ascending (JacobianWorker.eigenvalues); NaN everywhere when the QR
// iteration fails. re, im (n) scratch; scal (2) scalars. Ends with a barrier. Inlined, with he_hqr,
// at its one call site: as nested __noinline__ calls ptxas stacks the QR iteration's registers on
// the layer loop's live set (168 registers instead of 128).
static __device__ __forceinline__ void jspec_eigenvalues(double* j, double* re, double* im, double* scal,
                                                      double* __restrict__ out_abs, double* __restrict__ out_arg,
                                                      int e, int n) {
    he_hessenberg(j, n, scal);  // ends with a barrier
    if (threadIdx.x == 0) {
        if (!he_hqr(j, n, re, im)) {
            for (int i = 0; i < n; i++) { out_abs[i] = nan(""); out_arg[i] = nan(""); }
        } else {
            for (int i = 0; i < n; i++) {  // re, im ← |λ|, arg λ
                const double a = hypot(re[i], im[i]), g = atan2(im[i], re[i]);
                re[i] = a;
                im[i] = g;
            }
            for (int i = 1; i < n; i++) {  // insertion sort: stable, as the CPU's sort
                const double a = re[i], g = im[i];
                int k = i - 1;
                while (k >= 0 && (re[k] < a || (re[k] == a && im[k] > g))) {
                    re[k + 1] = re[k];
                    im[k + 1] = im[k];
                    k--;
                }
                re[k + 1] = a;
                im[k + 1] = g;
            }
            const double shift = e * JSPEC_LN2;
            for (int i = 0; i < n; i++) { out_abs[i] = log(re[i]) + shift; out_arg[i] = im[i]; }
        }
    }
    __syncthreads();
}

__device__ void jacobian_spectra(double* __restrict__ logsig, double* __restrict__ eigabs,
                                 double* __restrict__ eigarg, const double* __restrict__ given,
                                 double* __restrict__ scratch, const int* __restrict__ depths, uint64_t seed,
                                 uint64_t first_network, int n, int max_depth, int depth_count, int points,
                                 double q_len, int activation, int last_linear,
                                 int w_kind, double w_param, double w_mult, int b_kind, double b_param, double b_mult,
                                 const double* __restrict__ layers, int layer_count, int eigenvalues, int in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int tid = threadIdx.x, nt = blockDim.x;
    const int local = blockIdx.x / points, p = blockIdx.x - local * points;
    const uint64_t network = first_network + local;
    const size_t nn = (size_t)n * n;
    double* base = in_shared ? smem : scratch + blockIdx.x * (5 * nn + 8 * (size_t)n + 4);
    double* W = base;              // W_l; after W Q: the last-linear QR
    double* V = W + nn;            // W_l Q_{l−1}, then D V factored: Q_l R_l
    double* refl = V + nn;         // reflectors of Q_{l−1}
    double* T = refl + nn;         // T_{l−1}, T_l
    double* work = T + nn;         // R T, SVD copy
    double* bias = work + nn;
    double* x = bias + n;
    double* xn = x + n;
    double* d = xn + n;
    double* tau = d + n;
    double* taus = tau + n;        // τ of Q_{l−1}
    double* row = taus + n;
    double* sig = row + n;
    double* scal = sig + n;

    // 1. x_0 (InputPoints.fill), T_0 = I.
    scaled_input_point(x, given, scal, seed, network, p, n, q_len);
    for (int e = tid; e < n * n; e += nt) T[e] = e / n == e % n ? 1.0 : 0.0;

    // 2. Layers.
    __shared__ const double* given_layers;  // null: sampled; in shared memory: no register across the layer loop
    if (tid == 0) given_layers = explicit_network(layers, layer_count, local, n);
    __syncthreads();
    const size_t out_offset = (size_t)blockIdx.x * depth_count * n;
    double* out = logsig + out_offset;
    int expo = 0, next = 0, eig_expo = 0;
    for (int l = 1; l <= max_depth; l++) {
        const bool report = next < depth_count && depths[next] == l;
        sample_layer(W, bias, given_layers, seed, network, l, n, w_kind, w_param, w_mult, b_kind, b_param, b_mult, d);  // d: Haar scratch, free here
        __syncthreads();
        for (int i = tid; i < n; i += nt) {
            const double h = rh_dot(W + (size_t)i * n, x, n) + bias[i];
            const double y = map_phi(activation, h);  // Activation.phi / dphi
            d[i] = map_dphi(activation, h, y);
            xn[i] = y;
        }
        for (int e = tid; e < n * n; e += nt) V[e] = W[e];
        __syncthreads();
        double* swap = x; x = xn; xn = swap;
        if (l > 1) {
            jspec_apply_q_right(V, refl, taus, n);        // W_l Q_{l−1}
            __syncthreads();
        }
        if (report && last_linear) {                       // σ(W_l J_{l−1}); J_l itself goes on
            for (int e = tid; e < n * n; e += nt) W[e] = V[e];
            __syncthreads();
            rh_qr_factor(W, n, n, tau, row, scal);
            jspec_upper_times_upper(W, T, work, n);
            __syncthreads();
            if (eigenvalues) {                             // J = Q' (R' T_{l−1}) into W; refl is free now
                jspec_form_q(W, tau, refl, n);
                jspec_times(refl, work, W, n);
                eig_expo = expo;
            }
            jspec_spectrum(work, sig, out + (size_t)next * n, expo, n);
            __syncthreads();                               // tau is reused below
        }
        for (int e = tid; e < n * n; e += nt) V[e] *= d[e / n];   // D_l W_l Q_{l−1}
        __syncthreads();
        rh_qr_factor(V, n, n, tau, row, scal);             // = Q_l R_l
        jspec_upper_times_upper(V, T, work, n);            // T_l = R_l T_{l−1}
        __syncthreads();
        swap = T; T = work; work = swap;
        expo += jspec_renormalise(T, n * n, scal);
        if (report && !last_linear) {
            if (eigenvalues) {                             // J = Q_l T_l into W; W and work are free
                jspec_form_q(V, tau, work, n);
                jspec_times(work, T, W, n);
                eig_expo = expo;
            }
            for (int e = tid; e < n * n; e += nt) work[e] = T[e];
            __syncthreads();
            jspec_spectrum(work, sig, out + (size_t)next * n, expo, n);
        }
        if (report && eigenvalues) {                       // λ(J) from W (untouched since), one call site
            jspec_eigenvalues(W, row, sig, scal, eigabs + out_offset + (size_t)next * n,
                              eigarg + out_offset + (size_t)next * n, eig_expo, n);
        }
        swap = refl; refl = V; V = swap;                   // Q_l, kept as Householder vectors
        swap = taus; taus = tau; tau = swap;
        if (report) next++;
        __syncthreads();
    }
}

}  // namespace netdyn

// Launch: grid (networks × points), block ≤ 128 threads, dynamic shared per JacobianSpectraPlan.
// No __launch_bounds__: with it ptxas squeezes the layer loop into fewer registers and spills.
extern "C" __global__ void netdyn_jacobian_spectra_f64(double* logsig, double* eigabs, double* eigarg, double* given,
                                                       double* scratch, int* depths, uint64_t seed,
                                                       uint64_t first_network, int n, int max_depth,
                                                       int depth_count, int points, double q_len, int activation,
                                                       int last_linear, int w_kind, double w_param, double w_mult,
                                                       int b_kind, double b_param, double b_mult, double* layers,
                                                       int layer_count, int eigenvalues, int in_shared) {
    netdyn::jacobian_spectra(logsig, eigabs, eigarg, given, scratch, depths, seed, first_network, n, max_depth,
                             depth_count, points, q_len, activation, last_linear, w_kind, w_param, w_mult, b_kind,
                             b_param, b_mult, layers, layer_count, eigenvalues, in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_jacobian_spectra_f64)
