// iterate_map.cu — fused fixed-point iteration x ← f_l(x) of sampled networks
// (docs/measures/fixedpoints.md; docs/gpu.md, "The iterate_map kernel").
//
// CPU reference: backend/cpu/MapEngine.iterate (through CpuBackend.iterateMap); the output
// layout is backend/FixedPointRun.java. Checked through the emulator by IterateMapEmulatorTest
// (converged flags, iteration counts and cycle periods identical, points within 1e-9).
//
// Versions
//   v1 (this file) one block per (network × chunk of starts), one thread per start. The block
//      regenerates W_1..W_Lmax, b_1..b_Lmax from Philox counters once (TensorSampler order) into
//      shared memory when they fit, else into a per-block global scratch; then every thread runs
//      its start through every requested depth, all T iterations, with its own early exit (no
//      barrier after the weights, so finished threads simply stop). A thread's state (x, f(x),
//      two layer buffers, a ring of the last P iterates) lives in a per-block global scratch,
//      interleaved by thread (coalesced). Every sum runs over k = 0..N-1 from b_i, tanh is the
//      CPU's (netdyn_tanh = model/SpecialFunctions.tanh), so with fp-contract off (the emulator) a
//      start does exactly the CPU's operations. nvcc may contract to FMA: on a GPU points agree
//      to rounding and a start whose step lands within an ulp of tol may differ by one iteration.
//
// Math (network b, depth l = depths[d], start s, width N):
//   x_0[i]   = StartPoints: lo + (hi-lo)·U0 or scale·Z from STARTS block (b, 0, 0, s·N + i)
//   f(x)     = φ(W_l ··· φ(W_1 x + b_1) ··· + b_l)  (last φ dropped when last_linear)
//   step t:  y = f(x_t); diff = ‖y − x_t‖∞, scale = max(1, ‖y‖∞)
//            non-finite y → DIVERGED; diff < tol·scale → CONVERGED (period 1);
//            diff > merge·scale and ‖y − x_{t+1−q}‖∞ < tol·scale for the least q in 2..P → CYCLE,
//            point = the lexicographically first orbit point (MapEngine.canonicalOrbitPoint);
//            else x_{t+1} = y. After T steps: NOT_CONVERGED with the last iterate.
//
// Shapes: points (B, D, M, N); iterations, status, period (B, D, M) int; residual (B, D, M);
//         depths (D) int; weights_global (blocks, Lmax, N²+N) when weights_in_shared == 0;
//         layers: explicit networks (layer_count ≥ Lmax layers each, map_common.cuh explicit_network)
//         copied into W, bias instead of drawing them; null for sampled networks;
//         state (blocks, (5+P)·N, threads) — component c, coordinate i of thread t at
//         [(c·N + i)·threads + t]: c = 0 x, 1 y, 2 and 3 layer buffers, 4 x_0, 5.. ring slots.
// Shared memory (dynamic, doubles): Lmax·(N² + N) when weights_in_shared. Host: IterateMapPlan.
// Orthogonal weights: sample_layers turns each layer into the CPU's Haar matrix (haar.cuh) with
// the block's threads, using the first N doubles of the block's state as scratch before any
// thread's state exists.
//
// Napkin math per network: Lmax·(N²+N) Philox draws per block; per start and map evaluation
// l·(2N² + N) flops reading l·N² weights from shared memory (broadcast: all threads of a warp
// read the same W[i,k]); D·M·T·l·2N² flops at most. Compute-bound in fp64. Roofline: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "distributions.cuh"
#include "map_common.cuh"
#include "philox.cuh"

