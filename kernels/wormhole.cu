// wormhole.cu — maxnorm(n) networks, their output collapse and the wormhole (docs/model.md,
// "Constructions"; docs/measures/wormhole.md): per network, the construction layer by layer, the P
// probe outputs, the protocol's reconstruction error and σ2/σ1 of the product H_d.
//
// CPU reference: backend/cpu/WormholeWorker.run with model/MaxNormConstruction.layer and
// model/WormholeInputs (through CpuBackend.wormhole); the output layout is backend/WormholeResult.
// Checked through the emulator by WormholeEmulatorTest (every array within 1e-10 relative of the
// CPU's, Hamming exactly).
//
// Versions
//   v1 (this file) one block per network, every layer in one launch. The block keeps x, the
//      probes z_p, the message, y = R x, the selected rows, W_d and (up to the deepest σ2/σ1
//      depth) H_d in its workspace — dynamic shared memory when it fits, else a per-block global
//      scratch. Every step follows WormholeWorker's operation order: y_i = Σ_j R_ij x_j
//      (j ascending, a thread per row, R regenerated from Philox); the top-k by rank counting
//      (a thread per row: rank_i = #{j ranked before i}, the CPU's strict order "larger key, ties
//      to the lower index", so S and its order are the heap's exactly); W_d = R[S,:] regenerated;
//      z_p ← W z_p as Dense.dot (four chains); every vector and H renormalised by one thread's
//      sequential Σv², v·(1/√s); H ← W H with the m-ascending sum; σ from jacobi_svd.cuh.
//      With fp-contract off (the emulator) everything is the CPU's bit for bit (the Box–Muller
//      draws are drawmath.cuh's, the same bits) up to libm's atan2 and the SVD's rotation order (round-robin vs row-cyclic,
//      one chain vs two: agreement to rounding). On the GPU nvcc fuses multiply-adds, so sums
//      differ by rounding there — except the protocol's cancellation (v − α u_b) + α u_a − v,
//      kept unfused (worm_mul/worm_add) so the error's rounding floor is the CPU's.
//
// Math (network b, width k, rows n ≥ k, depth L, P pairs, σ depths s_0 < … ):
//   x_0 = I_b/‖I_b‖, z_p = I_a^(p)/‖I_a^(p)‖, v = message/‖message‖     (WormholeInputs, stream PROBES)
//   layer d: y = R_d x_{d−1} (R_d ~ N(0,1)^{n×k}, stream NETWORK, tensor 16, element i·k + j)
//            S = top-k of key(y_i) (|y_i| maxabs, −y_i negative), best first
//            W_d = R_d[S,:],  x_d = y[S]/‖y[S]‖,  z_p ← W_d z_p/‖W_d z_p‖
//            per pair: minus = ‖x − z_p‖², plus = ‖x + z_p‖², a = √minus, b = √plus
//              dTheta = 2·atan2(a, b)/π, dThetaFlipped = 2·atan2(b, a)/π, d = minus/4,
//              hamming = #{i : [x_i > 0] ≠ [z_p,i > 0]}/k,
//              error = ‖(v − α x) + α z_p − v‖
//            [d ≤ deepest σ depth] H ← W_d H/‖W_d H‖_F;  [d a σ depth] svRatio = σ2/σ1 of H
//
// Shapes: dtheta, dflip, dd, hamming, error (B, L, P); sv_ratio (B, L) (NaN where not asked);
//         sv_depths (S) int ascending; scratch (B, WS) doubles when the workspace is not in shared
//         memory. WS = 5k + n + 2Pk + k² + [2k² with σ] + 2 + ⌈k/2⌉ doubles
//         (WormholePlan.workspaceDoubles): x, x', v, cipher, σ (k each), y (n), z, z' (P·k each),
//         W (k²), H and the product/SVD scratch (k² each), 2 scalars, the k selected rows (int).
//
// Napkin math per block and layer: (n + k)·k Philox draws (~80 int ops + a Box–Muller each), n·k
// (R x) + 2P·k² (probes) + 2k³ (W H, σ depths only) flops, the selection ≈ n·k·ln(n/k)
// comparisons (rank counting with early exit at k), 7 barriers (+ 2 with H); per σ depth one Jacobi SVD
// (≈ 4k³ + 6·S·k³, S ≈ 6–9 sweeps). Draw-bound for P·k ≲ n; latency-bound (barriers) at small k.
// Roofline: docs/gpu.md.
#include "common.cuh"
#include "distributions.cuh"
#include "jacobi_svd.cuh"
#include "philox.cuh"
#include "row_householder.cuh"

