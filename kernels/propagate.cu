// propagate.cu — batched signal propagation with per-layer Gram matrices
// (docs/measures/propagation.md; docs/gpu.md, "The propagate kernel").
//
// CPU reference: backend/cpu/Propagator.java (through CpuBackend.propagate); the output layout
// is backend/PropagationGrams.java. Checked by the cuda tests through the emulator (CI) and on a
// GPU (tag "gpu").
//
// Versions
//   v1 (this file) one block per network; W_l regenerated from Philox counters tile by tile into
//      shared memory (weights never touch global memory); the states X, H (S, N) live in shared
//      memory when they fit the launch's shared budget, else in a per-network global scratch;
//      Grams with one thread per probe pair. Instantiated for double only (real = double): the
//      tests compare fp64 with the CPU. A float instantiation is one more entry point.
//
// Math (per network b, layer l = 1..L, probes s = 0..S-1, width N):
//   x_0[s]    = ProbeInputs: v = √c0·g + √(1-c0)·u_s, rescaled to ‖x_0[s]‖² = q0·N
//   h_l[s,i]  = Σ_j W_l[i,j] x_{l-1}[s,j] + b_l[i],  W_l[i,j] = w_mult·draw(element i·N + j)
//   x_l       = φ(h_l);   y_l = h_l if last_linear else x_l
//   out[b,l]  = H Hᵀ, Y Yᵀ, B Bᵀ with B = 1[y_l > 0]          (each S×S, symmetric)
//
// Shapes: h_gram, y_gram, bit_gram (B, L, S, S) at ((b·L + l-1)·S + i)·S + j;
//         scratch (B, 2, S, N) when state_in_shared == 0, else unused (may be null);
//         layers: explicit networks (layer_count ≥ L layers each, W_l then b_l per layer, as
//         map_common.cuh's explicit_network): the tiles are read from there instead of drawn;
//         null for sampled networks.
// Shared memory (dynamic, as `real`): tile [tile_rows × (tile_cols+1)] · bias [tile_rows] ·
//         row scale [S] · (X, H [S×N each] when state_in_shared). Host: CudaBackend's PropagatePlan.
//
// Napkin math per network: L·(N² + N) Philox draws (~60 int ops + one transcendental transform,
// ~40–100 fp64 flops for gaussian), 2·L·S·N² flops for H, 3·L·S(S+1)·N flops for the Grams.
// Global writes 3·L·S²·8 bytes (reads 0 when the state is in shared memory): compute-bound on
// weight generation for S < ~50. Roofline and H100 predictions: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "distributions.cuh"
#include "philox.cuh"
#include "probe_inputs.cuh"