namespace netdyn {

// Most threads per block this kernel is built for (IterateMapPlan.MAX_THREADS in Java).
constexpr int ITERATE_MAX_THREADS = 256;

// FixedPointRun status codes.
enum FixedPointStatus : int { FP_CONVERGED = 0, FP_CYCLE = 1, FP_NOT_CONVERGED = 2, FP_DIVERGED = 3 };

// One thread's view of the interleaved state: coordinate i of component c.
struct ThreadState {
    double* base;
    int stride;  // threads of the block
    int n;
    __device__ double& at(int c, int i) const { return base[(size_t)(c * n + i) * stride]; }
};

constexpr int C_X = 0, C_Y = 1, C_TA = 2, C_TB = 3, C_START = 4, C_RING = 5;

// y = f_depth(x) with the block's weights W (Lmax, N, N) and biases (Lmax, N).
__device__ inline void map_forward(const ThreadState& st, const double* __restrict__ W,
                                   const double* __restrict__ bias, int n, int depth, int act, int last_linear) {
    int src = C_X;
    for (int l = 0; l < depth; l++) {
        const int dst = l == depth - 1 ? C_Y : ((l & 1) == 0 ? C_TA : C_TB);
        const bool nonlinear = !(last_linear && l == depth - 1);
        const double* wl = W + (size_t)l * n * n;
        for (int i = 0; i < n; i++) {
            double a = bias[l * n + i];
            const double* wi = wl + i * n;
            for (int k = 0; k < n; k++) a += wi[k] * st.at(src, k);
            st.at(dst, i) = nonlinear ? map_phi(act, a) : a;
        }
        src = dst;
    }
}

// ‖y − ring slot‖∞ < tol, stopping once it is not (MapEngine.cyclePeriod's inner loop).
__device__ inline bool close_to_slot(const ThreadState& st, int slot, double tol) {
    double d = 0;
    for (int i = 0; i < st.n && d < tol; i++) d = fmax(d, fabs(st.at(C_Y, i) - st.at(C_RING + slot, i)));
    return d < tol;
}

// u <lex v with coordinates within eps equal (MapEngine.lexLess).
__device__ inline bool lex_less(const ThreadState& st, int cu, int cv, double eps) {
    for (int i = 0; i < st.n; i++) {
        const double u = st.at(cu, i), v = st.at(cv, i);
        if (u < v - eps) return true;
        if (u > v + eps) return false;
    }
    return false;
}

// The Philox draws live in their own (not inlined) functions (sample_layers in map_common.cuh,
// draw_start here): the trig slow path they may call would otherwise make ptxas save the
// iteration loop's registers around it (spills).

// x_0 of start s (StartPoints.fill: element s·N + i of STARTS layer 0, tensor 0) into C_START.
__device__ __noinline__ void draw_start(const ThreadState& st, uint64_t seed, uint64_t network, int s,
                                        int gaussian, double lo, double hi, double scale) {
    for (int i = 0; i < st.n; i++) {
        const Philox4 w = stream_block(seed, STREAM_STARTS, network, 0, 0, (uint32_t)(s * st.n + i));
        const double u0 = philox_uniform(w.w[0]);
        st.at(C_START, i) = gaussian ? scale * draw_gaussian(w.w[0], w.w[1]) : lo + (hi - lo) * u0;
    }
}

__device__ void iterate_map(double* __restrict__ points, int* __restrict__ iterations, int* __restrict__ status,
                            double* __restrict__ residual, int* __restrict__ period_out,
                            const int* __restrict__ depths, double* __restrict__ weights_global,
                            double* __restrict__ state, uint64_t seed, uint64_t first_network, int n,
                            int max_depth, int depth_count, int M, int chunks,
                            int start_gaussian, double start_lo, double start_hi, double start_scale,
                            int activation, int last_linear, int w_kind, double w_param, double w_mult,
                            int b_kind, double b_param, double b_mult, const double* __restrict__ layers,
                            int layer_count, int max_iter, double tol, int P, double merge_tol, int weights_in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const int local = blockIdx.x / chunks, chunk = blockIdx.x - local * chunks;
    const uint64_t network = first_network + local;
    const int nn = n * n;

    // 1. W_l, b_l for l = 1..Lmax (TensorSampler: mult·draw), shared by the block's threads.
    double* W = weights_in_shared ? smem : weights_global + (size_t)blockIdx.x * max_depth * (nn + n);
    double* bias = W + (size_t)max_depth * nn;
    double* block_state = state + (size_t)blockIdx.x * (5 + P) * n * nthreads;
    sample_layers(W, bias, explicit_network(layers, layer_count, local, n), seed, network, n, max_depth, w_kind, w_param, w_mult, b_kind, b_param, b_mult,
                  block_state);  // its first N doubles: Haar scratch (orthogonal weights), free until the states
    __syncthreads();  // the last barrier: from here on each thread runs alone

    const int s = chunk * nthreads + tid;
    if (s >= M) return;
    const ThreadState st{block_state + tid, nthreads, n};

    draw_start(st, seed, network, s, start_gaussian, start_lo, start_hi, start_scale);
    for (int d = 0; d < depth_count; d++) {
        const int depth = depths[d];
        const size_t k = ((size_t)local * depth_count + d) * M + s;
        for (int i = 0; i < n; i++) {  // x_0, also ring slot 0
            const double x = st.at(C_START, i);
            st.at(C_X, i) = x;
            st.at(C_RING, i) = x;
        }
        double last_diff = NAN;
        int code = FP_NOT_CONVERGED, iters = max_iter, per = 0, from = C_X;
        double res = 0;
        for (int t = 0; t < max_iter; t++) {
            map_forward(st, W, bias, n, depth, activation, last_linear);
            double diff = 0, norm = 0;
            bool finite = true;
            for (int i = 0; i < n; i++) {
                const double y = st.at(C_Y, i);
                finite = finite && isfinite(y);
                diff = fmax(diff, fabs(y - st.at(C_X, i)));
                norm = fmax(norm, fabs(y));
            }
            const double scale = fmax(1.0, norm);
            if (!finite) {
                code = FP_DIVERGED; iters = t + 1; res = NAN; per = 0; from = C_Y;
                break;
            }
            if (diff < tol * scale) {
                code = FP_CONVERGED; iters = t + 1; res = diff; per = 1; from = C_Y;
                break;
            }
            int q = 0;  // MapEngine.cyclePeriod
            if (diff > merge_tol * scale) {
                const int qmax = P < t + 1 ? P : t + 1;
                for (int c = 2; c <= qmax && q == 0; c++) {
                    if (close_to_slot(st, (t + 1 - c) % P, tol * scale)) q = c;
                }
            }
            if (q != 0) {  // MapEngine.canonicalOrbitPoint: first of x_{t+1} (y), x_t, .., x_{t+2-q}
                int best = C_Y;
                for (int c = 1; c < q; c++) {
                    const int slot = C_RING + (t + 1 - c) % P;
                    if (lex_less(st, slot, best, merge_tol * scale)) best = slot;
                }
                code = FP_CYCLE; iters = t + 1; res = diff; per = q; from = best;
                break;
            }
            const int next = C_RING + (t + 1) % P;
            for (int i = 0; i < n; i++) {
                const double y = st.at(C_Y, i);
                st.at(C_X, i) = y;
                st.at(next, i) = y;
            }
            last_diff = diff;
        }
        if (code == FP_NOT_CONVERGED) res = last_diff;
        for (int i = 0; i < n; i++) points[k * n + i] = st.at(from, i);
        iterations[k] = iters;
        status[k] = code;
        residual[k] = res;
        period_out[k] = per;
    }
}

}  // namespace netdyn

// Launch: grid (networks × chunks), block (starts per chunk ≤ 256), dynamic shared per IterateMapPlan.
extern "C" __global__ void __launch_bounds__(netdyn::ITERATE_MAX_THREADS)
netdyn_iterate_map_f64(double* points, int* iterations, int* status, double* residual, int* period,
                       int* depths, double* weights_global, double* state,
                       uint64_t seed, uint64_t first_network, int n, int max_depth, int depth_count,
                       int starts, int chunks, int start_gaussian, double start_lo, double start_hi,
                       double start_scale, int activation, int last_linear,
                       int w_kind, double w_param, double w_mult, int b_kind, double b_param, double b_mult,
                       double* layers, int layer_count,
                       int max_iter, double tol, int max_period, double merge_tol, int weights_in_shared) {
    netdyn::iterate_map(points, iterations, status, residual, period, depths, weights_global, state, seed,
                        first_network, n, max_depth, depth_count, starts, chunks, start_gaussian, start_lo,
                        start_hi, start_scale, activation, last_linear, w_kind, w_param, w_mult, b_kind,
                        b_param, b_mult, layers, layer_count, max_iter, tol, max_period, merge_tol, weights_in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_iterate_map_f64)
