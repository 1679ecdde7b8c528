// emu_launch.h — the emulator's launcher: the kernel registry and cuLaunchKernel's CPU twin.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cuda_emu.h"

namespace cuda_emu {

struct KernelInfo {
    std::string name;
    std::string signature;  // arg_code() per parameter
    Thunk thunk;
};

// Every NETDYN_KERNEL_ENTRY of the library, in registration order.
const std::vector<KernelInfo>& kernels();
const KernelInfo* find_kernel(const std::string& name);

// Runs grid.x·grid.y·grid.z blocks one after another, each with block.x·block.y·block.z
// std::threads (created once per launch, reused for every block); `params` as in
// cuLaunchKernel. Launches are serialised (static __shared__ is one copy per kernel).
// Throws KernelError when a thread throws (e.g. __trap) or the configuration is invalid.
void launch(const KernelInfo& kernel, dim3 grid, dim3 block, size_t shared_bytes, void** params);

// The most threads per block the emulator accepts (CUDA's limit).
constexpr unsigned MAX_THREADS_PER_BLOCK = 1024;

}  // namespace cuda_emu