namespace netdyn {

// Most threads per block this kernel is launched with (WormholePlan.MAX_THREADS in Java).
constexpr int WORM_MAX_THREADS = 128;
// MaxNormConstruction.TENSOR_R (stream NETWORK); WormholeInputs.TENSOR_* (stream PROBES).
constexpr uint32_t WORM_TENSOR_R = 16, WORM_TENSOR_TRAIN = 32, WORM_TENSOR_TEST = 33, WORM_TENSOR_MESSAGE = 34;

// a·b and a + b rounded separately on the GPU too (nvcc would contract them into an FMA).
__device__ inline double worm_mul(double a, double b) {
#ifdef NETDYN_EMULATOR
    return a * b;
#else
    return __dmul_rn(a, b);
#endif
}

__device__ inline double worm_add(double a, double b) {
#ifdef NETDYN_EMULATOR
    return a + b;
#else
    return __dadd_rn(a, b);
#endif
}

// MaxNormConstruction.entry: R_layer(row, col) of `network`, a Box–Muller N(0,1) draw.
__device__ inline double worm_entry(uint64_t seed, uint64_t network, int layer, int row, int col, int k) {
    const Philox4 w = stream_block(seed, STREAM_NETWORK, network, (uint32_t)layer, WORM_TENSOR_R, (uint32_t)(row * k + col));
    return draw_gaussian(w.w[0], w.w[1]);
}

// WormholeInputs.fill / message: x (k), z (P·k), v (k) unnormalised, strided over the block.
static __device__ __noinline__ void worm_inputs(double* x, double* z, double* v, uint64_t seed, uint64_t network,
                                                int k, int pairs, int gaussian) {
    const int total = (pairs + 2) * k;
    for (int e = threadIdx.x; e < total; e += blockDim.x) {
        const int which = e < k ? 0 : e < 2 * k ? 1 : 2;   // x, v, z
        const int el = which == 0 ? e : which == 1 ? e - k : e - 2 * k;
        const uint32_t tensor = which == 0 ? WORM_TENSOR_TRAIN : which == 1 ? WORM_TENSOR_MESSAGE : WORM_TENSOR_TEST;
        const Philox4 w = stream_block(seed, STREAM_PROBES, network, 0, tensor, (uint32_t)el);
        const double u0 = philox_uniform(w.w[0]);
        if (which == 1 || gaussian) {
            const double g = draw_gaussian(w.w[0], w.w[1]);
            if (which == 1) v[el] = g; else if (which == 0) x[el] = g; else z[el] = g;
        } else {
            if (which == 0) x[el] = u0; else z[el] = u0;
        }
    }
}

// WormholeWorker.normalise by one thread: v ← v·(1/√Σv²), left alone when Σv² is not > 0.
__device__ inline void worm_normalise(double* v, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) s += v[i] * v[i];
    if (!(s > 0)) return;
    const double f = 1 / sqrt(s);
    for (int i = 0; i < len; i++) v[i] *= f;
}

// y = R_layer x (n): a thread per row, j ascending (MaxNormConstruction.layer's sum); the
// selection slots are preset to 0..k−1 so that they always hold valid rows.
static __device__ __noinline__ void worm_project(double* y, int* sel, const double* x, uint64_t seed, uint64_t network,
                                                 int layer, int k, int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        double s = 0;
        for (int j = 0; j < k; j++) s += worm_entry(seed, network, layer, i, j, k) * x[j];
        y[i] = s;
    }
    for (int r = threadIdx.x; r < k; r += blockDim.x) sel[r] = r;
}

// MaxNormConstruction.select as ranks: row i ranks after every j with key_j > key_i or
// (key_j == key_i and j < i) — a strict total order, so the k rows of rank < k are the heap's
// S, written best first. A thread per row; counting stops at k (rows outside S).
static __device__ __noinline__ void worm_select(const double* y, int* sel, int n, int k, int negative) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const double ki = negative ? -y[i] : fabs(y[i]);
        int rank = 0;
        for (int j = 0; j < n && rank < k; j++) {
            const double kj = negative ? -y[j] : fabs(y[j]);
            if (kj > ki || (kj == ki && j < i)) rank++;
        }
        if (rank < k) sel[rank] = i;
    }
}

