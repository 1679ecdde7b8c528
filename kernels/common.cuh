// common.cuh — what every netdyn kernel file includes first.
//
// The kernels are compiled twice from the same source (docs/gpu.md, "How the kernels are built and
// loaded" and "The emulator"):
//   nvcc  -> target/classes/kernels/netdyn.fatbin (sm_80, sm_90 SASS + compute_90 PTX),
//   g++   -> target/native/libnetdyn_emu.so, with native/cuda_emu.h force-included, which
//            defines NETDYN_EMULATOR, the CUDA keywords and the two macros below.
// So kernels use only: __global__/__device__/__host__/__shared__, threadIdx/blockIdx/
// blockDim/gridDim, __syncthreads(), atomicAdd, the <cmath> functions, and the macros here.
// Warp intrinsics (__shfl_*, __ballot_sync, ...) are deliberately absent from the emulator:
// a kernel that uses one does not compile there, so it cannot slip into CI untested.
#pragma once

#include <stdint.h>

#ifndef NETDYN_EMULATOR
// Dynamic shared memory of the launch (the sharedBytes of the launch config), as T*.
#define NETDYN_DYNAMIC_SHARED(T, name)                                   \
    extern __shared__ __align__(16) unsigned char netdyn_dynamic_smem[]; \
    T* name = reinterpret_cast<T*>(netdyn_dynamic_smem)
// Registers an extern "C" entry point with the emulator's launcher; nothing under nvcc.
#define NETDYN_KERNEL_ENTRY(fn)
#endif

namespace netdyn {

// Equal to java.lang.Math.PI (the same double), so 2·π·u rounds identically on both sides.
constexpr double PI = 3.141592653589793;

}  // namespace netdyn
