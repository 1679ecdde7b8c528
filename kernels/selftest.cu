// selftest.cu — a block-reduce sum that exercises every CUDA feature the emulator emulates:
// dynamic and static __shared__ memory, __syncthreads() (including non-power-of-two blocks),
// atomicAdd on double and on unsigned, a multi-block grid. Not a netdyn computation: it
// checks the emulator itself, and on a GPU (tag "gpu") the launch path of JCudaDevice.
//
//   netdyn_selftest_block_sum_f64   *sum += Σ_i x[i];  *blocks_ok += 1 per block whose threads
//                                   all passed the first barrier                 (n) -> (1), (1)
//                                   n < 0: thread 0 of each block calls __trap() before the
//                                   first barrier (the launch-failure path; emulator tests only:
//                                   on a GPU a trap poisons the context)
//
// Napkin math: 8 bytes per element read, one atomic per block.
#include "common.cuh"

namespace netdyn {
__device__ inline unsigned pow2_ceil(unsigned v) {
    unsigned p = 1;
    while (p < v) p <<= 1;
    return p;
}
}  // namespace netdyn

extern "C" __global__ void netdyn_selftest_block_sum_f64(const double* __restrict__ x, double* sum,
                                                         unsigned* blocks_ok, int n) {
    NETDYN_DYNAMIC_SHARED(double, part);  // (blockDim.x)
    __shared__ unsigned arrivals;
    const unsigned tid = threadIdx.x;
    if (n < 0 && tid == 0) __trap();
    if (tid == 0) arrivals = 0;
    __syncthreads();
    double s = 0;
    for (int i = blockIdx.x * blockDim.x + tid; i < n; i += blockDim.x * gridDim.x) s += x[i];
    part[tid] = s;
    atomicAdd(&arrivals, 1u);
    __syncthreads();
    // Tree over any block size: at half-width h, thread t < h adds t + h when it exists.
    for (unsigned h = netdyn::pow2_ceil(blockDim.x) / 2; h > 0; h >>= 1) {
        if (tid < h && tid + h < blockDim.x) part[tid] += part[tid + h];
        __syncthreads();
    }
    if (tid == 0) {
        atomicAdd(sum, part[0]);
        if (arrivals == blockDim.x) atomicAdd(blocks_ok, 1u);
    }
}
NETDYN_KERNEL_ENTRY(netdyn_selftest_block_sum_f64)
