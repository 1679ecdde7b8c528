// drawmath.cuh — netdyn's own ln U and cos(2π U) of a Philox word, io.netdyn.model.DrawMath.
//
// U = (k + 1/2)·2^-32 for a 32-bit word k (philox_uniform). Both functions use only operations
// IEEE-754 rounds one way (+ − × ÷, sqrt, fma, integer and bit operations, hex double
// constants), in the same order as DrawMath.java, so Java, the device and the emulator give the
// same bits (libm/CUDA log and cos may differ by an ulp). Each fused multiply-add is an explicit
// fma(); every other product and sum goes through nd_mul/nd_add/..., which are __dmul_rn/__dadd_rn
// on the device (nvcc would otherwise contract a*b + c into an FMA) and the plain operators on the
// host (the emulator is built with -ffp-contract=off). Accuracy: within 1 ulp of the correctly
// rounded value (DrawMathTest); formulas below and in DrawMath.java.
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

namespace netdyn {

#ifdef __CUDA_ARCH__
__device__ inline double nd_mul(double a, double b) { return __dmul_rn(a, b); }
__device__ inline double nd_add(double a, double b) { return __dadd_rn(a, b); }
__device__ inline double nd_sub(double a, double b) { return __dsub_rn(a, b); }
__device__ inline double nd_div(double a, double b) { return __ddiv_rn(a, b); }
__device__ inline int64_t nd_bits(double x) { return __double_as_longlong(x); }
__device__ inline double nd_from_bits(int64_t b) { return __longlong_as_double(b); }
#else
inline double nd_mul(double a, double b) { return a * b; }
inline double nd_add(double a, double b) { return a + b; }
inline double nd_sub(double a, double b) { return a - b; }
inline double nd_div(double a, double b) { return a / b; }
inline int64_t nd_bits(double x) { int64_t b; memcpy(&b, &x, sizeof b); return b; }
inline double nd_from_bits(int64_t b) { double x; memcpy(&x, &b, sizeof x); return x; }
#endif

// ---- ln U ---------------------------------------------------------------------------------------
// x = k + 1/2 (exact) = z·2^j, z in [0.6875, 1.375) from x's bits; 16 subintervals of z (width 1/32
// below 1, 1/16 above) with centres c_i (c = 1 for [0.96875, 1): full accuracy as U → 1);
// s = (z − c)/(z + c), |s| < 0.0159:
//   ln z = ln c + 2s (1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9)
//   ln U = (j − 32)·LN2_HI + LNC_HI[i]  (exact)  +  ((j − 32)·LN2_LO + LNC_LO[i] + series)
#define NETDYN_LN_C {                                                                                \
    0x1.68p-1, 0x1.78p-1, 0x1.88p-1, 0x1.98p-1, 0x1.a8p-1, 0x1.b8p-1, 0x1.c8p-1, 0x1.d8p-1,          \
    0x1.e8p-1, 0x1.0p0, 0x1.08p0, 0x1.18p0, 0x1.28p0, 0x1.38p0, 0x1.48p0, 0x1.58p0 }
#define NETDYN_LN_HI {                                                                               \
    -0x1.68ac83e8p-2, -0x1.3c252774p-2, -0x1.1178e824p-2, -0x1.d1037f28p-3,                          \
    -0x1.823c1658p-3, -0x1.365fcbp-3, -0x1.da72764p-4, -0x1.4d3115dp-4,                              \
    -0x1.894aa14p-5, 0x0.0p0, 0x1.f829b1p-6, 0x1.6f0d28bp-4,                                         \
    0x1.29552f8p-3, 0x1.9525a9dp-3, 0x1.fb9186d8p-3, 0x1.2e8e2bbp-2 }
#define NETDYN_LN_LO {                                                                               \
    -0x1.c6a141a64eaddp-34, 0x1.99cf895693f28p-35, 0x1.81b8421cc74bep-34, 0x1.aa184a7e75b6fp-35,     \
    0x1.72e1f224659cep-34, -0x1.590162fa8234bp-35, 0x1.eee576bfe058fp-34, -0x1.03f562ed3e859p-35,    \
    -0x1.3f66866a2fa5ep-34, 0x0.0p0, -0x1.87ccffb30703fp-34, -0x1.a94b4641b6646p-36,                 \
    0x1.ff5234c05dc71p-35, -0x1.75297137d9f16p-36, -0x1.0e0eab9555ccap-34, -0x1.ee2cf63d336e5p-34 }

// cos θ and sin θ, θ = (π/2) r, as Horner rows by quadrant parity (DrawMath.K): cos row A1..A9
// (A_n = (−1)^n (π/2)^(2n)/(2n)!), sin row PIO2_LO, B1..B8 (B_n = (−1)^n (π/2)^(2n+1)/(2n+1)!).
#define NETDYN_TRIG_K {                                                                              \
    -0x1.3bd3cc9be45dep+0, 0x1.03c1f081b5ac4p-2, -0x1.55d3c7e3cbffap-6, 0x1.e1f506891babbp-11,       \
    -0x1.a6d1f2a204a8cp-16, 0x1.f9d38a3763cc3p-22, -0x1.b6e24f44b128fp-28, 0x1.20c62c2f2d7f5p-34,    \
    -0x1.2a0c591af8314p-41,                                                                          \
    0x1.5110b4611a626p-22, -0x1.4abbce625be53p-1, 0x1.466bc6775aae2p-4, -0x1.32d2cce62bd86p-8,       \
    0x1.50783487ee782p-13, -0x1.e3074fde8871fp-19, 0x1.e8f434d018d63p-25, -0x1.6fadb9f155744p-31,    \
    0x1.aaec32af93359p-38 }

