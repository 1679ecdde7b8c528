// pointwise.cu — activations φ and φ' applied to an array (activations.cuh, checked against
// io.netdyn.model.Activation). φ is used by netdyn_propagate_f64; φ' is what the Jacobian,
// Lyapunov, Newton and modes kernels use: both are pinned to the Java values here.
//
//   netdyn_activation_f64   phi[i] = φ(x[i]), dphi[i] = φ'(x[i])     (n) -> (n), (n)
//
// One thread per element, grid-stride; 8 bytes in, 16 out: bandwidth-bound (test only).
#include "activations.cuh"
#include "common.cuh"

extern "C" __global__ void netdyn_activation_f64(const double* __restrict__ x, double* __restrict__ phi,
                                                 double* __restrict__ dphi, int n, int activation) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        phi[i] = netdyn::act_phi<double>(activation, x[i]);
        dphi[i] = netdyn::act_dphi<double>(activation, x[i]);
    }
}
NETDYN_KERNEL_ENTRY(netdyn_activation_f64)
