// newton_map.cu — Jacobians of the depth-l map and damped Newton on g(x) = f_l(x) − x at given
// points of sampled networks (docs/measures/fixedpoints.md): the last two fixed-point operations of
// the Backend contract (mapJacobians, newtonMap) after iterate_map.cu.
//
// CPU reference: backend/cpu/MapEngine.jacobian and MapEngine.newton (through CpuBackend's
// mapJacobians and newtonMap, FixedPointOps), linalg/LuSolve.solveInPlace; the point layout is
// backend/PointSet.java, the outputs backend/NewtonRun.java. Checked through the emulator by
// NewtonEmulatorTest (Jacobians within 1e-10 of ‖J‖, Newton steps and convergence identical,
// points within 1e-9).
//
// Versions
//   v1 (this file) one block per network, one thread per point (a network's points of every
//      depth share the block's layers, regenerated once from Philox into shared memory when they
//      fit, else into a per-block global copy — as iterate_map). Each thread does the CPU's
//      operations in the CPU's order on its own point: the forward Jacobian product kept
//      transposed (Jᵀ_l = Jᵀ_{l-1} W_lᵀ D_l, every sum over j = 0..N-1 from 0), and for Newton
//      the LU with partial pivoting of LuSolve (same pivot choice, same update order, the same
//      1e-300 singularity test), then up to 12 step halvings until ‖g‖∞ decreases; all Newton
//      steps in the launch, each thread stopping on its own. Maxima propagate NaN like
//      Java's Math.max (fmax would drop it). With fp-contract off (the emulator) a point gets
//      exactly the CPU's numbers; nvcc may contract to FMA: agreement to rounding on a GPU.
//
// Math (point x of network b at depth l, D_k = diag(φ'(h_k)), D_l = I when last_linear):
//   h_k = W_k a_{k-1} + b_k, a_k = φ(h_k), a_0 = x;   J = D_l W_l ··· D_1 W_1,  f(x) = a_l
//   Newton step: g = f(x) − x; stop when ‖g‖∞ ≤ max(1e-3·tol, 4e-15)·max(1, ‖x‖∞) or g not finite;
//     solve (J − I) δ = −g (LU, partial pivoting; singular → stop);
//     x_t = x + λδ for λ = 1, 1/2, .., 2^-12 until ‖f(x_t) − x_t‖∞ < ‖g‖∞ (none → stop)
//   converged = ‖g‖∞ < tol·max(1, ‖x‖∞) at the final x.
//
// Shapes (P = points of the launch's networks, in PointSet order):
//   offsets (B·D + 1) int, point p of group g = b·D + d at offsets[g] − offsets[0] ≤ p < ..[g+1] − ..[0];
//   depths (D) int; x (P, N);  mapJacobians: jac (P, N, N) row-major;
//   newtonMap: x_out (P, N), residual (P), converged (P) int, iterations (P) int;
//   weights_global (B, Lmax, N²+N) when weights_in_shared == 0;
//   layers: explicit networks (layer_count ≥ Lmax layers each, map_common.cuh explicit_network)
//   copied into W, bias instead of drawing them; null for sampled networks;
//   scratch (B, 3N² + 11N, threads): element e of thread t at [e·threads + t] (coalesced); its
//   first N doubles are haar.cuh's scratch while sample_layers orthogonalises orthogonal weights.
// Shared memory (dynamic, doubles): Lmax·(N² + N) when weights_in_shared. Host: NewtonMapPlan.
//
// Napkin math per point: Jacobian l·(2N³ + 2N²) flops; Newton step ≈ l·2N³ (J) + 2N³/3 (LU) +
//   h·l·2N² (h halvings) flops; the running product (2N² doubles) and LU (N²) are read and written
//   every layer in the thread's scratch (L1/L2-resident for small N): compute-bound in fp64,
//   latency-bound when a network has few points (one thread each). Roofline: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "map_common.cuh"

