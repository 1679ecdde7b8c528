// modes.cu — neuron modes of every layer and sample-/weight-space basin radii
// (docs/measures/modes.md; docs/gpu.md, "The modes kernel").
//
// CPU reference: backend/cpu/ModesWorker.java (through CpuBackend.modes) and model/NeuronModes;
// the definitions are backend/ModesRequest's, the output layout backend/ModesResult's. Checked
// through the emulator by ModesEmulatorTest (mode counts identical, radii within 1e-12 relative).
//
// Versions
//   v1 (this file) one block per network, everything in one launch:
//      (1) modes: the S probe inputs (ProbeInputs) go through all L layers block-wide
//          (one thread per (sample, neuron) for H = X Wᵀ + b, one thread per neuron for its mode);
//          W_l regenerated from Philox (layers ≤ D_b kept, deeper ones drawn into one buffer);
//      (2) basins: the unperturbed classes of the Sb basin samples (one thread per sample), then
//          sample space with ONE THREAD PER (basin sample, direction): the thread draws its own
//          direction u, runs the grid scan and the bisections as sequential forward passes and
//          writes its radius per depth; a block-wide min over directions follows. Weight space
//          loops over the directions block-wide (Z_1..Z_Db of a direction drawn and scaled by the
//          block) with one thread per basin sample carrying its best radii across directions,
//          exactly as the CPU does.
//      Why this split: a radius is min over directions of each direction's own bisected radius
//      (the CPU's "stop scanning past the best so far" only skips steps that cannot lower the
//      minimum: a change found in step j brackets (t_{j-1}, t_j] with t_{j-1} ≥ best), so sample
//      space directions are independent and run in parallel with only 3N doubles of state each.
//      In weight space one Z (D_b·N² doubles) is shared by all samples of a direction; holding
//      every direction's Z would cost dirs·D_b·N² per network, so directions go one at a time.
//      The forward passes stay sequential per thread (no barriers inside the scan/bisection,
//      whose trip counts differ per thread). Instantiated for double only (the radii must agree
//      with the CPU exactly: every bisection has to take the CPU's side).
//
// Math (network b, width N, depth L, S samples, Sb basin samples, nd basin depths, D_b deepest):
//   x_0[s]       ProbeInputs.fill (as propagate.cu)
//   H = X Wᵀ + b, X ← φ(H) per layer; neuron i's mode from H[:, i] (NeuronModes.classify):
//     REGION  flat(s) = φ'(h_s) ≤ slope;  none flat → 0, all flat on one side → 2 (dead), else 1
//     SECANT  sort h (Java's order: NaN last); consecutive distinct pairs merged when
//             φ(h') − φ(h) ≤ slope·(h' − h); none → 0, all pairs → 2, else 1
//   class_d(x, ε) = argmax_i y_d,i (lowest i on ties; −1 once an output is not finite),
//             y_d = h_d (last-linear) or φ(h_d); h_l = W_l a + b_l (+ ε·Z_l a when ε ≠ 0)
//   sample space: x_s + t·u, u = ‖x_s‖·g/‖g‖, g_j Gaussian from PERTURB (b, 0, 0x1000+dir, s·N+j)
//   weight space: W_l + t·Z_l, Z_l = (‖W_l‖_F/‖G_l‖_F)·G_l, G_l from PERTURB (b, l, 0x2000+dir, i·N+j)
//   per direction and depth: first t_j = (max/16)·j (j = 1..16) whose class differs, then
//   bisection of (t_{j−1}, t_j] while hi − lo > tol·max (≤ 64 halvings); radius = min over
//   directions of hi; +∞ when none changed; NaN when d > D_b or the unperturbed class is −1.
//   Every sum in the CPU's order (Dense.dot's four chains, sequential norms), φ as the CPU's
//   (netdyn_tanh): with fp-contract off (the emulator) each pass is the CPU's pass bit for bit,
//   except where libm's erf differs from the CPU's series by an ulp — a class then flips only
//   when an argmax margin at a probed t is below ~1e-15, never seen in the tests (the Box–Muller
//   draws are drawmath.cuh's, the same bits). On a GPU nvcc contracts multiply-adds to FMA: a probe
//   that close to a class boundary may take the other bisection side there, moving that radius by
//   at most one bisection bracket (tol·max); mode tests move only at exact threshold ties.
//
// Shapes: mode_counts (B, L, 3) int; sample_radius, weight_radius (B, nd, Sb); depths (nd) int;
//   scratch (B, WS) doubles when the workspace is not in shared memory. Workspace (ModesPlan):
//   doubles  W (D_b·N²), b (D_b·N), Z (D_b·N²), [W_deep (N²), b_deep (N) when L > D_b],
//            X0, X, H (S·N each), rad (Sb·dirs·nd), wbest (Sb·nd), zscale (D_b),
//            thread state (3N·T: a, h, u, interleaved: element k of thread t at k·T + t)
//   ints     base (Sb·D_b), neuron mode (N), flags (nd·T, interleaved)
//   layers: explicit networks (layer_count ≥ L layers each, map_common.cuh explicit_network), the
//   kept and deep layers copied from there instead of drawn; null for sampled networks.
//
// Napkin math per network: (L + dirs·D_b)·N² Philox draws; modes 2·L·S·N² flops; per basin sample
// and direction ≤ 16 scan passes to D_b plus ≈ log2(1/(16·tol)) ≈ 6 bisection passes per depth,
// each pass Σ_l 2N² flops (4N² in weight space). Compute/latency-bound (sequential N-long dot
// products per thread, weights read from shared or L1/L2). Roofline: docs/gpu.md.
#include "activations.cuh"
#include "common.cuh"
#include "distributions.cuh"
#include "map_common.cuh"
#include "philox.cuh"
#include "probe_inputs.cuh"

