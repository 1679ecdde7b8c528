// emu_jni.cpp — JNI bridge of libnetdyn_emu.so to io.netdyn.backend.cuda.EmulatorNative.
//
// Emulated device memory is host memory from aligned_alloc, poisoned with 0xFF bytes (NaN
// doubles) like an uninitialised cuMemAlloc; every copy and every pointer argument of a launch
// is checked against the live allocations, so a Java bug becomes an exception, not a crash.
// Natives are bound by RegisterNatives in JNI_OnLoad: a name that does not match the Java
// declaration fails when the library loads, with the method named.
#include <jni.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "emu_launch.h"

namespace {

constexpr const char* NATIVE_CLASS = "io/netdyn/backend/cuda/EmulatorNative";
constexpr size_t ALIGNMENT = 256;  // cuMemAlloc's alignment

std::mutex memory_mutex;
std::map<uintptr_t, size_t> allocations;  // base -> bytes

void throw_java(JNIEnv* env, const char* cls, const std::string& message) {
    jclass c = env->FindClass(cls);
    if (c != nullptr) env->ThrowNew(c, message.c_str());
}

std::string hex(uintptr_t p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(p));
    return buf;
}

// The allocation holding [p, p + bytes), or allocations.end().
std::map<uintptr_t, size_t>::const_iterator holding(uintptr_t p, size_t bytes) {
    auto it = allocations.upper_bound(p);
    if (it == allocations.begin()) return allocations.end();
    --it;
    if (p + bytes > it->first + it->second) return allocations.end();
    return it;
}

jstring j_kernels(JNIEnv* env, jclass) {
    std::string s;
    for (const cuda_emu::KernelInfo& k : cuda_emu::kernels()) s += k.name + " " + k.signature + "\n";
    return env->NewStringUTF(s.c_str());
}

jstring j_compiler(JNIEnv* env, jclass) {
    return env->NewStringUTF("g++ " __VERSION__);
}