// W = R_layer[S,:] (k, k) regenerated, x' = y[S]: a thread per element.
static __device__ __noinline__ void worm_gather(double* W, double* xn, const double* y, const int* sel, uint64_t seed,
                                                uint64_t network, int layer, int k) {
    for (int e = threadIdx.x; e < k * k; e += blockDim.x) {
        const int r = e / k, j = e - r * k;
        W[e] = worm_entry(seed, network, layer, sel[r], j, k);
    }
    for (int r = threadIdx.x; r < k; r += blockDim.x) xn[r] = y[sel[r]];
}

// z' (P, k) = W z_p (Dense.dot), a thread per element.
static __device__ __noinline__ void worm_probes(double* zn, const double* W, const double* z, int k, int pairs) {
    for (int e = threadIdx.x; e < pairs * k; e += blockDim.x) {
        const int p = e / k, i = e - p * k;
        zn[e] = rh_dot(W + (size_t)i * k, z + (size_t)p * k, k);
    }
}

// WormholeWorker.record for pair p (one thread): the sums in the CPU's i-ascending order.
static __device__ __noinline__ void worm_record(double* dtheta, double* dflip, double* dd, double* hamming,
                                                double* error, const double* x, const double* zp, const double* v,
                                                const double* cipher, double alpha, int k, size_t o) {
    double minus = 0, plus = 0, diff = 0, err2 = 0;
    for (int i = 0; i < k; i++) {
        const double ua = zp[i];
        const double m = x[i] - ua, q = x[i] + ua;
        minus += m * m;
        plus += q * q;
        if ((x[i] > 0) != (ua > 0)) diff++;
        const double e = worm_add(worm_add(cipher[i], worm_mul(alpha, ua)), -v[i]);   // v̂ − v
        err2 += e * e;
    }
    const double a = sqrt(minus), b = sqrt(plus);
    dtheta[o] = 2 * atan2(a, b) / PI;
    dflip[o] = 2 * atan2(b, a) / PI;
    dd[o] = minus / 4;
    hamming[o] = diff / k;
    error[o] = sqrt(err2);
}

// out = W H (k, k), m ascending (WormholeWorker.multiply); a thread per element.
static __device__ __noinline__ void worm_multiply(double* out, const double* W, const double* H, int k) {
    for (int e = threadIdx.x; e < k * k; e += blockDim.x) {
        const int i = e / k, j = e - i * k;
        double s = 0;
        for (int m = 0; m < k; m++) s += W[i * k + m] * H[m * k + j];
        out[e] = s;
    }
}

// worm_normalise of a (len) by the whole block: Σa² by thread 0 in order (scal[0]), the scaling spread.
static __device__ __noinline__ void worm_normalise_block(double* a, int len, double* scal) {
    if (threadIdx.x == 0) {
        double s = 0;
        for (int i = 0; i < len; i++) s += a[i] * a[i];
        scal[0] = s;
    }
    __syncthreads();
    const double s = scal[0];
    if (s > 0) {
        const double f = 1 / sqrt(s);
        for (int i = threadIdx.x; i < len; i += blockDim.x) a[i] *= f;
    }
    __syncthreads();
}

// σ2/σ1 of H (k, k), k ≥ 2, by the whole block (WormholeWorker.svRatio): the Jacobi SVD
// (jacobi_svd.cuh) destroys the copy in work (k, k); sig (k) scratch. Returns it in every thread.
static __device__ __noinline__ double worm_sv_ratio(double* work, const double* H, double* sig, int k) {
    for (int e = threadIdx.x; e < k * k; e += blockDim.x) work[e] = H[e];
    __syncthreads();
    jacobi_svd_rows(work, sig, k, k);  // ends with a barrier: sig sorted, visible to all
    return sig[1] / sig[0];
}

