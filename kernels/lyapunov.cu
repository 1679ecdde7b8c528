// lyapunov.cu — Lyapunov exponents along depth (docs/measures/lyapunov.md): k tangent vectors
// pushed through D_l W_l and re-orthonormalised by a Householder QR every layer.
//
// CPU reference: backend/cpu/LyapunovWorker.depthPass (through CpuBackend.lyapunov); the output
// layout is backend/LyapunovRun.logRSum. Checked through the emulator by JacobianEmulatorTest
// (Σ ln|R_ii| within 1e-9 of the CPU's). The iterated-map exponent of the same op is the second
// entry point, netdyn_lyapunov_map_f64 (below; CPU reference LyapunovWorker.mapExponent, layout
// LyapunovRun.mapLambda; checked by LyapunovMapEmulatorTest, within 1e-9 relative).
//
// Versions
//   v1 (this file) one block per (network × input point). The block regenerates W_l, b_l from
//      Philox counters layer by layer (TensorSampler order) into its workspace — dynamic shared
//      memory when it fits, else a per-block global scratch — and keeps x, Q, D W Q there too.
//      Every step follows the CPU's operation order: the dot products are Dense.dot's four
//      chains, D W Q is RowProducts.scaledProduct's grouping of four, the QR and Q are
//      RowHouseholder.factor (row_householder.cuh) / formQ with one thread per column (the s = vᵀA sums) or per
//      element (the rank-1 updates) between barriers; φ and φ' are map_common.cuh's (netdyn_tanh,
//      the CPU's tanh). With fp-contract off (the emulator) a block does the CPU's operations;
//      only libm's erf against Java's differs (by an ulp; the Box–Muller draws are drawmath.cuh's,
//      the same bits). nvcc may fuse multiply-adds.
//
// Math (network b, point p, width N, k tangent vectors, depth L):
//   x_0      = InputPoints: √(qN)·u/‖u‖, u_i Gaussian from PROBES block (b, 0, 2, p·N + i),
//              or the given point
//   Q_0      = qr(G), G[i][j] Gaussian from PERTURB block (b, 0, 0, (p·N + j)·N + i)
//   layer l: h = W_l x + b_l,  D = diag φ'(h),  x ← φ(h)  (φ on every layer, as the CPU)
//            D W_l Q_{l-1} = Q_l R_l,   acc_i += ln|R_l(i,i)|,   logr[(b, p, l-1, i)] = acc_i
//
// Shapes: logr (B, P, L, k); given (B, P, N) or null; scratch (blocks, WS) doubles when the
//         workspace is not in shared memory. Workspace WS = N² + 4N + 2Nk + 3k + 4 doubles
//         (LyapunovPlan.workspaceDoubles): W, b, x, x', d, Q (N,k), V (N,k), τ, row, acc, 4 scalars.
//         Orthogonal weights: sample_layer orthogonalises W_l (haar.cuh) with d as its scratch.
//         layers: explicit networks (layer_count ≥ L layers each, map_common.cuh explicit_network),
//         W_l, b_l copied from there instead of drawn; null for sampled networks.
//
// Napkin math per block and layer: N² Philox draws (~100 flops each), 2N²k flops for D W Q,
// ~4Nk² for the QR and Q; ~3k barriers for the QR. Draw-bound for k ≪ N, compute-bound in fp64
// for k ≈ N ≥ 32. Roofline: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "distributions.cuh"
#include "map_common.cuh"
#include "philox.cuh"
#include "row_householder.cuh"