namespace netdyn {

// Most threads per block this kernel is built for (ModesPlan.MAX_THREADS in Java).
constexpr int MODES_MAX_THREADS = 128;
// ModesRequest.GRID, TENSOR_INPUT_DIRECTION, TENSOR_WEIGHT_NOISE.
constexpr int MODES_GRID = 16;
constexpr uint32_t MODES_TENSOR_INPUT_DIRECTION = 0x1000, MODES_TENSOR_WEIGHT_NOISE = 0x2000;
// NeuronModes.Definition ordinals.
constexpr int MODES_REGION = 0;  // SECANT = 1: every other value
// flags of one (thread, basin depth)
constexpr int MODES_OPEN = 1, MODES_CHANGED = 2;

// The block's workspace, carved from one array (see the header).
struct ModesWork {
    double *W, *bias, *Z, *Wd, *bd, *X0, *X, *H, *rad, *wbest, *zscale, *state;
    int *base, *mode, *flags;
};

__device__ inline ModesWork modes_carve(double* p, int n, int depth, int s, int sb, int dirs, int nd, int held, int nt) {
    const size_t nn = (size_t)n * n;
    const int deep = depth > held ? 1 : 0;
    ModesWork w;
    w.W = p;
    w.bias = w.W + held * nn;
    w.Z = w.bias + (size_t)held * n;
    w.Wd = w.Z + held * nn;
    w.bd = w.Wd + deep * nn;
    w.X0 = w.bd + deep * n;
    w.X = w.X0 + (size_t)s * n;
    w.H = w.X + (size_t)s * n;
    w.rad = w.H + (size_t)s * n;
    w.wbest = w.rad + (size_t)sb * dirs * nd;
    w.zscale = w.wbest + (size_t)sb * nd;
    w.state = w.zscale + held;
    int* ints = reinterpret_cast<int*>(w.state + 3 * (size_t)n * nt);
    w.base = ints;
    w.mode = w.base + (size_t)sb * held;
    w.flags = w.mode + n;
    return w;
}

// Dense.dot with the second vector strided: four chains, summed (s0 + s1) + (s2 + s3).
__device__ inline double modes_dot(const double* __restrict__ w, const double* __restrict__ a, int st, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
        s0 += w[k] * a[k * st];
        s1 += w[k + 1] * a[(k + 1) * st];
        s2 += w[k + 2] * a[(k + 2) * st];
        s3 += w[k + 3] * a[(k + 3) * st];
    }
    for (; k < n; k++) s0 += w[k] * a[k * st];
    return (s0 + s1) + (s2 + s3);
}

