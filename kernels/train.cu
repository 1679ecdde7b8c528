// train.cu — k optimizer steps of a batch of small networks, one block per network
// (docs/training.md; docs/gpu.md, "The train kernel").
//
// CPU reference: train/NetworkTrainer.resume (the fast CPU path backend/cpu/TrainWorker has the
// same bits). Host: backend/cuda/TrainOps.java, TrainPlan.java. Checked through the emulator by
// the backend contract's training section (EmulatorBackendContractTest) and TrainEmulatorTest.
//
// Every scalar is the reference's arithmetic in the reference's order, only spread over the
// block's threads: a thread owns a (sample, unit) pair in the forward and backward passes and a
// parameter in the gradient sums and the update, and sums over samples and inputs in the
// reference's order. With fp-contract off (the emulator) a network trains to the reference's bits
// except where the device's exp/log/erf differ from Java's in the last place (tanh's exp, the
// logistic, the erf activation, softmax); nvcc may contract to FMA, so on a GPU weights agree to
// rounding.
//
// Math (network b, step t = step0[b] + done[b] + 1; docs/training.md):
//   batch     full: 0..P−1; else a partial Fisher–Yates of 0..P−1, swap k with k + ⌊u_k·(P−k)⌋,
//             u_k from TRAIN block (seed, b, t − 1, tensor 32, element k) (NetworkTrainer.batch)
//   forward   h_l[s,i] = Σ_j W_l[i,j] x_{l−1}[s,j] (j from 0) + b_l[i],  a_l = φ(h_l) (or h_l if linear)
//   loss      mse ℓ_s = Σ_i ½(z_i − y_i)², dz = (z − y)/B;  xent ℓ_s = lse(z_0..z_{C−1}) − z_c,
//             dz_j = (softmax_j − [j = c])/B;  L = (Σ_s ℓ_s in batch order)/B; not finite → the
//             network is marked diverged and nothing is updated, now or later
//   backward  δ_l = g_l ⊙ φ'(h_l);  ∂W_l[i,j] = Σ_s δ_l[s,i] x_{l−1}[s,j],  ∂b_l[i] = Σ_s δ_l[s,i]
//             (s in batch order);  g_{l−1}[s,j] = Σ_i W_l[i,j] δ_l[s,i] (i from 0)
//   update    Optimizer.update: sgd / momentum / adam with the bias corrections 1 − β^t computed
//             on the host (Math.pow, as the reference) and passed in bias_corr; decay on W only
//
// Shapes (doubles unless int): weights, first_moment, second_moment (B, L, N² + N): layer l is
//   W_l (N×N row-major) then b_l (N), the layout of DeviceLayers (moments: the same, null when the
//   optimizer keeps none); grad (B, L, N² + N); acts (B, 2, L, P, N): h then a; delta (B, 2, P, N)
//   (ping-pong); losses (B, P); order (B, 2, P) int: the shuffle and the batch indices;
//   step0, done, diverged (B) int: steps before this call, updates applied by this call so far
//   (read and advanced by every launch), 1 once diverged; x (P, N), y (P, N) or labels (P) int:
//   the training set, shared by all networks; bias_corr (2·(steps_total)): c1, c2 of step
//   t at [2·(t − t_base − 1)], [.. + 1].
// Shared memory (dynamic): the block's weights when weights_in_shared, rows padded to N + 1
// doubles: L·(N(N + 1) + N) doubles (copied in at the start, back at the end of the launch), else
// they are used in place in global memory.
//
// Napkin math per step and network (B samples): forward L·B·2N² flops, backward L·B·4N²
// (∂W and g), update ≈ L·N²·(12 adam / 3 sgd); weights read from shared memory (broadcast in the
// forward pass), h/a/δ ≈ 4·L·B·N doubles through L1/L2, the moments 2·L·N² doubles from global
// memory once per step. 14 __syncthreads per layer and step at most. Roofline: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "map_common.cuh"
#include "philox.cuh"