namespace netdyn {

// Most threads per block this kernel is built for (LyapunovPlan.MAX_THREADS in Java).
constexpr int LYAP_MAX_THREADS = 128;
// LyapunovWorker.TENSOR_BASIS, TENSOR_MAP_VECTOR (PERTURB stream); the input points' tensor is map_common.cuh's.
constexpr uint32_t LYAP_TENSOR_BASIS = 0, LYAP_TENSOR_MAP_VECTOR = 1;

// The block's workspace, carved from one array of WS doubles (see the header).
struct LyapWork {
    double *W, *bias, *x, *xn, *d, *Q, *V, *tau, *row, *acc, *scal;
};

__device__ inline LyapWork lyap_carve(double* base, int n, int k) {
    LyapWork w;
    w.W = base;
    w.bias = w.W + (size_t)n * n;
    w.x = w.bias + n;
    w.xn = w.x + n;
    w.d = w.xn + n;
    w.Q = w.d + n;
    w.V = w.Q + (size_t)n * k;
    w.tau = w.V + (size_t)n * k;
    w.row = w.tau + k;
    w.acc = w.row + k;
    w.scal = w.acc + k;
    return w;
}

// The Philox draws live in their own (not inlined) functions (the layer and the input point in
// map_common.cuh): the trig slow path they may call would otherwise make ptxas save the layer
// loop's registers around it (spills).

// G (N, k) of LyapunovWorker.initialBasis into V, strided over the block's threads.
__device__ __noinline__ void lyap_draw_basis(double* V, uint64_t seed, uint64_t network, int p, int n, int k) {
    for (int e = threadIdx.x; e < n * k; e += blockDim.x) {
        const int i = e / k, j = e - i * k;
        // Java's int counter (q·N + j)·N + i wraps past 2^31 (P·N² large): unsigned arithmetic wraps
        // to the same 32 bits without C++'s signed-overflow undefined behaviour.
        const Philox4 w = stream_block(seed, STREAM_PERTURB, network, 0, LYAP_TENSOR_BASIS, ((uint32_t)p * n + j) * n + i);
        V[e] = draw_gaussian(w.w[0], w.w[1]);
    }
}

// RowHouseholder.formQ: thin Q (m, n) of a factorisation, by the whole block.
__device__ void lyap_form_q(const double* qr, const double* tau, int m, int n, double* q, double* row) {
    const int tid = threadIdx.x, nt = blockDim.x;
    for (int e = tid; e < m * n; e += nt) {
        const int i = e / n;
        q[e] = i == e - i * n ? 1.0 : 0.0;
    }
    __syncthreads();
    for (int j = n - 1; j >= 0; j--) {
        const double t = tau[j];
        if (t == 0) continue;
        for (int c = j + tid; c < n; c += nt) {                           // s = vᵀ Q[j:m, j:n]
            double s = q[j * n + c];
            for (int i = j + 1; i < m; i++) s += qr[i * n + j] * q[i * n + c];
            s *= t;
            q[j * n + c] -= s;
            row[c] = s;
        }
        __syncthreads();
        const int w = n - j;
        for (int e = tid; e < (m - j - 1) * w; e += nt) {
            const int i = j + 1 + e / w, c = j + e % w;
            q[i * n + c] -= qr[i * n + j] * row[c];
        }
        __syncthreads();
    }
}

__device__ void lyapunov_depth(double* __restrict__ logr, const double* __restrict__ given,
                               double* __restrict__ scratch, uint64_t seed, uint64_t first_network, int n,
                               int depth, int k, int points, double q_len, int activation,
                               int w_kind, double w_param, double w_mult, int b_kind, double b_param, double b_mult,
                               const double* __restrict__ layers, int layer_count, int in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int tid = threadIdx.x, nt = blockDim.x;
    const int local = blockIdx.x / points, p = blockIdx.x - local * points;
    const uint64_t network = first_network + local;
    const size_t ws = (size_t)n * n + 4 * n + 2 * (size_t)n * k + 3 * k + 4;
    LyapWork w = lyap_carve(in_shared ? smem : scratch + blockIdx.x * ws, n, k);

    // 1. x_0 (InputPoints.fill) and acc = 0.
    scaled_input_point(w.x, given, w.scal, seed, network, p, n, q_len);
    for (int i = tid; i < k; i += nt) w.acc[i] = 0;

    // 2. Q_0 = qr(G).
    lyap_draw_basis(w.V, seed, network, p, n, k);
    __syncthreads();
    rh_qr_factor(w.V, n, k, w.tau, w.row, w.scal);
    lyap_form_q(w.V, w.tau, n, k, w.Q, w.row);

    // 3. Layers: x ← φ(W x + b), D W Q = Q R, Σ ln|R_ii|.
    double* out = logr + (size_t)blockIdx.x * depth * k;
    const double* given_layers = explicit_network(layers, layer_count, local, n);  // null: sampled
    for (int l = 1; l <= depth; l++) {
        sample_layer(w.W, w.bias, given_layers, seed, network, l, n, w_kind, w_param, w_mult, b_kind, b_param, b_mult, w.d);  // d: free here
        __syncthreads();
        for (int i = tid; i < n; i += nt) {
            const double h = rh_dot(w.W + (size_t)i * n, w.x, n) + w.bias[i];
            const double y = map_phi(activation, h);  // Activation.phi / dphi
            w.d[i] = map_dphi(activation, h, y);
            w.xn[i] = y;
        }
        __syncthreads();
        double* swap = w.x; w.x = w.xn; w.xn = swap;
        scaled_product<true>(w.d, w.W, w.Q, w.V, n, k);  // V = diag(d) · W · Q
        __syncthreads();
        rh_qr_factor(w.V, n, k, w.tau, w.row, w.scal);
        for (int i = tid; i < k; i += nt) {
            w.acc[i] += log(fabs(w.V[i * k + i]));
            out[(size_t)(l - 1) * k + i] = w.acc[i];
        }
        lyap_form_q(w.V, w.tau, n, k, w.Q, w.row);  // its barriers order the writes above
    }
}


// ---- netdyn_lyapunov_map_f64: the iterated-map exponent ------------------------------------
//
// CPU reference: LyapunovWorker.mapExponent (the map part of LyapunovWorker.run).
// Math (network b, point p, map depth m = map_depths[d], T steps, T₀ = ⌊T/2⌋ = LyapunovRun.transientSteps):
//   x_0      = InputPoints (as the depth pass);  v_0 = g/‖g‖, g_i Gaussian from PERTURB block
//              (b, 0, 1, p·N + i), ‖g‖² summed in index order, v ← v·(1/‖g‖)
//   step t, layer l = 1..m:  h = W_l x + b_l (Dense.dot + b), u_i = φ'(h_i)·(W_l v)_i (1 instead of
//              φ' on layer m when last_linear), x ← φ(h) (h on that last linear layer),
//              ν = √(Dense.dot(u, u)); ν = 0 → −∞, ν not finite → NaN (stop);
//              t ≥ T₀: growth += ln ν;  v ← u/ν
//   lam[(b·P + p)·D + d] = growth/(T − T₀), NaN when the final x is not finite.
// Every depth of map_depths restarts from x_0 and v_0 with the same sampled layers.
//
// Shapes: lam (B, P, D); given (B, P, N) or null; map_depths (D) int, increasing, last = m;
//         scratch (blocks, WS) doubles when the workspace is not in shared memory.
//         WS = m(N² + N) + 5N + 4 doubles (LyapunovMapPlan.workspaceDoubles):
//         W_1..W_m (m, N, N), b_1..b_m (m, N), x_0, x, x', v, u (N each), 4 scalars; u is haar.cuh's
//         scratch while sample_layers orthogonalises orthogonal weights. layers: explicit networks
//         (layer_count ≥ m layers each, map_common.cuh explicit_network) or null, as above.
// One block per (network × point), thread per row (strided); the weights are sampled once
// (map_common.cuh sample_layers) and reused by every step and depth. 3 barriers per layer; ‖u‖
// is one thread's Dense.dot (the CPU's order), broadcast through the scalars.
//
// Napkin math per block: m(N² + N) Philox draws once; per step and layer 4N² + O(N) flops reading
// N² weights (shared memory when they fit); D·T·m layers. The one-thread norm (2N flops) and the
// barriers dominate for N ≲ 32; compute-bound in fp64 for larger N. Roofline: docs/gpu.md.

// The map workspace, carved from one array of WS doubles (see above).
struct LyapMapWork {
    double *W, *bias, *x0, *x, *xn, *v, *u, *scal;
};

__device__ inline LyapMapWork lyap_map_carve(double* base, int n, int m) {
    LyapMapWork w;
    w.W = base;
    w.bias = w.W + (size_t)m * n * n;
    w.x0 = w.bias + (size_t)m * n;
    w.x = w.x0 + n;
    w.xn = w.x + n;
    w.v = w.xn + n;
    w.u = w.v + n;
    w.scal = w.u + n;
    return w;
}

// v_0 = g/‖g‖ of LyapunovWorker.mapExponent into v (g drawn strided; the norm by thread 0).
__device__ __noinline__ void lyap_map_vector(double* v, double* scal, uint64_t seed, uint64_t network, int p, int n) {
    const int tid = threadIdx.x, nt = blockDim.x;
    for (int i = tid; i < n; i += nt) {
        const Philox4 b = stream_block(seed, STREAM_PERTURB, network, 0, LYAP_TENSOR_MAP_VECTOR, (uint32_t)(p * n + i));
        v[i] = draw_gaussian(b.w[0], b.w[1]);
    }
    __syncthreads();
    if (tid == 0) {
        double norm2 = 0;
        for (int i = 0; i < n; i++) norm2 += v[i] * v[i];
        scal[2] = 1 / sqrt(norm2);
    }
    __syncthreads();
    const double f = scal[2];
    for (int i = tid; i < n; i += nt) v[i] *= f;
}

// mapExponent for one depth `layers` from x_0 (in w.x0); the result is returned to every thread.
__device__ double lyap_map_exponent(LyapMapWork& w, int n, int layers, int steps, int activation, int last_linear) {
    const int tid = threadIdx.x, nt = blockDim.x;
    const int skip = steps / 2;  // LyapunovRun.transientSteps
    for (int i = tid; i < n; i += nt) w.x[i] = w.x0[i];
    __syncthreads();
    double growth = 0;
    for (int t = 0; t < steps; t++) {
        for (int l = 1; l <= layers; l++) {
            const double* wl = w.W + (size_t)(l - 1) * n * n;
            const double* bl = w.bias + (size_t)(l - 1) * n;
            const bool linear = l == layers && last_linear;
            for (int i = tid; i < n; i += nt) {
                const double* wi = wl + (size_t)i * n;
                const double h = rh_dot(wi, w.x, n) + bl[i];
                double y = h, s = 1;
                if (!linear) {
                    y = map_phi(activation, h);
                    s = map_dphi(activation, h, y);   // Activation.dphi(h)
                }
                w.u[i] = s * rh_dot(wi, w.v, n);
                w.xn[i] = y;
            }
            __syncthreads();
            if (tid == 0) w.scal[0] = sqrt(rh_dot(w.u, w.u, n));
            __syncthreads();
            const double norm = w.scal[0];
            if (!(norm > 0) || !isfinite(norm)) return norm == 0 ? -INFINITY : NAN;  // uniform: every thread
            if (t >= skip) growth += log(norm);
            for (int i = tid; i < n; i += nt) w.v[i] = w.u[i] / norm;
            double* swap = w.x; w.x = w.xn; w.xn = swap;
            __syncthreads();
        }
    }
    bool finite = true;
    for (int i = 0; i < n; i++) finite &= isfinite(w.x[i]);
    return finite ? growth / (steps - skip) : NAN;
}

__device__ void lyapunov_map(double* __restrict__ lam, const double* __restrict__ given,
                             const int* __restrict__ map_depths, double* __restrict__ scratch,
                             uint64_t seed, uint64_t first_network, int n, int max_depth, int depth_count,
                             int points, double q_len, int steps, int activation, int last_linear,
                             int w_kind, double w_param, double w_mult, int b_kind, double b_param, double b_mult,
                             const double* __restrict__ layers, int layer_count, int in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int local = blockIdx.x / points, p = blockIdx.x - local * points;
    const uint64_t network = first_network + local;
    const size_t ws = (size_t)max_depth * ((size_t)n * n + n) + 5 * (size_t)n + 4;
    LyapMapWork w = lyap_map_carve(in_shared ? smem : scratch + blockIdx.x * ws, n, max_depth);

    scaled_input_point(w.x0, given, w.scal, seed, network, p, n, q_len);
    sample_layers(w.W, w.bias, explicit_network(layers, layer_count, local, n), seed, network, n, max_depth, w_kind, w_param, w_mult, b_kind, b_param, b_mult, w.u);
    __syncthreads();
    for (int d = 0; d < depth_count; d++) {
        lyap_map_vector(w.v, w.scal, seed, network, p, n);
        const double lambda = lyap_map_exponent(w, n, map_depths[d], steps, activation, last_linear);
        if (threadIdx.x == 0) lam[(size_t)blockIdx.x * depth_count + d] = lambda;
        __syncthreads();  // every thread is done with v, x before the next depth redraws them
    }
}

}  // namespace netdyn

