// gemm.cu — hand-written tiled strided-batched DGEMM (the large-N propagate path, docs/gpu.md).
//
// Reference: a plain triple loop (GemmEmulatorTest); cuBLAS's cublasDgemmStridedBatched computes
// the same product (backend/cuda/CublasGemm maps this row-major call onto column-major cuBLAS).
//
// Math, ROW-MAJOR throughout (netdyn's arrays are row-major; element (r, c) of a matrix with
// leading dimension ld is at r·ld + c), for every batch entry b = 0..batch-1:
//   C_b = α · op(A_b) · op(B_b) + β · C_b,   C_b (M×N), op(A_b) (M×K), op(B_b) (K×N)
//   op(A) = A (stored M×K, lda ≥ K) or Aᵀ (trans_a: A stored K×M, lda ≥ M); op(B) likewise
//   (B stored K×N, ldb ≥ N; or trans_b: N×K, ldb ≥ K);
//   X_b starts at X + off_x + b·stride_x (element offsets: sub-matrices of one allocation).
// β = 0 does not read C (BLAS semantics: C may hold NaN). Each C entry is one sum sequential in
// k = 0..K-1 (acc += a·b), then α·acc + β·c: so C = X·Xᵀ is exactly symmetric, and with α = β = 1
// a C preloaded with a bias gives Σ_k a·b + bias in the CPU's order (Dense.affineRows).
//
// Tiling: a block computes one BM×BN = 64×64 tile of one C_b; BK = 16 columns of op(A) and rows
// of op(B) at a time go through shared memory (As[BK][BM+1], Bs[BK][BN+1]: k-major, +1 padding);
// GEMM_THREADS = 256 "virtual threads" in a 16×16 grid each own a 4×4 register block of C (rows
// ty + 16·i, cols tx + 16·j: a warp's shared reads are broadcasts or consecutive). Global loads
// are coalesced for either transpose (consecutive threads take consecutive stored columns).
// Edges: tiles are zero-padded on load, writes are masked, so any M, N, K ≥ 0 work.
// Block size: any blockDim.x; a block of T < 256 threads computes the 256 virtual threads in
// ceil(256/T) rounds (re-loading the tiles each round; the uniform round count keeps every
// __syncthreads reached by all threads). The launcher uses 256 on a GPU.
// Grid: batch · ceil(M/64) · ceil(N/64) blocks, one per (b, tile row, tile col), 1-D.
//
// Napkin: 2·M·N·K flops per entry; per 64×64×16 step a block loads 2·64·16·8 = 16 KiB of tiles
// and does 2·64·64·16 = 131 kflop: 8 flop/byte of shared traffic, each thread 2 shared loads per
// 4 FMA (per k). Global traffic ~ (M·K·⌈N/64⌉ + K·N·⌈M/64⌉)·8 bytes.
// Static shared memory: 2·16·65·8 = 16 640 bytes.
#include "common.cuh"

namespace netdyn {

constexpr int GEMM_BM = 64, GEMM_BN = 64, GEMM_BK = 16;
constexpr int GEMM_THREADS = 256;  // virtual threads per tile (16 × 16), = TiledGemm.THREADS in Java
constexpr int GEMM_TM = 4, GEMM_TN = 4;  // register block of a virtual thread

// op(A) tile (BM rows × BK) of rows m0.., columns k0.. into As[k][r], zero outside M×K.
static __device__ __forceinline__ void gemm_load_a(double* As, const double* A, int trans, int lda, int M, int K,
                                                   int m0, int k0) {
    for (int e = threadIdx.x; e < GEMM_BM * GEMM_BK; e += blockDim.x) {
        int r, k;
        if (trans) { r = e % GEMM_BM; k = e / GEMM_BM; }   // stored K×M: consecutive e, consecutive r
        else { k = e % GEMM_BK; r = e / GEMM_BK; }         // stored M×K: consecutive e, consecutive k
        const int gr = m0 + r, gk = k0 + k;
        double v = 0;
        if (gr < M && gk < K) v = trans ? A[(size_t)gk * lda + gr] : A[(size_t)gr * lda + gk];
        As[k * (GEMM_BM + 1) + r] = v;
    }
}

// op(B) tile (BK × BN) of rows k0.., columns n0.. into Bs[k][c], zero outside K×N.
static __device__ __forceinline__ void gemm_load_b(double* Bs, const double* B, int trans, int ldb, int N, int K,
                                                   int n0, int k0) {
    for (int e = threadIdx.x; e < GEMM_BK * GEMM_BN; e += blockDim.x) {
        int c, k;
        if (trans) { k = e % GEMM_BK; c = e / GEMM_BK; }   // stored N×K: consecutive e, consecutive k
        else { c = e % GEMM_BN; k = e / GEMM_BN; }         // stored K×N: consecutive e, consecutive c
        const int gc = n0 + c, gk = k0 + k;
        double v = 0;
        if (gc < N && gk < K) v = trans ? B[(size_t)gc * ldb + gk] : B[(size_t)gk * ldb + gc];
        Bs[k * (GEMM_BN + 1) + c] = v;
    }
}

}  // namespace netdyn

