// propagate_large.cu — the element-wise steps of the large-N propagate path (docs/gpu.md).
//
// CPU reference: backend/cpu/Propagator.java (through CpuBackend.propagate). The host
// (backend/cuda/LargePropagateOps) runs, for a chunk of B networks:
//   netdyn_propagate_probes_f64            X_0 (B, S, N)                   (ProbeInputs.fill)
//   per layer l = 1..L:
//     netdyn_sample_layer_f64              W_l (B, N, N), b_l (B, N)        (sample_weights.cu)
//     netdyn_bias_rows_f64                 H[b, s, :] = b_l[b, :]
//     GEMM (gemm.cu or cuBLAS)             H = 1·X W_lᵀ + 1·H               (Dense.affineRows order)
//     netdyn_propagate_activate_f64        X = φ(H), bits = 1[Y > 0], Y = H if last_linear else X
//     GEMM ×3                              H Hᵀ, Y Yᵀ, bits bitsᵀ → PropagationGrams (B, L, S, S)
//
// Shapes: X, H, bits (B, S, N) row-major; probe scratch (B, N + S); bias (B, N).
// Napkin per network and layer: S·N φ evaluations (a transcendental for tanh/logistic/erf),
// 3·S·N·8 bytes moved by activate, 2·S·N·8 by bias_rows — negligible next to the N² draws and
// the 2·S·N² GEMM flops. Memory-bound, grid-stride, coalesced.
#include "common.cuh"
#include "map_common.cuh"
#include "probe_inputs.cuh"

// Launch: grid (networks of the chunk), any block. scratch (networks, N + S): g then the scales.
extern "C" __global__ void netdyn_propagate_probes_f64(double* X, double* scratch, uint64_t seed, uint64_t first_network,
                                                       int n, int probes, double q0, double c0) {
    const size_t b = blockIdx.x;
    double* g = scratch + b * (size_t)(n + probes);
    netdyn::fill_probe_inputs<double>(X + b * (size_t)probes * n, g, g + n, seed, first_network + b, n, probes, q0, c0);
}
NETDYN_KERNEL_ENTRY(netdyn_propagate_probes_f64)

// H (networks, S, N) = bias (networks, N) broadcast over the S rows. Grid-stride, any launch.
extern "C" __global__ void netdyn_bias_rows_f64(double* H, const double* bias, int networks, int probes, int n) {
    const int64_t sn = (int64_t)probes * n, total = networks * sn;
    const int64_t step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step) {
        const int64_t b = e / sn;
        H[e] = bias[b * n + e % n];
    }
}
NETDYN_KERNEL_ENTRY(netdyn_bias_rows_f64)

// x = φ(h) (tanh as model/Activation: netdyn_tanh); bits = 1[y > 0] with y = h when the last
// layer is linear, else x. count = networks·S·N. Grid-stride, any launch.
extern "C" __global__ void netdyn_propagate_activate_f64(const double* H, double* X, double* bits, int64_t count,
                                                         int activation, int last_linear) {
    const int64_t step = (int64_t)gridDim.x * blockDim.x;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < count; e += step) {
        const double h = H[e];
        const double x = netdyn::map_phi(activation, h);
        const double y = last_linear ? h : x;
        X[e] = x;
        bits[e] = y > 0 ? 1.0 : 0.0;
    }
}
NETDYN_KERNEL_ENTRY(netdyn_propagate_activate_f64)