namespace netdyn {

// Most threads per block this kernel is built for (PropagatePlan.MAX_THREADS in Java).
constexpr int PROPAGATE_MAX_THREADS = 256;

template <typename real>
__device__ void propagate_grams(double* __restrict__ h_gram, double* __restrict__ y_gram,
                                double* __restrict__ bit_gram, double* __restrict__ scratch,
                                uint64_t seed, uint64_t first_network, int N, int depth, int S,
                                int activation, int last_linear,
                                int w_kind, double w_param, double w_mult,
                                int b_kind, double b_param, double b_mult,
                                const double* __restrict__ layers, int layer_count,
                                double q0, double c0, int tile_rows, int tile_cols, int state_in_shared) {
    NETDYN_DYNAMIC_SHARED(real, smem);
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const uint64_t network = first_network + blockIdx.x;
    const int SN = S * N;

    const int stride = tile_cols + 1;  // padded: the threads of a warp read a column conflict-free
    real* tile = smem;                 // (tile_rows, tile_cols) of W_l
    real* bias = tile + tile_rows * stride;
    real* scale = bias + tile_rows;    // (S) probe rescaling factors
    real* X = state_in_shared ? scale + S : reinterpret_cast<real*>(scratch) + (size_t)blockIdx.x * 2 * SN;
    real* H = X + SN;                  // X, H: (S, N) row-major

    // 1. Probe inputs (ProbeInputs.fill, probe_inputs.cuh); g (shared by all probes) goes to H[0..N).
    fill_probe_inputs<real>(X, H, scale, seed, network, N, S, q0, c0);

    const int pairs = S * (S + 1) / 2;
    const size_t layer_doubles = (size_t)N * N + N;
    const double* given = layers == nullptr ? nullptr : layers + (size_t)blockIdx.x * layer_count * layer_doubles;
    for (int l = 1; l <= depth; l++) {
        const double* given_l = given == nullptr ? nullptr : given + (size_t)(l - 1) * layer_doubles;
        // 2. H = X W_lᵀ + b_l, W_l generated one (rows × cols) tile at a time.
        for (int i0 = 0; i0 < N; i0 += tile_rows) {
            const int rows = min(tile_rows, N - i0);
            for (int j0 = 0; j0 < N; j0 += tile_cols) {
                const int cols = min(tile_cols, N - j0);
                for (int t = tid; t < rows * cols; t += nthreads) {
                    const int r = t / cols, c = t - r * cols;
                    const uint32_t element = (uint32_t)(i0 + r) * (uint32_t)N + (uint32_t)(j0 + c);
                    tile[r * stride + c] = given_l != nullptr ? (real)given_l[element]
                        : sample_entry(seed, network, l, TENSOR_WEIGHT, element, w_kind, w_param, w_mult);
                }
                if (j0 == 0) {
                    for (int r = tid; r < rows; r += nthreads) {
                        bias[r] = given_l != nullptr ? (real)given_l[(size_t)N * N + i0 + r]
                                : b_kind == DIST_NONE ? 0.0
                                : sample_entry(seed, network, l, TENSOR_BIAS, i0 + r, b_kind, b_param, b_mult);
                    }
                }
                __syncthreads();
                const bool last_cols = j0 + cols >= N;
                for (int p = tid; p < rows * S; p += nthreads) {
                    const int s = p / rows, r = p - s * rows;  // a warp shares s: X reads broadcast
                    const real* wr = tile + r * stride;
                    const real* xs = X + s * N + j0;
                    real acc = 0;
                    for (int c = 0; c < cols; c++) acc += wr[c] * xs[c];
                    real* hp = H + s * N + i0 + r;
                    const real partial = j0 == 0 ? acc : *hp + acc;
                    *hp = last_cols ? partial + bias[r] : partial;
                }
                __syncthreads();
            }
        }
        // 3. x_l = φ(h_l); the depth-l output is h_l itself when the last layer is linear.
        for (int e = tid; e < SN; e += nthreads) X[e] = act_phi<real>(activation, H[e]);
        __syncthreads();
        const real* Y = last_linear ? H : X;

        // 4. Grams: pair p -> (i <= j), one thread per pair, one pass over k for all three.
        const size_t base = ((size_t)blockIdx.x * depth + (l - 1)) * S * S;
        for (int p = tid; p < pairs; p += nthreads) {
            int i = 0, q = p;
            while (q >= S - i) { q -= S - i; i++; }
            const int j = i + q;
            const real *hi = H + i * N, *hj = H + j * N, *yi = Y + i * N, *yj = Y + j * N;
            real hs = 0, ys = 0;
            int both = 0;
            for (int k = 0; k < N; k++) {
                hs += hi[k] * hj[k];
                ys += yi[k] * yj[k];
                both += (yi[k] > 0) & (yj[k] > 0);
            }
            h_gram[base + i * S + j] = hs; h_gram[base + j * S + i] = hs;
            y_gram[base + i * S + j] = ys; y_gram[base + j * S + i] = ys;
            bit_gram[base + i * S + j] = both; bit_gram[base + j * S + i] = both;
        }
        __syncthreads();  // the next layer overwrites H (and X) that step 4 read
    }
}

}  // namespace netdyn

// Launch: grid (networks in this chunk), block (threads ≤ 256), dynamic shared per PropagatePlan.
extern "C" __global__ void __launch_bounds__(netdyn::PROPAGATE_MAX_THREADS)
netdyn_propagate_f64(double* h_gram, double* y_gram, double* bit_gram, double* scratch,
                     uint64_t seed, uint64_t first_network, int n, int depth, int probes,
                     int activation, int last_linear, int w_kind, double w_param, double w_mult,
                     int b_kind, double b_param, double b_mult, double* layers, int layer_count, double q0, double c0,
                     int tile_rows, int tile_cols, int state_in_shared) {
    netdyn::propagate_grams<double>(h_gram, y_gram, bit_gram, scratch, seed, first_network, n, depth,
                                    probes, activation, last_linear, w_kind, w_param, w_mult, b_kind,
                                    b_param, b_mult, layers, layer_count, q0, c0, tile_rows, tile_cols, state_in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_propagate_f64)