namespace netdyn {

// Most threads per block this kernel is built for (TrainPlan.MAX_THREADS in Java).
constexpr int TRAIN_MAX_THREADS = 256;

// Optimizer.Kind and Loss codes (TrainOps).
enum TrainOptimizer : int { OPT_SGD = 0, OPT_MOMENTUM = 1, OPT_ADAM = 2 };
enum TrainLoss : int { LOSS_MSE = 0, LOSS_XENT = 1 };

// TrainStreams.BATCH: the mini-batch order's tensor of the TRAIN stream (Streams.TRAIN = 4).
constexpr uint32_t STREAM_TRAIN = 4, TRAIN_TENSOR_BATCH = 32;

// The batch of step index t (0-based) into batch[0..count) (NetworkTrainer.batch); one thread.
static __device__ __noinline__ void train_batch(int* order, int* batch, int p, int batch_size, uint64_t seed, uint64_t network, uint32_t t) {
    if (batch_size == 0 || batch_size >= p) {
        for (int i = 0; i < p; i++) batch[i] = i;
        return;
    }
    for (int i = 0; i < p; i++) order[i] = i;
    for (int k = 0; k < batch_size; k++) {
        const Philox4 w = stream_block(seed, STREAM_TRAIN, network, t, TRAIN_TENSOR_BATCH, (uint32_t)k);
        const int j = k + (int)(((uint64_t)w.w[0] * (uint64_t)(p - k)) >> 32);  // TrainStreams.below
        const int tmp = order[k];
        order[k] = order[j];
        order[j] = tmp;
        batch[k] = order[k];
    }
}

// Where parameter e of the (L, N² + N) layout sits with rows of stride ldw (N: the layout itself).
__device__ inline size_t padded(size_t e, int n, int ldw) {
    const size_t per_layer = (size_t)n * n + n, l = e / per_layer, r = e - l * per_layer, nn = (size_t)n * n;
    const size_t lw = (size_t)n * ldw + n;
    return l * lw + (r < nn ? (r / n) * ldw + r % n : (size_t)n * ldw + (r - nn));
}

// ℓ of one sample at output z and scale·∂ℓ/∂z into dz (Loss.value).
static __device__ __noinline__ double train_loss(int loss, const double* z, const double* y, int label, int n, int classes,
                                    double scale, double* dz) {
    if (loss == LOSS_MSE) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            const double d = z[i] - y[i];
            sum += 0.5 * d * d;
            dz[i] = scale * d;
        }
        return sum;
    }
    double mx = z[0];
    for (int j = 1; j < classes; j++) mx = fmax(mx, z[j]);
    double sum = 0;
    for (int j = 0; j < classes; j++) sum += exp(z[j] - mx);
    const double lse = mx + log(sum);
    for (int j = 0; j < classes; j++) dz[j] = scale * (exp(z[j] - mx) / sum - (j == label ? 1 : 0));
    for (int j = classes; j < n; j++) dz[j] = 0;
    return lse - z[label];
}