// Launch: grid batch·⌈M/64⌉·⌈N/64⌉ (1-D), block any size (256 on a GPU), no dynamic shared memory.
extern "C" __global__ void __launch_bounds__(netdyn::GEMM_THREADS)
netdyn_gemm_strided_batched_f64(int trans_a, int trans_b, int M, int N, int K, double alpha,
                                const double* A, int64_t off_a, int lda, int64_t stride_a,
                                const double* B, int64_t off_b, int ldb, int64_t stride_b, double beta,
                                double* C, int64_t off_c, int ldc, int64_t stride_c, int batch) {
    using namespace netdyn;
    __shared__ double As[GEMM_BK * (GEMM_BM + 1)];
    __shared__ double Bs[GEMM_BK * (GEMM_BN + 1)];
    const int tiles_m = (M + GEMM_BM - 1) / GEMM_BM, tiles_n = (N + GEMM_BN - 1) / GEMM_BN;
    const int64_t per = (int64_t)tiles_m * tiles_n;
    const int64_t b = blockIdx.x / per;
    if (b >= batch) return;  // uniform across the block
    const int t = (int)(blockIdx.x - b * per);
    const int m0 = (t / tiles_n) * GEMM_BM, n0 = (t % tiles_n) * GEMM_BN;
    const double* Ab = A + off_a + b * stride_a;
    const double* Bb = B + off_b + b * stride_b;
    double* Cb = C + off_c + b * stride_c;

    for (int base = 0; base < GEMM_THREADS; base += blockDim.x) {  // rounds: uniform across the block
        const int v = base + threadIdx.x;                           // this thread's virtual thread
        const bool active = v < GEMM_THREADS;
        const int ty = v / 16, tx = v % 16;
        double acc[GEMM_TM][GEMM_TN];
#pragma unroll
        for (int i = 0; i < GEMM_TM; i++) {
#pragma unroll
            for (int j = 0; j < GEMM_TN; j++) acc[i][j] = 0;
        }
        for (int k0 = 0; k0 < K; k0 += GEMM_BK) {
            gemm_load_a(As, Ab, trans_a, lda, M, K, m0, k0);
            gemm_load_b(Bs, Bb, trans_b, ldb, N, K, n0, k0);
            __syncthreads();
            if (active) {
                const int kend = min(GEMM_BK, K - k0);  // the zero padding past K is never added
                for (int k = 0; k < kend; k++) {
                    double a[GEMM_TM], bv[GEMM_TN];
#pragma unroll
                    for (int i = 0; i < GEMM_TM; i++) a[i] = As[k * (GEMM_BM + 1) + ty + 16 * i];
#pragma unroll
                    for (int j = 0; j < GEMM_TN; j++) bv[j] = Bs[k * (GEMM_BN + 1) + tx + 16 * j];
#pragma unroll
                    for (int i = 0; i < GEMM_TM; i++) {
#pragma unroll
                        for (int j = 0; j < GEMM_TN; j++) acc[i][j] += a[i] * bv[j];
                    }
                }
            }
            __syncthreads();  // the next step overwrites the tiles
        }
        if (active) {
#pragma unroll
            for (int i = 0; i < GEMM_TM; i++) {
                const int r = m0 + ty + 16 * i;
                if (r >= M) continue;
#pragma unroll
                for (int j = 0; j < GEMM_TN; j++) {
                    const int c = n0 + tx + 16 * j;
                    if (c >= N) continue;
                    double* cp = Cb + (size_t)r * ldc + c;
                    *cp = beta == 0 ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *cp;
                }
            }
        }
    }
}
NETDYN_KERNEL_ENTRY(netdyn_gemm_strided_batched_f64)