// ‖v‖ over len entries (stride st), sequential as ModesWorker.norm.
__device__ inline double modes_norm(const double* v, int st, int len) {
    double q = 0;
    for (int i = 0; i < len; i++) q += v[(size_t)i * st] * v[(size_t)i * st];
    return sqrt(q);
}

// Java's Double.compare order for the values a sort can meet: NaN after everything.
__device__ inline bool modes_before(double a, double b) {
    return a < b || (isnan(b) && !isnan(a));
}

// NeuronModes.classify of the neuron whose pre-activations are h[s·st], s < count. SECANT sorts
// them in place (the caller no longer needs them).
__device__ int modes_classify(int act, int definition, double slope, double* h, int st, int count) {
    if (definition == MODES_REGION) {
        int flat = 0, flat_positive = 0;
        for (int s = 0; s < count; s++) {
            const double x = h[(size_t)s * st];
            if (map_dphi(act, x, map_phi(act, x)) <= slope) {
                flat++;
                if (x > 0) flat_positive++;
            }
        }
        if (flat == 0) return 0;
        if (flat == count && (flat_positive == 0 || flat_positive == count)) return 2;
        return 1;
    }
    for (int s = 1; s < count; s++) {  // insertion sort (S is small); equal keys' order does not matter
        const double x = h[(size_t)s * st];
        int j = s - 1;
        while (j >= 0 && modes_before(x, h[(size_t)j * st])) { h[(size_t)(j + 1) * st] = h[(size_t)j * st]; j--; }
        h[(size_t)(j + 1) * st] = x;
    }
    int pairs = 0, merged = 0;
    double prev_h = h[0], prev_phi = map_phi(act, prev_h);
    for (int s = 1; s < count; s++) {
        const double x = h[(size_t)s * st];
        if (x == prev_h) continue;
        const double fx = map_phi(act, x);
        pairs++;
        if (fx - prev_phi <= slope * (x - prev_h)) merged++;
        prev_h = x;
        prev_phi = fx;
    }
    if (merged == 0) return 0;
    return merged == pairs ? 2 : 1;
}

// The layer-wide parameters of one launch.
struct ModesNet {
    const double *W, *bias, *Z;  // the kept layers and the current direction's noise (ModesWork)
    const int* depths;
    int n, held, act, last_linear, nd;
    double basin_max, basin_tol;
};

// ModesWorker.classes on the thread's state: a (N, stride st) holds the input and is overwritten;
// h (N, stride st) scratch. Layers 1..up_to with weights W_l + eps·Z_l. Per layer the class
// (argmax, −1 once not finite) goes to record[l−1] when record is given; when flags is given, an
// open basin depth whose class differs from base[d−1] is marked changed. Returns the class of
// layer up_to. Not inlined: one copy of the pass for the scan, the bisection and the base classes.
__device__ __noinline__ int modes_forward(const ModesNet& m, double eps, int up_to, double* a,
                                          double* h, int st, int* record, const int* base, int* flags, int fst) {
    const int n = m.n;
    const size_t nn = (size_t)n * n;
    int arg = -1, di = 0;
    for (int l = 1; l <= up_to; l++) {
        const double* wl = m.W + (l - 1) * nn;
        const double* bl = m.bias + (size_t)(l - 1) * n;
        const double* zl = m.Z + (l - 1) * nn;
        for (int r = 0; r < n; r++) {
            double v = modes_dot(wl + (size_t)r * n, a, st, n) + bl[r];
            if (eps != 0) v += eps * modes_dot(zl + (size_t)r * n, a, st, n);
            h[(size_t)r * st] = v;
        }
        arg = -1;
        double top = -INFINITY;
        for (int r = 0; r < n; r++) {
            const double hr = h[(size_t)r * st];
            const double act = map_phi(m.act, hr);
            const double y = m.last_linear ? hr : act;
            a[(size_t)r * st] = act;
            if (!isfinite(y)) { arg = -1; top = NAN; }
            else if (y > top) { top = y; arg = r; }
        }
        if (record != nullptr) record[l - 1] = arg;
        if (flags != nullptr) {
            while (di < m.nd && m.depths[di] < l) di++;
            if (di < m.nd && m.depths[di] == l && (flags[(size_t)di * fst] & MODES_OPEN) && arg != base[l - 1]) {
                flags[(size_t)di * fst] |= MODES_CHANGED;
            }
        }
    }
    return arg;
}