__device__ void train(double* __restrict__ weights, double* __restrict__ first_moment, double* __restrict__ second_moment,
                      double* __restrict__ grad, double* __restrict__ acts, double* __restrict__ delta,
                      double* __restrict__ losses, int* __restrict__ order, const int* __restrict__ step0,
                      int* __restrict__ done, int* __restrict__ diverged, const double* __restrict__ x,
                      const double* __restrict__ y, const int* __restrict__ labels, const double* __restrict__ bias_corr,
                      uint64_t seed, uint64_t first_network, int n, int depth, int activation, int last_linear,
                      int p, int classes, int batch_size, int loss, int optimizer, double beta, double beta2,
                      double epsilon, double lr, double decay, int t_base, int steps, int weights_in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int tid = threadIdx.x, nthreads = blockDim.x;
    const int b = blockIdx.x;
    const uint64_t network = first_network + b;
    const int nn = n * n, per_layer = nn + n;
    const size_t params = (size_t)depth * per_layer;

    double* const global_w = weights + (size_t)b * params;
    double* const m1 = first_moment == nullptr ? nullptr : first_moment + (size_t)b * params;
    double* const m2 = second_moment == nullptr ? nullptr : second_moment + (size_t)b * params;
    double* const g = grad + (size_t)b * params;
    double* const h = acts + (size_t)b * 2 * depth * p * n;   // h[l][s][i] at (l·P + s)·N + i
    double* const a = h + (size_t)depth * p * n;
    double* const d0 = delta + (size_t)b * 2 * p * n;
    double* const d1 = d0 + (size_t)p * n;
    double* const loss_s = losses + (size_t)b * p;
    int* const shuffle = order + (size_t)b * 2 * p;
    int* const batch = shuffle + p;

    // The weights used by the passes: shared (rows padded to N + 1 doubles: the forward pass's
    // threads read rows i, i+1, .. of one column, which would sit in one bank at stride N) or global.
    const int ldw = weights_in_shared ? n + 1 : n, lw = n * ldw + n;   // row stride, layer stride
    double* const W = weights_in_shared ? smem : global_w;
    if (weights_in_shared) {
        for (size_t e = tid; e < params; e += nthreads) W[padded(e, n, ldw)] = global_w[e];
    }
    __syncthreads();

    const int count = (batch_size == 0 || batch_size >= p) ? p : batch_size;   // NetworkTrainer.batch's B
    for (int step = 0; step < steps; step++) {
        if (diverged[b]) break;  // uniform: written by thread 0 before a barrier
        const int index = step0[b] + done[b];                  // 0-based step index; the update's t = index + 1
        if (tid == 0) train_batch(shuffle, batch, p, batch_size, seed, network, (uint32_t)index);
        __syncthreads();

        // forward: thread per (sample slot k, unit i)
        for (int l = 0; l < depth; l++) {
            const double* wl = W + (size_t)l * lw;
            const bool nonlinear = !(activation == ACT_LINEAR || (last_linear && l == depth - 1));
            for (int e = tid; e < count * n; e += nthreads) {
                const int k = e / n, i = e - k * n;
                const double* src = l == 0 ? x + (size_t)batch[k] * n : a + ((size_t)(l - 1) * p + k) * n;
                const double* wi = wl + (size_t)i * ldw;
                double sum = 0;
                for (int j = 0; j < n; j++) sum += wi[j] * src[j];
                sum += wl[(size_t)n * ldw + i];
                h[((size_t)l * p + k) * n + i] = sum;
                a[((size_t)l * p + k) * n + i] = nonlinear ? map_phi(activation, sum) : sum;
            }
            __syncthreads();
        }

        // loss: thread per sample slot, then the sum in batch order by one thread
        const double scale = 1.0 / count;
        for (int k = tid; k < count; k += nthreads) {
            const int s = batch[k];
            loss_s[k] = train_loss(loss, a + ((size_t)(depth - 1) * p + k) * n, y == nullptr ? nullptr : y + (size_t)s * n,
                                   labels == nullptr ? 0 : labels[s], n, classes, scale, d0 + (size_t)k * n);
        }
        __syncthreads();
        if (tid == 0) {
            double total = 0;
            for (int k = 0; k < count; k++) total += loss_s[k];
            if (!isfinite(total / count)) diverged[b] = 1;
        }
        __syncthreads();
        if (diverged[b]) break;

        // backward
        double* d = d0;
        double* up = d1;
        for (int l = depth - 1; l >= 0; l--) {
            const double* wl = W + (size_t)l * lw;
            const bool nonlinear = !(activation == ACT_LINEAR || (last_linear && l == depth - 1));
            if (nonlinear) {
                for (int e = tid; e < count * n; e += nthreads) {
                    const int k = e / n, i = e - k * n;
                    const size_t at = ((size_t)l * p + k) * n + i;
                    d[(size_t)k * n + i] *= map_dphi(activation, h[at], a[at]);
                }
                __syncthreads();
            }
            double* gl = g + (size_t)l * per_layer;
            for (int e = tid; e < per_layer; e += nthreads) {   // ∂W_l[i,j] then ∂b_l[i], samples in order
                double sum = 0;
                if (e < nn) {
                    const int i = e / n, j = e - i * n;
                    for (int k = 0; k < count; k++) {
                        const double* src = l == 0 ? x + (size_t)batch[k] * n : a + ((size_t)(l - 1) * p + k) * n;
                        sum += d[(size_t)k * n + i] * src[j];
                    }
                } else {
                    const int i = e - nn;
                    for (int k = 0; k < count; k++) sum += d[(size_t)k * n + i];
                }
                gl[e] = sum;
            }
            if (l > 0) {
                for (int e = tid; e < count * n; e += nthreads) {   // g_{l−1}[k,j] = Σ_i W[i,j] δ[k,i]
                    const int k = e / n, j = e - k * n;
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += wl[(size_t)i * ldw + j] * d[(size_t)k * n + i];
                    up[(size_t)k * n + j] = sum;
                }
            }
            __syncthreads();
            double* t = d; d = up; up = t;
        }

        // update (Optimizer.apply): θ ← θ − η·(u + λ·θ), λ on W only
        const int t_index = 2 * (index - t_base);
        const double c1 = optimizer == OPT_ADAM ? bias_corr[t_index] : 0, c2 = optimizer == OPT_ADAM ? bias_corr[t_index + 1] : 0;
        for (size_t e = tid; e < params; e += nthreads) {
            const double lambda = (int)(e % per_layer) < nn ? decay : 0;
            const double ge = g[e];
            double u;
            if (optimizer == OPT_SGD) {
                u = ge;
            } else if (optimizer == OPT_MOMENTUM) {
                const double v = beta * m1[e] + ge;
                m1[e] = v;
                u = v;
            } else {
                const double m = beta * m1[e] + (1 - beta) * ge;
                const double v = beta2 * m2[e] + (1 - beta2) * ge * ge;
                m1[e] = m;
                m2[e] = v;
                u = (m / c1) / (sqrt(v / c2) + epsilon);
            }
            double& theta = W[padded(e, n, ldw)];
            theta -= lr * (u + lambda * theta);
        }
        __syncthreads();
        if (tid == 0) done[b] += 1;
        __syncthreads();
    }

    if (weights_in_shared) {
        __syncthreads();
        for (size_t e = tid; e < params; e += nthreads) global_w[e] = W[padded(e, n, ldw)];
    }
}

}  // namespace netdyn

// Launch: grid (networks), block (TrainPlan.threads ≤ 256), dynamic shared per TrainPlan.
// (·, 2): at most 128 registers, two blocks per SM; with (256) alone ptxas capped sm_90 at 80 and spilled.
extern "C" __global__ void __launch_bounds__(netdyn::TRAIN_MAX_THREADS, 2)
netdyn_train_f64(double* weights, double* first_moment, double* second_moment, double* grad, double* acts,
                 double* delta, double* losses, int* order, int* step0, int* done, int* diverged,
                 double* x, double* y, int* labels, double* bias_corr,
                 uint64_t seed, uint64_t first_network, int n, int depth, int activation, int last_linear,
                 int samples, int classes, int batch_size, int loss, int optimizer,
                 double beta, double beta2, double epsilon, double lr, double decay,
                 int t_base, int steps, int weights_in_shared) {
    netdyn::train(weights, first_moment, second_moment, grad, acts, delta, losses, order, step0, done, diverged, x, y,
                  labels, bias_corr, seed, first_network, n, depth, activation, last_linear, samples, classes,
                  batch_size, loss, optimizer, beta, beta2, epsilon, lr, decay, t_base, steps, weights_in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_train_f64)
