package io.netdyn.backend;

/**
 * Per network b, layer l (1-based) and probe pair (i, j), at index
 * {@code ((b·L + l-1)·S + i)·S + j}:
 * <pre>
 *   hGram   = Σ_k h_l[i,k] h_l[j,k]            pre-activations
 *   yGram   = Σ_k y_l[i,k] y_l[j,k]            outputs of the depth-l network
 *   bitGram = Σ_k 1[y_l[i,k] > 0] 1[y_l[j,k] > 0]
 * </pre>
 * Everything a propagation statistic needs (q, c, cosines, distances, Hamming distances,
 * singular values of the S×N output matrix) is a function of these, so a backend returns
 * O(L·S²) numbers per network instead of O(L·S·N).
 */
public record PropagationGrams(int networks, int depth, int probes, int width,
                               double[] hGram, double[] yGram, double[] bitGram) {

    public int offset(int network, int layer) {
        return ((network * depth + layer - 1) * probes) * probes;
    }

    public static PropagationGrams allocate(int networks, int depth, int probes, int width) {
        int size = Math.multiplyExact(Math.multiplyExact(networks, depth), probes * probes);
        return new PropagationGrams(networks, depth, probes, width,
                new double[size], new double[size], new double[size]);
    }
}