// Launch: grid (networks × points), block ≤ 128 threads, dynamic shared per LyapunovPlan.
extern "C" __global__ void __launch_bounds__(netdyn::LYAP_MAX_THREADS)
netdyn_lyapunov_depth_f64(double* logr, double* given, double* scratch, uint64_t seed, uint64_t first_network,
                          int n, int depth, int k, int points, double q_len, int activation,
                          int w_kind, double w_param, double w_mult, int b_kind, double b_param, double b_mult,
                          double* layers, int layer_count, int in_shared) {
    netdyn::lyapunov_depth(logr, given, scratch, seed, first_network, n, depth, k, points, q_len, activation,
                           w_kind, w_param, w_mult, b_kind, b_param, b_mult, layers, layer_count, in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_lyapunov_depth_f64)

// Launch: grid (networks × points), block ≤ 128 threads, dynamic shared per LyapunovMapPlan.
extern "C" __global__ void __launch_bounds__(netdyn::LYAP_MAX_THREADS)
netdyn_lyapunov_map_f64(double* lam, double* given, int* map_depths, double* scratch, uint64_t seed,
                        uint64_t first_network, int n, int max_depth, int depth_count, int points, double q_len,
                        int steps, int activation, int last_linear,
                        int w_kind, double w_param, double w_mult, int b_kind, double b_param, double b_mult,
                        double* layers, int layer_count, int in_shared) {
    netdyn::lyapunov_map(lam, given, map_depths, scratch, seed, first_network, n, max_depth, depth_count, points,
                         q_len, steps, activation, last_linear, w_kind, w_param, w_mult, b_kind, b_param, b_mult,
                         layers, layer_count, in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_lyapunov_map_f64)