// The thread's input of one evaluation at size t: x_s + t·u (sample space) or x_s (weight space).
__device__ inline void modes_load(const ModesNet& m, const double* x, const double* u, double t, bool weight_space,
                                  double* a, int st) {
    for (int j = 0; j < m.n; j++) a[(size_t)j * st] = weight_space ? x[j] : x[j] + t * u[(size_t)j * st];
}

// ModesWorker.search + bisect for basin sample x (base: its unperturbed classes, D_b of them),
// one direction (u in sample space, the block's Z in weight space); lowers best[di] (stride bst).
__device__ __noinline__ void modes_search(const ModesNet& m, const double* x, const int* base, bool weight_space,
                             const double* u, double* a, double* h, int st, int* flags, int fst, double* best, int bst) {
    const double max = m.basin_max, step = max / MODES_GRID, tol = m.basin_tol * m.basin_max;
    int remaining = 0;
    for (int di = 0; di < m.nd; di++) {
        const int d = m.depths[di];
        const bool open = d <= m.held && base[d - 1] >= 0;
        flags[(size_t)di * fst] = open ? MODES_OPEN : 0;
        if (open) remaining++;
    }
    for (int j = 1; j <= MODES_GRID && remaining > 0; j++) {
        const double t = step * j;
        int up_to = 0;
        for (int di = 0; di < m.nd; di++) {
            int f = flags[(size_t)di * fst];
            if ((f & MODES_OPEN) && step * (j - 1) >= best[(size_t)di * bst]) {
                f = 0;
                flags[(size_t)di * fst] = 0;
                remaining--;
            }
            if (f & MODES_OPEN) up_to = m.depths[di];
        }
        if (remaining == 0) break;
        modes_load(m, x, u, t, weight_space, a, st);
        modes_forward(m, weight_space ? t : 0.0, up_to, a, h, st, nullptr, base, flags, fst);
        for (int di = 0; di < m.nd; di++) {
            if (!(flags[(size_t)di * fst] & MODES_CHANGED)) continue;
            flags[(size_t)di * fst] = 0;
            remaining--;
            const int d = m.depths[di];
            double lo = step * (j - 1), hi = t;
            for (int it = 0; it < 64 && hi - lo > tol; it++) {
                const double mid = 0.5 * (lo + hi);
                modes_load(m, x, u, mid, weight_space, a, st);
                const int c = modes_forward(m, weight_space ? mid : 0.0, d, a, h, st, nullptr, nullptr, nullptr, 0);
                if (c != base[d - 1]) hi = mid; else lo = mid;
            }
            double& b = best[(size_t)di * bst];
            b = hi < b ? hi : b;  // Math.min (no NaN here)
        }
    }
}

// Direction u (N, stride st) of basin sample s, scaled to ‖x_s‖ (ModesWorker.sampleRadii). Not
// inlined (written when the draws called CUDA's cos, whose trig slow path made ptxas save the
// caller's registers and spill; kept: drawmath.cuh's draw is still a long chain).
__device__ __noinline__ void modes_draw_direction(double* u, int st, const double* x, uint64_t seed, uint64_t network,
                                                  int s, int dir, int n) {
    for (int j = 0; j < n; j++) {
        const Philox4 b = stream_block(seed, STREAM_PERTURB, network, 0, MODES_TENSOR_INPUT_DIRECTION + dir,
                                       (uint32_t)(s * n + j));
        u[(size_t)j * st] = draw_gaussian(b.w[0], b.w[1]);
    }
    const double f = modes_norm(x, 1, n) / modes_norm(u, st, n);
    for (int j = 0; j < n; j++) u[(size_t)j * st] *= f;
}

// Z_1..Z_held of direction dir, unscaled, strided over the block's threads.
__device__ __noinline__ void modes_draw_noise(double* Z, uint64_t seed, uint64_t network, int dir, int n, int held) {
    const int nn = n * n;
    for (int e = threadIdx.x; e < held * nn; e += blockDim.x) {
        const int l = e / nn;
        const Philox4 b = stream_block(seed, STREAM_PERTURB, network, l + 1, MODES_TENSOR_WEIGHT_NOISE + dir,
                                       (uint32_t)(e - l * nn));
        Z[e] = draw_gaussian(b.w[0], b.w[1]);
    }
}