// Device copies in global memory (per-thread indices would serialise on __constant__), host
// copies for the emulator and nvcc's host pass.
#ifdef __CUDA_ARCH__
static __device__ const double nd_ln_c[16] = NETDYN_LN_C;
static __device__ const double nd_ln_hi[16] = NETDYN_LN_HI;
static __device__ const double nd_ln_lo[16] = NETDYN_LN_LO;
static __device__ const double nd_trig_k[18] = NETDYN_TRIG_K;
#else
static constexpr double nd_ln_c[16] = NETDYN_LN_C;
static constexpr double nd_ln_hi[16] = NETDYN_LN_HI;
static constexpr double nd_ln_lo[16] = NETDYN_LN_LO;
static constexpr double nd_trig_k[18] = NETDYN_TRIG_K;
#endif

// ln U for U = philox_uniform(w) = (w + 1/2)·2^-32 (DrawMath.lnUniform).
__host__ __device__ inline double ln_uniform(uint32_t w) {
    const double LN2_HI = 0x1.62e42feep-1, LN2_LO = 0x1.a39ef35793c76p-33;
    const double T3 = 0x1.5555555555555p-2, T5 = 0x1.999999999999ap-3;
    const double T7 = 0x1.2492492492492p-3, T9 = 0x1.c71c71c71c71cp-4;
    const double x = nd_add((double)(int32_t)(w ^ 0x80000000u), 0x1.00000001p31);   // k + 1/2, exact
    const int64_t ix = nd_bits(x);
    const int64_t tmp = ix - (int64_t)0x3FE6000000000000LL;                        // bits of 0.6875
    const int j = (int)(tmp >> 52);                                                 // x = z·2^j
    const int i = (int)((uint64_t)tmp >> 48) & 15;
    const double z = nd_from_bits(ix - (int64_t)((uint64_t)(int64_t)j << 52));
    const double c = nd_ln_c[i];
    const double s = nd_div(nd_sub(z, c), nd_add(z, c));
    const double t = nd_add(s, s), y = nd_mul(s, s);
    const double p = fma(y, fma(y, fma(y, T9, T7), T5), T3);
    const double n = (double)(j - 32);
    const double hi = nd_add(nd_mul(n, LN2_HI), nd_ln_hi[i]);                       // exact
    const double lo = fma(n, LN2_LO, nd_ln_lo[i]);
    return nd_add(hi, nd_add(t, fma(t, nd_mul(y, p), lo)));
}

// cos 2πU for U = philox_uniform(w) (DrawMath.cos2piUniform): U = (q + r)/4 exactly with
// q = ⌊(w + 2^29)/2^30⌋ mod 4, r = (w − q·2^30 + 1/2)·2^-30 in [−1/2, 1/2), so
// cos 2πU = cos θ, −sin θ, −cos θ, sin θ (q = 0..3), θ = (π/2) r; no rounded argument.
//   cos θ = 1 + y (A1 + … + y A9),  sin θ = r·PIO2_HI + r (PIO2_LO + y (B1 + … + y B8)),  y = r²
__host__ __device__ inline double cos2pi_uniform(uint32_t w) {
    const double PIO2_HI = 0x1.921fbp0;                                            // 21 bits: r·PIO2_HI exact
    const uint32_t q = (w + (1u << 29)) >> 30;                                      // mod 4 (wraps)
    const double r = nd_mul(nd_add((double)(int32_t)(w - (q << 30)), 0.5), 0x1p-30);
    const double y = nd_mul(r, r);
    const double* k = nd_trig_k + (q & 1) * 9;                                      // cos row or sin row
    const double h = fma(y, fma(y, fma(y, fma(y, fma(y, fma(y, fma(y, fma(y, k[8], k[7]), k[6]), k[5]),
                         k[4]), k[3]), k[2]), k[1]), k[0]);
    const bool odd = (q & 1) != 0;
    const double v = fma(odd ? r : y, h, odd ? nd_mul(r, PIO2_HI) : 1.0);
    return ((q + 1) & 2) ? -v : v;                                                  // negative for q = 1, 2
}

// The Box–Muller radius sqrt(−2 ln U0) of a word pair.
__host__ __device__ inline double box_muller_radius(uint32_t w0) {
#ifdef __CUDA_ARCH__
    return __dsqrt_rn(nd_mul(-2.0, ln_uniform(w0)));
#else
    return sqrt(-2.0 * ln_uniform(w0));
#endif
}

// The Box–Muller Gaussian of two Philox words: sqrt(−2 ln U0)·cos(2π U1) (DrawMath.gaussian).
__host__ __device__ inline double gaussian_words(uint32_t w0, uint32_t w1) {
    return nd_mul(box_muller_radius(w0), cos2pi_uniform(w1));
}

}  // namespace netdyn