namespace netdyn {

// Most threads per block the host launches (NewtonMapPlan.MAX_THREADS in Java; ≤ 96 registers each).
constexpr int NEWTON_MAX_THREADS = 128;
// MapEngine.MAX_HALVINGS.
constexpr int NEWTON_MAX_HALVINGS = 12;

// Java's Math.max on doubles: NaN when either is NaN (fmax would return the other).
__device__ inline double jmax(double a, double b) {
    return (a != a || b != b) ? a + b : (a > b ? a : b);
}

// One thread's interleaved scratch: element e at base[e·stride].
struct PointScratch {
    double* base;
    int stride;
    int n;
    __device__ double& at(int e) const { return base[(size_t)e * stride]; }
    __device__ double& v(int vec, int i) const { return at(3 * n * n + vec * n + i); }
};

// Scratch matrices (element offset ·N²) and vectors (offset 3N² + ·N).
constexpr int NM_M_CUR = 0, NM_M_NEXT = 1, NM_M_LU = 2;
constexpr int NM_A = 0, NM_H = 1, NM_DD = 2, NM_FX = 3, NM_G = 4, NM_DELTA = 5, NM_XT = 6, NM_FT = 7,
              NM_XN = 8, NM_TA = 9, NM_TB = 10;
constexpr int NM_VECTORS = 11;

// dst = f_depth(src) (MapEngine.forward with one row): sums from b_i over k = 0..N-1.
__device__ inline void nm_forward(const PointScratch& sc, const double* __restrict__ W, const double* __restrict__ bias,
                                      int src, int out, int depth, int act, int last_linear) {
    const int n = sc.n;
    for (int l = 0; l < depth; l++) {
        const int dst = l == depth - 1 ? out : ((l & 1) == 0 ? NM_TA : NM_TB);
        const bool nonlinear = !(last_linear && l == depth - 1);
        const double* wl = W + (size_t)l * n * n;
        for (int i = 0; i < n; i++) {
            double a = bias[l * n + i];
            for (int k = 0; k < n; k++) a += wl[i * n + k] * sc.v(src, k);
            sc.v(dst, i) = nonlinear ? map_phi(act, a) : a;
        }
        src = dst;
    }
}

// Jᵀ of f_depth at vector `xv` (MapEngine.jacobian): returns the scratch matrix (NM_M_CUR or
// NM_M_NEXT) holding Jᵀ (N, N); f(x) is left in vector NM_A.
__device__ inline int nm_jacobian_t(const PointScratch& sc, const double* __restrict__ W,
                                       const double* __restrict__ bias, int xv, int depth, int act, int last_linear) {
    const int n = sc.n, nn = n * n;
    for (int i = 0; i < n; i++) sc.v(NM_A, i) = sc.v(xv, i);
    int cur = NM_M_CUR, next = NM_M_NEXT;
    for (int l = 0; l < depth; l++) {
        const bool nonlinear = !(last_linear && l == depth - 1);
        const double* wl = W + (size_t)l * nn;
        for (int i = 0; i < n; i++) {  // h_l = W_l a + b_l
            double a = bias[l * n + i];
            for (int k = 0; k < n; k++) a += wl[i * n + k] * sc.v(NM_A, k);
            sc.v(NM_H, i) = a;
        }
        for (int i = 0; i < n; i++) {
            const double h = sc.v(NM_H, i);
            const double v = nonlinear ? map_phi(act, h) : h;
            sc.v(NM_DD, i) = nonlinear ? map_dphi(act, h, v) : 1.0;
            sc.v(NM_A, i) = v;
        }
        if (l == 0) {  // Jᵀ_1[k, i] = d_i W_1[i, k]
            for (int i = 0; i < n; i++) {
                const double d = sc.v(NM_DD, i);
                for (int k = 0; k < n; k++) sc.at(next * nn + k * n + i) = d * wl[i * n + k];
            }
        } else {  // Jᵀ_l[k, i] = (Σ_j W_l[i, j] Jᵀ_{l-1}[k, j]) · d_i
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += wl[i * n + j] * sc.at(cur * nn + k * n + j);
                    sc.at(next * nn + k * n + i) = s * sc.v(NM_DD, i);
                }
            }
        }
        const int t = cur; cur = next; next = t;
    }
    return cur;
}