// ProbeInputs.fill into X0 (S, N) (probe_inputs.cuh, as propagate.cu): g in H[0..N), the S
// rescaling factors in X meanwhile. Not inlined, as the other draws of this file.
__device__ __noinline__ void modes_inputs(double* X0, double* H, double* X, uint64_t seed, uint64_t network, int n, int s,
                                          double q0, double c0) {
    fill_probe_inputs<double>(X0, H, X, seed, network, n, s, q0, c0);
}

__device__ void modes_network(int* __restrict__ mode_counts, double* __restrict__ sample_radius,
                              double* __restrict__ weight_radius, const int* __restrict__ depths,
                              double* __restrict__ scratch, uint64_t seed, uint64_t first_network, int n, int depth,
                              int s, int activation, int last_linear, int w_kind, double w_param, double w_mult,
                              int b_kind, double b_param, double b_mult, const double* __restrict__ layers,
                              int layer_count, double q0, double c0, int definition,
                              double slope, int sb, int dirs, int nd, int held, double basin_max, double basin_tol,
                              int64_t ws, int in_shared) {
    NETDYN_DYNAMIC_SHARED(double, smem);
    const int tid = threadIdx.x, nt = blockDim.x;
    const uint64_t network = first_network + blockIdx.x;
    const double* given = explicit_network(layers, layer_count, blockIdx.x, n);
    const ModesWork w = modes_carve(in_shared ? smem : scratch + (size_t)blockIdx.x * ws, n, depth, s, sb, dirs, nd,
                                    held, nt);
    const size_t nn = (size_t)n * n;
    const int sn = s * n;

    // 1. Inputs and the kept layers 1..D_b.
    modes_inputs(w.X0, w.H, w.X, seed, network, n, s, q0, c0);
    // X is free until it takes the inputs below: the Haar step's N doubles of scratch (orthogonal weights).
    if (held > 0) sample_layers(w.W, w.bias, given, seed, network, n, held, w_kind, w_param, w_mult, b_kind, b_param, b_mult, w.X);
    for (int e = tid; e < sn; e += nt) w.X[e] = w.X0[e];
    __syncthreads();

    // 2. Neuron modes, layer by layer on all S samples.
    for (int l = 1; l <= depth; l++) {
        const double *wl = w.W + (l - 1) * nn, *bl = w.bias + (size_t)(l - 1) * n;
        if (l > held) {
            // H is free until this layer's products: the Haar scratch.
            sample_layer(w.Wd, w.bd, given, seed, network, l, n, w_kind, w_param, w_mult, b_kind, b_param, b_mult, w.H);
            wl = w.Wd;
            bl = w.bd;
            __syncthreads();
        }
        for (int e = tid; e < sn; e += nt) {  // H = X Wᵀ + b (Dense.affineRows)
            const int r = e / n, i = e - r * n;
            w.H[e] = modes_dot(wl + (size_t)i * n, w.X + (size_t)r * n, 1, n) + bl[i];
        }
        __syncthreads();
        for (int e = tid; e < sn; e += nt) w.X[e] = map_phi(activation, w.H[e]);
        __syncthreads();
        for (int i = tid; i < n; i += nt) w.mode[i] = modes_classify(activation, definition, slope, w.H + i, n, s);
        __syncthreads();
        for (int k = tid; k < 3; k += nt) {
            int c = 0;
            for (int i = 0; i < n; i++) c += w.mode[i] == k;
            mode_counts[((size_t)blockIdx.x * depth + l - 1) * 3 + k] = c;
        }
        __syncthreads();
    }
    if (held == 0 || sb == 0) return;

    const ModesNet m{w.W, w.bias, w.Z, depths, n, held, activation, last_linear, nd, basin_max, basin_tol};
    double* a = w.state + tid;
    double* h = a + (size_t)n * nt;
    double* u = h + (size_t)n * nt;
    int* flags = w.flags + tid;

    // 3. Unperturbed classes of the basin samples at depths 1..D_b.
    for (int i = tid; i < sb; i += nt) {
        modes_load(m, w.X0 + (size_t)i * n, nullptr, 0, true, a, nt);
        modes_forward(m, 0.0, held, a, h, nt, w.base + (size_t)i * held, nullptr, nullptr, 0);
    }
    __syncthreads();

    // 4. Sample space: one thread per (basin sample, direction), then the min over directions.
    for (int item = tid; item < sb * dirs; item += nt) {
        const int i = item / dirs, dir = item - i * dirs;
        const double* x = w.X0 + (size_t)i * n;
        double* best = w.rad + (size_t)item * nd;
        for (int di = 0; di < nd; di++) best[di] = INFINITY;
        modes_draw_direction(u, nt, x, seed, network, i, dir, n);
        modes_search(m, x, w.base + (size_t)i * held, false, u, a, h, nt, flags, nt, best, 1);
    }
    __syncthreads();
    for (int e = tid; e < nd * sb; e += nt) {
        const int di = e / sb, i = e - di * sb, d = depths[di];
        double r = INFINITY;
        for (int dir = 0; dir < dirs; dir++) {
            const double v = w.rad[((size_t)i * dirs + dir) * nd + di];
            r = v < r ? v : r;
        }
        const bool defined = d <= held && w.base[(size_t)i * held + d - 1] >= 0;
        sample_radius[((size_t)blockIdx.x * nd + di) * sb + i] = defined ? r : NAN;
    }

    // 5. Weight space: directions one at a time; Z_l scaled to ‖W_l‖_F; one thread per basin sample.
    for (int e = tid; e < sb * nd; e += nt) w.wbest[e] = INFINITY;
    for (int dir = 0; dir < dirs; dir++) {
        modes_draw_noise(w.Z, seed, network, dir, n, held);
        __syncthreads();
        for (int l = tid; l < held; l += nt) {
            w.zscale[l] = modes_norm(w.W + l * nn, 1, (int)nn) / modes_norm(w.Z + l * nn, 1, (int)nn);
        }
        __syncthreads();
        for (size_t e = tid; e < held * nn; e += nt) w.Z[e] *= w.zscale[e / nn];
        __syncthreads();
        for (int i = tid; i < sb; i += nt) {
            modes_search(m, w.X0 + (size_t)i * n, w.base + (size_t)i * held, true, nullptr, a, h, nt, flags, nt,
                         w.wbest + (size_t)i * nd, 1);
        }
        __syncthreads();  // the next direction overwrites Z
    }
    for (int e = tid; e < nd * sb; e += nt) {
        const int di = e / sb, i = e - di * sb, d = depths[di];
        const bool defined = d <= held && w.base[(size_t)i * held + d - 1] >= 0;
        weight_radius[((size_t)blockIdx.x * nd + di) * sb + i] = defined ? w.wbest[(size_t)i * nd + di] : NAN;
    }
}

}  // namespace netdyn