jlong j_alloc(JNIEnv*, jclass, jlong bytes) {
    if (bytes <= 0) return 0;
    size_t size = (static_cast<size_t>(bytes) + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    void* p = std::aligned_alloc(ALIGNMENT, size);
    if (p == nullptr) return 0;
    std::memset(p, 0xFF, size);
    std::lock_guard<std::mutex> lock(memory_mutex);
    allocations[reinterpret_cast<uintptr_t>(p)] = static_cast<size_t>(bytes);
    return static_cast<jlong>(reinterpret_cast<uintptr_t>(p));
}

void j_free(JNIEnv* env, jclass, jlong address) {
    std::lock_guard<std::mutex> lock(memory_mutex);
    auto it = allocations.find(static_cast<uintptr_t>(address));
    if (it == allocations.end()) {
        throw_java(env, "java/lang/IllegalArgumentException",
                   "emulator free: " + hex(static_cast<uintptr_t>(address)) + " is not a live allocation");
        return;
    }
    std::free(reinterpret_cast<void*>(it->first));
    allocations.erase(it);
}

// The host address of [address + offset, + count·elem), or nullptr after throwing.
void* checked_range(JNIEnv* env, jlong address, jlong offset, jint count, size_t elem, const char* what) {
    if (offset < 0 || count < 0) {
        throw_java(env, "java/lang/IndexOutOfBoundsException",
                   std::string("emulator ") + what + ": negative offset or count");
        return nullptr;
    }
    uintptr_t p = static_cast<uintptr_t>(address) + static_cast<uintptr_t>(offset);
    size_t bytes = static_cast<size_t>(count) * elem;
    std::lock_guard<std::mutex> lock(memory_mutex);
    auto it = allocations.find(static_cast<uintptr_t>(address));
    if (it == allocations.end() || holding(p, bytes) != it) {
        throw_java(env, "java/lang/IndexOutOfBoundsException",
                   std::string("emulator ") + what + ": " + std::to_string(bytes) + " bytes at offset " +
                       std::to_string(offset) + " of " + hex(static_cast<uintptr_t>(address)) +
                       (it == allocations.end() ? " (not a live allocation)"
                                                : " (allocation of " + std::to_string(it->second) + " bytes)"));
        return nullptr;
    }
    return reinterpret_cast<void*>(p);
}

void j_copy_in_doubles(JNIEnv* env, jclass, jlong address, jlong offset, jdoubleArray src, jint from, jint count) {
    void* p = checked_range(env, address, offset, count, sizeof(jdouble), "copy in");
    if (p != nullptr) env->GetDoubleArrayRegion(src, from, count, static_cast<jdouble*>(p));
}

void j_copy_out_doubles(JNIEnv* env, jclass, jlong address, jlong offset, jdoubleArray dst, jint from, jint count) {
    void* p = checked_range(env, address, offset, count, sizeof(jdouble), "copy out");
    if (p != nullptr) env->SetDoubleArrayRegion(dst, from, count, static_cast<const jdouble*>(p));
}

void j_copy_in_ints(JNIEnv* env, jclass, jlong address, jlong offset, jintArray src, jint from, jint count) {
    void* p = checked_range(env, address, offset, count, sizeof(jint), "copy in");
    if (p != nullptr) env->GetIntArrayRegion(src, from, count, static_cast<jint*>(p));
}

void j_copy_out_ints(JNIEnv* env, jclass, jlong address, jlong offset, jintArray dst, jint from, jint count) {
    void* p = checked_range(env, address, offset, count, sizeof(jint), "copy out");
    if (p != nullptr) env->SetIntArrayRegion(dst, from, count, static_cast<const jint*>(p));
}

// One kernel argument's value, stored with its own type so params[k] points at real storage.
union ArgValue {
    int32_t i;
    int64_t l;
    float f;
    double d;
    void* p;
};

void j_launch(JNIEnv* env, jclass, jstring jname, jint gx, jint gy, jint gz, jint bx, jint by, jint bz,
              jint shared_bytes, jstring jcodes, jlongArray jslots) {
    const char* cname = env->GetStringUTFChars(jname, nullptr);
    const char* ccodes = env->GetStringUTFChars(jcodes, nullptr);
    std::string name(cname), codes(ccodes);
    env->ReleaseStringUTFChars(jname, cname);
    env->ReleaseStringUTFChars(jcodes, ccodes);

    const cuda_emu::KernelInfo* k = cuda_emu::find_kernel(name);
    if (k == nullptr) {
        throw_java(env, "java/lang/IllegalArgumentException", "emulator: no kernel '" + name + "' in this library");
        return;
    }
    if (codes != k->signature) {
        throw_java(env, "java/lang/IllegalArgumentException",
                   "emulator: " + name + " takes (" + k->signature + ") but Java passes (" + codes + ")");
        return;
    }
    if (gx < 1 || gy < 1 || gz < 1 || bx < 1 || by < 1 || bz < 1 || shared_bytes < 0) {
        throw_java(env, "java/lang/IllegalArgumentException", "emulator: " + name + ": invalid launch configuration");
        return;
    }
    const jsize n = env->GetArrayLength(jslots);
    if (static_cast<size_t>(n) != codes.size()) {
        throw_java(env, "java/lang/IllegalArgumentException", "emulator: " + name + ": argument count mismatch");
        return;
    }
    std::vector<jlong> slots(n);
    env->GetLongArrayRegion(jslots, 0, n, slots.data());
    std::vector<ArgValue> values(n);
    std::vector<void*> params(n);
    {
        std::lock_guard<std::mutex> lock(memory_mutex);
        for (jsize a = 0; a < n; a++) {
            const char c = codes[a];
            switch (c) {
                case 'i': values[a].i = static_cast<int32_t>(slots[a]); break;
                case 'l': values[a].l = slots[a]; break;
                case 'f': { int32_t bits = static_cast<int32_t>(slots[a]); std::memcpy(&values[a].f, &bits, 4); break; }
                case 'd': std::memcpy(&values[a].d, &slots[a], 8); break;
                default: {  // a pointer: null or inside a live allocation
                    uintptr_t p = static_cast<uintptr_t>(slots[a]);
                    if (p != 0 && holding(p, 0) == allocations.end()) {
                        throw_java(env, "java/lang/IllegalArgumentException",
                                   "emulator: " + name + " argument " + std::to_string(a) + " (" + hex(p) +
                                       ") points into no live allocation");
                        return;
                    }
                    values[a].p = reinterpret_cast<void*>(p);
                }
            }
            params[a] = &values[a];
        }
    }
    try {
        cuda_emu::launch(*k, dim3(gx, gy, gz), dim3(bx, by, bz), static_cast<size_t>(shared_bytes), params.data());
    } catch (const std::exception& e) {
        throw_java(env, "java/lang/IllegalStateException", std::string("emulated kernel failed: ") + e.what());
    }
}

const JNINativeMethod METHODS[] = {
    {const_cast<char*>("kernels"), const_cast<char*>("()Ljava/lang/String;"), reinterpret_cast<void*>(j_kernels)},
    {const_cast<char*>("compiler"), const_cast<char*>("()Ljava/lang/String;"), reinterpret_cast<void*>(j_compiler)},
    {const_cast<char*>("alloc"), const_cast<char*>("(J)J"), reinterpret_cast<void*>(j_alloc)},
    {const_cast<char*>("free"), const_cast<char*>("(J)V"), reinterpret_cast<void*>(j_free)},
    {const_cast<char*>("copyInDoubles"), const_cast<char*>("(JJ[DII)V"), reinterpret_cast<void*>(j_copy_in_doubles)},
    {const_cast<char*>("copyOutDoubles"), const_cast<char*>("(JJ[DII)V"), reinterpret_cast<void*>(j_copy_out_doubles)},
    {const_cast<char*>("copyInInts"), const_cast<char*>("(JJ[III)V"), reinterpret_cast<void*>(j_copy_in_ints)},
    {const_cast<char*>("copyOutInts"), const_cast<char*>("(JJ[III)V"), reinterpret_cast<void*>(j_copy_out_ints)},
    {const_cast<char*>("launch"), const_cast<char*>("(Ljava/lang/String;IIIIIIILjava/lang/String;[J)V"),
     reinterpret_cast<void*>(j_launch)},
};

}  // namespace

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
    JNIEnv* env = nullptr;
    if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    jclass cls = env->FindClass(NATIVE_CLASS);
    if (cls == nullptr) return JNI_ERR;
    if (env->RegisterNatives(cls, METHODS, static_cast<jint>(std::size(METHODS))) != 0) return JNI_ERR;
    return JNI_VERSION_1_8;
}