// LuSolve.solveInPlace on the scratch LU matrix and right-hand side NM_DELTA; false when a pivot
// is below 1e-300 or not finite, or the solution is not finite.
__device__ inline bool nm_lu_solve(const PointScratch& sc) {
    const int n = sc.n, lu = NM_M_LU * n * n;
    for (int k = 0; k < n; k++) {
        int p = k;
        double best = fabs(sc.at(lu + k * n + k));
        for (int i = k + 1; i < n; i++) {
            const double v = fabs(sc.at(lu + i * n + k));
            if (v > best) { best = v; p = i; }
        }
        if (!(best > 1e-300) || !isfinite(best)) return false;
        if (p != k) {
            for (int j = 0; j < n; j++) {
                const double t = sc.at(lu + k * n + j);
                sc.at(lu + k * n + j) = sc.at(lu + p * n + j);
                sc.at(lu + p * n + j) = t;
            }
            const double t = sc.v(NM_DELTA, k);
            sc.v(NM_DELTA, k) = sc.v(NM_DELTA, p);
            sc.v(NM_DELTA, p) = t;
        }
        const double inv = 1 / sc.at(lu + k * n + k);
        for (int i = k + 1; i < n; i++) {
            const double m = sc.at(lu + i * n + k) * inv;
            if (m == 0) continue;
            sc.at(lu + i * n + k) = m;
            for (int j = k + 1; j < n; j++) sc.at(lu + i * n + j) -= m * sc.at(lu + k * n + j);
            sc.v(NM_DELTA, i) -= m * sc.v(NM_DELTA, k);
        }
    }
    for (int i = n - 1; i >= 0; i--) {  // back substitution U x = r
        double s = sc.v(NM_DELTA, i);
        for (int j = i + 1; j < n; j++) s -= sc.at(lu + i * n + j) * sc.v(NM_DELTA, j);
        sc.v(NM_DELTA, i) = s / sc.at(lu + i * n + i);
    }
    for (int i = 0; i < n; i++) if (!isfinite(sc.v(NM_DELTA, i))) return false;
    return true;
}

// MapEngine.newton from the point in NM_XN: returns ‖g‖∞ at the final point (left in NM_XN).
__device__ inline double nm_newton(const PointScratch& sc, const double* __restrict__ W, const double* __restrict__ bias,
                                   int depth, int act, int last_linear, int max_iter, double tol, int* steps_out) {
    const int n = sc.n, nn = n * n;
    double gn = NAN;
    int steps = 0;
    for (; steps < max_iter; steps++) {
        const int jt = nm_jacobian_t(sc, W, bias, NM_XN, depth, act, last_linear);
        for (int i = 0; i < n; i++) {  // LU ← J (row-major), f(x) in NM_A
            for (int k = 0; k < n; k++) sc.at(NM_M_LU * nn + i * n + k) = sc.at(jt * nn + k * n + i);
        }
        gn = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            const double g = sc.v(NM_A, i) - sc.v(NM_XN, i);
            sc.v(NM_G, i) = g;
            gn = jmax(gn, fabs(g));
            norm = jmax(norm, fabs(sc.v(NM_XN, i)));
        }
        if (!isfinite(gn) || !isfinite(norm)) { gn = NAN; break; }
        if (gn <= jmax(1e-3 * tol, 4e-15) * jmax(1.0, norm)) break;
        for (int i = 0; i < n; i++) {
            sc.at(NM_M_LU * nn + i * n + i) -= 1;
            sc.v(NM_DELTA, i) = -sc.v(NM_G, i);
        }
        if (!nm_lu_solve(sc)) break;
        double lambda = 1, gt = NAN;
        bool accepted = false;
        for (int k = 0; k <= NEWTON_MAX_HALVINGS && !accepted; k++, lambda *= 0.5) {
            for (int i = 0; i < n; i++) sc.v(NM_XT, i) = sc.v(NM_XN, i) + lambda * sc.v(NM_DELTA, i);
            nm_forward(sc, W, bias, NM_XT, NM_FT, depth, act, last_linear);
            gt = 0;
            for (int i = 0; i < n; i++) gt = jmax(gt, fabs(sc.v(NM_FT, i) - sc.v(NM_XT, i)));
            accepted = gt < gn;  // false for NaN
        }
        if (!accepted) break;
        for (int i = 0; i < n; i++) sc.v(NM_XN, i) = sc.v(NM_XT, i);
        gn = gt;
    }
    *steps_out = steps;
    return gn;
}