__device__ void wormhole(double* __restrict__ dtheta, double* __restrict__ dflip, double* __restrict__ dd,
                         double* __restrict__ hamming, double* __restrict__ error, double* __restrict__ sv_ratio,
                         double* __restrict__ scratch, const int* __restrict__ sv_depths, uint64_t seed,
                         uint64_t first_network, int k, int n, int depth, int pairs, int sv_count, int negative,
                         int gaussian, double alpha, int in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int tid = threadIdx.x, nt = blockDim.x;
    const uint64_t network = first_network + blockIdx.x;
    const int sv_until = sv_count == 0 ? 0 : min(depth, sv_depths[sv_count - 1]);
    const size_t kk = (size_t)k * k, pk = (size_t)pairs * k;
    const size_t ws = 5 * (size_t)k + n + 2 * pk + kk + (sv_until > 0 ? 2 * kk : 0) + 2 + (k + 1) / 2;
    double* base = in_shared ? smem : scratch + blockIdx.x * ws;
    double* x = base;
    double* xn = x + k;
    double* v = xn + k;
    double* cipher = v + k;
    double* sig = cipher + k;
    double* y = sig + k;
    double* z = y + n;
    double* zn = z + pk;
    double* W = zn + pk;
    double* H = W + kk;                        // H and work only when σ2/σ1 is wanted
    double* work = H + (sv_until > 0 ? kk : 0);
    double* scal = work + (sv_until > 0 ? kk : 0);
    int* sel = reinterpret_cast<int*>(scal + 2);

    // 1. Inputs, normalised (x, v and each z_p by one thread each); H_0 = I.
    worm_inputs(x, z, v, seed, network, k, pairs, gaussian);
    __syncthreads();
    for (int u = tid; u < pairs + 2; u += nt) {
        if (u == 0) worm_normalise(x, k);
        else if (u == 1) worm_normalise(v, k);
        else worm_normalise(z + (size_t)(u - 2) * k, k);
    }
    if (sv_until > 0) {
        for (size_t e = tid; e < kk; e += nt) H[e] = e / k == e % k ? 1.0 : 0.0;
    }
    __syncthreads();

    // 2. Layers.
    const size_t out0 = (size_t)blockIdx.x * depth * pairs;
    int next = 0;
    for (int d = 1; d <= depth; d++) {
        worm_project(y, sel, x, seed, network, d, k, n);
        __syncthreads();
        worm_select(y, sel, n, k, negative);
        __syncthreads();
        worm_gather(W, xn, y, sel, seed, network, d, k);
        __syncthreads();
        worm_probes(zn, W, z, k, pairs);                       // reads z, W; x' is thread 0's below
        if (tid == 0) worm_normalise(xn, k);
        __syncthreads();
        for (int p = tid; p < pairs; p += nt) worm_normalise(zn + (size_t)p * k, k);
        double* swap = x; x = xn; xn = swap;
        swap = z; z = zn; zn = swap;
        __syncthreads();
        for (int i = tid; i < k; i += nt) cipher[i] = worm_add(v[i], -worm_mul(alpha, x[i]));   // v − α u_b
        __syncthreads();
        const size_t o = out0 + (size_t)(d - 1) * pairs;
        for (int p = tid; p < pairs; p += nt) {
            worm_record(dtheta, dflip, dd, hamming, error, x, z + (size_t)p * k, v, cipher, alpha, k, o + p);
        }
        double ratio = NAN;
        if (d <= sv_until) {
            worm_multiply(work, W, H, k);                      // H ← W_d H, renormalised
            __syncthreads();
            worm_normalise_block(work, k * k, scal);
            swap = H; H = work; work = swap;
            if (next < sv_count && sv_depths[next] == d) {
                next++;
                if (k >= 2) ratio = worm_sv_ratio(work, H, sig, k);
            }
        }
        if (tid == 0) sv_ratio[(size_t)blockIdx.x * depth + d - 1] = ratio;
        __syncthreads();
    }
}

}  // namespace netdyn

// Launch: grid (networks), block ≤ 128 threads, dynamic shared per WormholePlan.
extern "C" __global__ void netdyn_wormhole_f64(double* dtheta, double* dflip, double* dd, double* hamming, double* error,
                                               double* sv_ratio, double* scratch, int* sv_depths, uint64_t seed,
                                               uint64_t first_network, int k, int n, int depth, int pairs, int sv_count,
                                               int negative, int gaussian, double alpha, int in_shared) {
    netdyn::wormhole(dtheta, dflip, dd, hamming, error, sv_ratio, scratch, sv_depths, seed, first_network, k, n, depth,
                     pairs, sv_count, negative, gaussian, alpha, in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_wormhole_f64)

// Test entry (WormholeEmulatorTest: ties against MaxNormConstruction's heap): the selection alone,
// one block per row set, sel (B, k) = the top-k rows of y (B, n), best first.
extern "C" __global__ void netdyn_maxnorm_select_f64(double* y, int* sel, int n, int k, int negative) {
    int* s = sel + (size_t)blockIdx.x * k;
    for (int r = threadIdx.x; r < k; r += blockDim.x) s[r] = r;
    __syncthreads();
    netdyn::worm_select(y + (size_t)blockIdx.x * n, s, n, k, negative);
}
NETDYN_KERNEL_ENTRY(netdyn_maxnorm_select_f64)
