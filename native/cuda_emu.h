// cuda_emu.h — lets g++ (-std=c++20 -pthread) compile the unchanged kernels/*.cu for the CPU.
//
// Force-included (g++ -include native/cuda_emu.h) before every kernel file by
// native/build-emulator.sh; the kernels never include it themselves. The model (docs/gpu.md):
//   - a launch runs its blocks one after another; each CUDA thread of a block is one
//     std::thread (reused for every block of the launch, see emu_launch.cpp);
//   - threadIdx/blockIdx/blockDim/gridDim are thread_local;
//   - __shared__ is `static`: one copy per kernel instantiation, correct because blocks never
//     overlap and launches are serialised; dynamic shared memory is a per-launch buffer;
//   - __syncthreads() is a std::barrier over the block's threads; a thread that returns drops
//     out of the barrier (arrive_and_drop), as exited threads do on the hardware;
//   - atomics go through std::atomic_ref;
//   - warp intrinsics are NOT defined: a kernel that uses one fails to compile here.
// Device memory is plain host memory (emu_jni.cpp), so a pointer argument is an address.
#pragma once

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#define NETDYN_EMULATOR 1

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __launch_bounds__(...)
#define __restrict__ __restrict
#define __align__(n) alignas(n)
#define __shared__ static

struct uint3 {
    unsigned x = 0, y = 0, z = 0;
};
struct dim3 {
    unsigned x = 1, y = 1, z = 1;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

namespace cuda_emu {

// What the threads of the running block share (set by the launcher).
struct Block {
    std::optional<std::barrier<>> sync;  // __syncthreads; re-created for every block
    unsigned char* dynamic_shared = nullptr;
};

inline thread_local Block* current_block = nullptr;

// Thrown by __trap() and by the shim on misuse; reported by the launcher as a failed launch.
struct KernelError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace cuda_emu

inline thread_local uint3 threadIdx;
inline thread_local uint3 blockIdx;
inline thread_local dim3 blockDim;
inline thread_local dim3 gridDim;

inline void __syncthreads() { cuda_emu::current_block->sync->arrive_and_wait(); }
[[noreturn]] inline void __trap() { throw cuda_emu::KernelError("__trap() called"); }

// Only what the kernels use (and kernels/selftest.cu tests); add others with a test.
template <typename T>
inline T atomicAdd(T* address, T value) {
    return std::atomic_ref<T>(*address).fetch_add(value);
}

// CUDA's integer min/max are global functions in device code.
using std::max;
using std::min;

#define NETDYN_DYNAMIC_SHARED(T, name) T* name = reinterpret_cast<T*>(cuda_emu::current_block->dynamic_shared)

// ---- kernel registry: NETDYN_KERNEL_ENTRY(fn) records fn's name, signature and a thunk ----
namespace cuda_emu {

// One character per parameter, the same codes as io.netdyn.backend.cuda.ArgType:
// i int32/uint32, l int64/uint64, f float, d double; upper case: pointer to that type.
template <typename T>
constexpr char arg_code() {
    using U = std::remove_cv_t<T>;
    if constexpr (std::is_pointer_v<U>) {
        using E = std::remove_cv_t<std::remove_pointer_t<U>>;
        static_assert(!std::is_pointer_v<E>, "pointer-to-pointer kernel arguments are not supported");
        return static_cast<char>(arg_code<E>() - 'a' + 'A');
    } else if constexpr (std::is_same_v<U, int32_t> || std::is_same_v<U, uint32_t>) {
        return 'i';
    } else if constexpr (std::is_same_v<U, int64_t> || std::is_same_v<U, uint64_t> ||
                         std::is_same_v<U, long long> || std::is_same_v<U, unsigned long long>) {
        return 'l';
    } else if constexpr (std::is_same_v<U, float>) {
        return 'f';
    } else if constexpr (std::is_same_v<U, double>) {
        return 'd';
    } else {
        static_assert(sizeof(U) == 0, "kernel argument type not supported by the emulator");
        return '?';
    }
}

// params[k] points at the value of argument k (the cuLaunchKernel convention).
using Thunk = void (*)(void** params);

template <typename F>
struct Signature;
template <typename... A>
struct Signature<void (*)(A...)> {
    static std::string codes() { return std::string{arg_code<A>()...}; }
    template <auto F, size_t... I>
    static void call(void** params, std::index_sequence<I...>) {
        F(*static_cast<std::remove_cv_t<A>*>(params[I])...);
    }
    static constexpr size_t arity = sizeof...(A);
};

template <auto F>
void thunk(void** params) {
    using S = Signature<decltype(F)>;
    S::template call<F>(params, std::make_index_sequence<S::arity>{});
}

void register_kernel(const char* name, std::string signature, Thunk thunk);

struct Registrar {
    Registrar(const char* name, std::string signature, Thunk t) { register_kernel(name, std::move(signature), t); }
};

}  // namespace cuda_emu

#define NETDYN_KERNEL_ENTRY(fn)                                                                   \
    static const cuda_emu::Registrar netdyn_registrar_##fn(                                      \
        #fn, cuda_emu::Signature<decltype(&fn)>::codes(), &cuda_emu::thunk<&fn>);