// Launch: grid (networks in this chunk), block ≤ MODES_MAX_THREADS threads, dynamic shared per ModesPlan.
// No __launch_bounds__ on purpose (as newton_map): capped at 128 registers ptxas spilled 168 bytes;
// uncapped it takes 168 (sm_90) with none (docs/kernels.md).
extern "C" __global__ void
netdyn_modes_f64(int* mode_counts, double* sample_radius, double* weight_radius, int* depths, double* scratch,
                 uint64_t seed, uint64_t first_network, int n, int depth, int samples, int activation,
                 int last_linear, int w_kind, double w_param, double w_mult, int b_kind, double b_param,
                 double b_mult, double* layers, int layer_count, double q0, double c0, int definition,
                 double slope, int basin_samples,
                 int directions, int basin_depths, int held, double basin_max, double basin_tol,
                 int64_t workspace_doubles, int in_shared) {
    netdyn::modes_network(mode_counts, sample_radius, weight_radius, depths, scratch, seed, first_network, n, depth,
                          samples, activation, last_linear, w_kind, w_param, w_mult, b_kind, b_param, b_mult,
                          layers, layer_count, q0,
                          c0, definition, slope, basin_samples, directions, basin_depths, held, basin_max,
                          basin_tol, workspace_doubles, in_shared);
}
NETDYN_KERNEL_ENTRY(netdyn_modes_f64)
