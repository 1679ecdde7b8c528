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
// Orthogonal weights (not yet: CudaBackend refuses them before launching) will be one more call
// after this one: launch this kernel with w_mult = 1 (unit_draw draws Gaussians for ORTHOGONAL),
// then a block-per-network kernel running the block-cooperative Haar device function on each
// W[b] and multiplying by w_mult last — the order of TensorSampler.weights (draw, Haar, scale).
#include "common.cuh"
#include "distributions.cuh"
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
