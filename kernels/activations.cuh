// activations.cuh — φ and φ' of io.netdyn.model.Activation (ordinals in ActKind).
//
//   TANH      tanh x                    1 - tanh² x
//   LOGISTIC  1/(1+e^-x)                σ(1-σ)
//   HARDTANH  clamp(x,-1,1)             1 on (-1,1), else 0
//   RELU      max(x,0)                  1 for x > 0, else 0
//   LINEAR    x                         1
//   ERF       erf x                     (2/√π) e^{-x²}
// The switch is uniform across a block (one activation per launch): no divergence.
#pragma once

#include <math.h>

#include "common.cuh"

namespace netdyn {

enum ActKind : int { ACT_TANH = 0, ACT_LOGISTIC = 1, ACT_HARDTANH = 2, ACT_RELU = 3,
                     ACT_LINEAR = 4, ACT_ERF = 5 };

// 2/√π as Java computes it (2 / Math.sqrt(Math.PI)), rounded once.
constexpr double TWO_OVER_SQRT_PI = 1.1283791670955126;

template <typename real>
__host__ __device__ inline real act_phi(int act, real x) {
    switch (act) {
        case ACT_TANH: return tanh(x);
        case ACT_LOGISTIC: return 1 / (1 + exp(-x));
        case ACT_HARDTANH: return x < -1 ? real(-1) : (x > 1 ? real(1) : x);
        case ACT_RELU: return x > 0 ? x : real(0);
        case ACT_ERF: return erf(x);
        default: return x;  // LINEAR
    }
}

template <typename real>
__host__ __device__ inline real act_dphi(int act, real x) {
    switch (act) {
        case ACT_TANH: { const real t = tanh(x); return 1 - t * t; }
        case ACT_LOGISTIC: { const real s = 1 / (1 + exp(-x)); return s * (1 - s); }
        case ACT_HARDTANH: return (x > -1 && x < 1) ? real(1) : real(0);
        case ACT_RELU: return x > 0 ? real(1) : real(0);
        case ACT_ERF: return real(TWO_OVER_SQRT_PI) * exp(-x * x);
        default: return real(1);  // LINEAR
    }
}

}  // namespace netdyn
