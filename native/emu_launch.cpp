// emu_launch.cpp — runs an emulated kernel launch (see cuda_emu.h for the model).
//
// Per launch: T = block.x·block.y·block.z worker threads and one gate barrier of T + 1
// (workers + launcher). For each block the launcher re-creates the block's __syncthreads
// barrier and poisons the dynamic shared buffer (0xFF bytes: NaN doubles), then opens the gate;
// workers run the kernel body, drop out of the block barrier on return, and meet the launcher
// at the gate again. Starting threads costs ~50 µs each, so keep emulated blocks small.
#include "emu_launch.h"

#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace cuda_emu {

namespace {

std::vector<KernelInfo>& registry() {
    static std::vector<KernelInfo> r;
    return r;
}

std::mutex& launch_mutex() {
    static std::mutex m;
    return m;
}

uint3 unflatten(size_t i, dim3 d) {
    uint3 u;
    u.x = static_cast<unsigned>(i % d.x);
    u.y = static_cast<unsigned>((i / d.x) % d.y);
    u.z = static_cast<unsigned>(i / (static_cast<size_t>(d.x) * d.y));
    return u;
}

}  // namespace

void register_kernel(const char* name, std::string signature, Thunk thunk) {
    registry().push_back(KernelInfo{name, std::move(signature), thunk});
}

const std::vector<KernelInfo>& kernels() { return registry(); }

const KernelInfo* find_kernel(const std::string& name) {
    for (const KernelInfo& k : registry()) {
        if (k.name == name) return &k;
    }
    return nullptr;
}

void launch(const KernelInfo& kernel, dim3 grid, dim3 block, size_t shared_bytes, void** params) {
    const size_t threads = static_cast<size_t>(block.x) * block.y * block.z;
    const size_t blocks = static_cast<size_t>(grid.x) * grid.y * grid.z;
    if (threads == 0 || threads > MAX_THREADS_PER_BLOCK) {
        throw KernelError(kernel.name + ": block of " + std::to_string(threads) + " threads (1.." +
                          std::to_string(MAX_THREADS_PER_BLOCK) + " allowed)");
    }
    if (blocks == 0) throw KernelError(kernel.name + ": empty grid");

    std::lock_guard<std::mutex> serial(launch_mutex());
    std::unique_ptr<unsigned char[]> dynamic(new unsigned char[shared_bytes + 16]);
    Block ctx;
    ctx.dynamic_shared = dynamic.get();
    std::barrier<> gate(static_cast<std::ptrdiff_t>(threads) + 1);
    size_t current = 0;
    bool done = false;
    std::mutex error_mutex;
    std::string error;

    auto worker = [&](size_t t) {
        threadIdx = unflatten(t, block);
        blockDim = block;
        gridDim = grid;
        current_block = &ctx;
        for (;;) {
            gate.arrive_and_wait();  // the launcher has prepared block `current` (or set done)
            if (done) return;
            blockIdx = unflatten(current, grid);
            try {
                kernel.thunk(params);
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (error.empty()) {
                    error = kernel.name + ": block " + std::to_string(current) + " thread " +
                            std::to_string(t) + ": " + e.what();
                }
            }
            ctx.sync->arrive_and_drop();  // an exited thread leaves the block's barrier
            gate.arrive_and_wait();       // block finished
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (size_t t = 0; t < threads; t++) pool.emplace_back(worker, t);
    for (size_t b = 0; b < blocks; b++) {
        ctx.sync.emplace(static_cast<std::ptrdiff_t>(threads));
        std::memset(dynamic.get(), 0xFF, shared_bytes);
        current = b;
        gate.arrive_and_wait();  // start block b
        gate.arrive_and_wait();  // block b done
        if (!error.empty()) break;
    }
    done = true;
    gate.arrive_and_wait();
    for (std::thread& t : pool) t.join();
    if (!error.empty()) throw KernelError(error);
}

}  // namespace cuda_emu
