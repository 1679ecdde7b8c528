// sample_weights.cu — W_l and b_l of a chunk of networks into global memory (large-N propagate).
//
// CPU reference: model/TensorSampler (weights, biases); checked exactly against it through the
// emulator (LargePropagateEmulatorTest). Each entry is sample_entry (distributions.cuh), the same
// device code map_common.cuh's sample_layer and propagate.cu's tiles use:
//   W[b, i, j] = w_mult · draw(seed, network first+b, layer, WEIGHT, element i·N + j)
//   bias[b, i] = b_mult · draw(seed, network first+b, layer, BIAS, element i)   (0 when b_kind = NONE)
// Shapes: W (networks, N, N) row-major, bias (networks, N).
// Parallelism: grid-stride over all networks·(N² + N) entries, many blocks per network (one
// block per network, as the small path does, leaves most SMs idle when a chunk holds few large
// networks). Napkin: one Philox4x32-10 (~60 integer ops) + one transform (~40–100 flops for a
// Gaussian) per entry, 8 bytes written: compute-bound (~1e10–3e10 draws/s on an H100).
//
// Orthogonal weights (`--dist orthogonal:S`): this kernel with w_mult = 1 (unit_draw draws
// Gaussians for ORTHOGONAL), then netdyn_haar_layer_f64 below, one block per network, running
// haar.cuh's block-cooperative Householder.haarFromGaussian on each W[b] in place and multiplying
// by w_mult last — the order of TensorSampler.weights (draw, Haar, scale), so the emulator's
// matrices are the CPU's bit for bit (LargePropagateEmulatorTest).
#include "common.cuh"
#include "distributions.cuh"
#include "haar.cuh"
#include "philox.cuh"

namespace netdyn {

// One entry of the chunk: e < networks·N² is a weight, else a bias. Not inlined: the draws' trig
// slow path would otherwise make ptxas save the grid-stride loop's registers around it.
static __device__ __noinline__ void sample_chunk_entry(double* W, double* bias, int64_t e, int64_t weights,
                                                       uint64_t seed, uint64_t first_network, int n, int layer,
                                                       int w_kind, double w_param, double w_mult,
                                                       int b_kind, double b_param, double b_mult) {
    const int64_t nn = (int64_t)n * n;
    if (e < weights) {
        const int64_t b = e / nn;
        W[e] = sample_entry(seed, first_network + b, layer, TENSOR_WEIGHT, (uint32_t)(e - b * nn), w_kind, w_param, w_mult);
    } else {
        const int64_t f = e - weights, b = f / n;
        bias[f] = b_kind == DIST_NONE ? 0.0
                : sample_entry(seed, first_network + b, layer, TENSOR_BIAS, (uint32_t)(f - b * n), b_kind, b_param, b_mult);
    }
}

}  // namespace netdyn

// Launch: grid-stride, any grid and block (the launcher: elementwise over networks·(N² + N)).
extern "C" __global__ void netdyn_sample_layer_f64(double* W, double* bias, uint64_t seed, uint64_t first_network,
                                                   int networks, int n, int layer,
                                                   int w_kind, double w_param, double w_mult,
                                                   int b_kind, double b_param, double b_mult) {
    const int64_t weights = (int64_t)networks * n * n, total = weights + (int64_t)networks * n;
    const int64_t step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step) {
        netdyn::sample_chunk_entry(W, bias, e, weights, seed, first_network, n, layer, w_kind, w_param, w_mult,
                                   b_kind, b_param, b_mult);
    }
}
NETDYN_KERNEL_ENTRY(netdyn_sample_layer_f64)

// Orthogonal weights, the step after netdyn_sample_layer_f64 (launched with w_mult = 1):
//   W[b] ← Householder.haarFromGaussian(W[b]) · mult    (haar.cuh, in place; TensorSampler.weights)
// Shapes: W (networks, N, N) row-major in global memory, tau (networks, N) scratch (τ_j and the
// sign fix, haar.cuh); no shared memory (haar.cuh works on the global matrix: the large path's N
// is far beyond a block's shared memory).
// Launch: one block per network (grid = networks), any block size (one thread per column of the
// trailing submatrix; the launcher takes the element-wise kernels' block).
// Napkin per network and layer: 8N³/3 flops, N(N+1)/2 fdlibm hypot in thread 0, 4N barriers;
// each of the 2N Householder steps reads the trailing (N−j)² submatrix twice (s = vᵀW, then the
// update) and writes it once, coalesced (thread = column, loop = row): ≈ 16N³ bytes (17 GB at
// N = 1024; beyond ~500 the 8N² matrix of a block outgrows its share of L2, so HBM). With a chunk
// of many networks that stream bounds it (≈ 5 ms of an H100's 3.35 TB/s per network and layer at
// N = 1024); with few networks the block's chains bound it (≈ 32N³/(3·threads) cycles of 8-cycle
// dependent adds plus N²/2 hypot × ~40 cycles in thread 0: ≈ 35 ms at N = 1024, 256 threads,
// 1.8 GHz). O(N³) per layer against
// the propagation's O(S·N²): with orthogonal weights this step dominates the large path, as the
// CPU's Householder QR dominates its propagation there.
extern "C" __global__ void netdyn_haar_layer_f64(double* W, double* tau, int n, double mult) {
    const size_t b = blockIdx.x;
    netdyn::haar_from_gaussian(W + b * n * n, n, mult, tau + b * n);  // begins and ends with a barrier
}
NETDYN_KERNEL_ENTRY(netdyn_haar_layer_f64)