// mode 0: jac (P, N, N) = J_f(x); mode 1: Newton from x, results in x_out, residual, converged, iterations.
__device__ void newton_map(int mode, const double* __restrict__ x, double* __restrict__ jac,
                           double* __restrict__ x_out, double* __restrict__ residual, int* __restrict__ converged,
                           int* __restrict__ iterations, const int* __restrict__ offsets, const int* __restrict__ depths,
                           double* __restrict__ weights_global, double* __restrict__ scratch,
                           uint64_t seed, uint64_t first_network, int n, int max_depth, int depth_count,
                           int activation, int last_linear, int w_kind, double w_param, double w_mult,
                           int b_kind, double b_param, double b_mult, const double* __restrict__ layers, int layer_count,
                           int max_iter, double tol, int weights_in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int local = blockIdx.x, nthreads = blockDim.x;
    const int g0 = local * depth_count, base = offsets[0];
    const int first = offsets[g0] - base, end = offsets[g0 + depth_count] - base;
    if (first == end) return;  // no points: the whole block leaves before the barrier
    const int nn = n * n;
    double* W = weights_in_shared ? smem : weights_global + (size_t)local * max_depth * (nn + n);
    double* bias = W + (size_t)max_depth * nn;
    double* block_scratch = scratch + (size_t)local * (3 * nn + NM_VECTORS * n) * nthreads;
    sample_layers(W, bias, explicit_network(layers, layer_count, local, n), seed, first_network + local, n, max_depth, w_kind, w_param, w_mult, b_kind, b_param, b_mult,
                  block_scratch);  // its first N doubles: Haar scratch (orthogonal weights), free until the points
    __syncthreads();  // the last barrier: from here on each thread runs alone

    const PointScratch sc{block_scratch + threadIdx.x, nthreads, n};
    for (int p = first + threadIdx.x; p < end; p += nthreads) {
        int d = 0;
        while (offsets[g0 + d + 1] - base <= p) d++;
        const int depth = depths[d];
        for (int i = 0; i < n; i++) sc.v(NM_XN, i) = x[(size_t)p * n + i];
        if (mode == 0) {
            const int jt = nm_jacobian_t(sc, W, bias, NM_XN, depth, activation, last_linear);
            double* out = jac + (size_t)p * nn;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) out[i * n + k] = sc.at(jt * nn + k * n + i);
            }
            continue;
        }
        int steps = 0;
        const double gn = nm_newton(sc, W, bias, depth, activation, last_linear, max_iter, tol, &steps);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            const double v = sc.v(NM_XN, i);
            x_out[(size_t)p * n + i] = v;
            norm = jmax(norm, fabs(v));
        }
        residual[p] = gn;
        converged[p] = gn < tol * jmax(1.0, norm) ? 1 : 0;
        iterations[p] = steps;
    }
}

}  // namespace netdyn

// Launch (both): grid (networks), block (≤ NEWTON_MAX_THREADS threads, one per point), dynamic shared
// per NewtonMapPlan. No __launch_bounds__ on purpose: with it ptxas held newton_map to 72 registers
// and spilled ~84 bytes around the sample_layers call; without it, 96 registers and no spills.
extern "C" __global__ void
netdyn_map_jacobians_f64(double* jac, double* x, int* offsets, int* depths, double* weights_global, double* scratch,
                         uint64_t seed, uint64_t first_network, int n, int max_depth, int depth_count,
                         int activation, int last_linear, int w_kind, double w_param, double w_mult,
                         int b_kind, double b_param, double b_mult, double* layers, int layer_count,
                         int weights_in_shared) {
    netdyn::newton_map(0, x, jac, nullptr, nullptr, nullptr, nullptr, offsets, depths, weights_global, scratch, seed,
                       first_network, n, max_depth, depth_count, activation, last_linear, w_kind, w_param, w_mult,
                       b_kind, b_param, b_mult, layers, layer_count, 0, 0.0, weights_in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_map_jacobians_f64)

extern "C" __global__ void
netdyn_newton_map_f64(double* x_out, double* residual, int* converged, int* iterations, double* x, int* offsets,
                      int* depths, double* weights_global, double* scratch,
                      uint64_t seed, uint64_t first_network, int n, int max_depth, int depth_count,
                      int activation, int last_linear, int w_kind, double w_param, double w_mult,
                      int b_kind, double b_param, double b_mult, double* layers, int layer_count,
                      int max_iter, double tol, int weights_in_shared) {
    netdyn::newton_map(1, x, nullptr, x_out, residual, converged, iterations, offsets, depths, weights_global, scratch,
                       seed, first_network, n, max_depth, depth_count, activation, last_linear, w_kind, w_param, w_mult,
                       b_kind, b_param, b_mult, layers, layer_count, max_iter, tol, weights_in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_newton_map_f64)
