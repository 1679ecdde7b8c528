package io.netdyn.backend;

import io.netdyn.model.InputVectors;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.WormholeInputs;
import java.util.Arrays;

/**
 * What {@link Backend#wormhole} computes (docs/measures/wormhole.md). Each network b of the batch (width k
 * = the batch's width, depth L = its depth; activation, distribution and bias are ignored) is a
 * maxnorm(n) construction ({@link MaxNormConstruction}, {@code variant}) trained on its own
 * input I_b; it is probed with P = {@code pairs} other inputs I_a^(p) ({@link WormholeInputs}).
 * With H_d = W_d ··· W_1 and u = H_d I/‖H_d I‖, per depth d = 1..L and pair p:
 * <pre>
 *   dTheta         d_θ(u_b, u_a) = θ/π,  θ = 2·atan2(‖u_b − u_a‖, ‖u_b + u_a‖)   (u_b = x_d/‖x_d‖, the
 *                  construction's own output; the atan2 form keeps full relative accuracy for
 *                  tiny angles, where arccos(cos) cannot resolve θ below ~1e-8)
 *   dThetaFlipped  d_θ(u_b, H_d(−I_a)) = 2·atan2(‖u_b + u_a‖, ‖u_b − u_a‖)/π   (= 1 − dTheta)
 *   d              ‖u_b − u_a‖²/4 = (1 − cos)/2
 *   hamming        (1/k) #{i : [u_b,i &gt; 0] ≠ [u_a,i &gt; 0]}
 *   error      ‖v̂ − v‖ with cipher = v − α u_b and v̂ = cipher + α u_a, v the unit message:
 *              computed through the protocol's arithmetic; equals α‖u_a − u_b‖ = α√(2(1 − cos))
 * </pre>
 * and per depth d in {@code svDepths} (ascending), σ2/σ1 of H_d (one-sided Jacobi; H is
 * renormalised every layer, its direction unchanged; resolution ~1e-16).
 *
 * @param rows  n, the rows drawn per layer (n ≥ k)
 * @param given the input vectors from a file ({@link InputVectors}: I_b and I_a^(p) from its rows,
 *              of length k), or null to draw them ({@code inputs})
 */
public record WormholeRequest(MaxNormConstruction.Variant variant, int rows, WormholeInputs inputs,
                              int pairs, double alpha, int[] svDepths, InputVectors given) {

    /** Drawn inputs. */
    public WormholeRequest(MaxNormConstruction.Variant variant, int rows, WormholeInputs inputs, int pairs, double alpha,
                           int[] svDepths) {
        this(variant, rows, inputs, pairs, alpha, svDepths, null);
    }

    public WormholeRequest {
        if (pairs < 1) throw new IllegalArgumentException("need at least one input pair, got " + pairs);
        if (given != null && given.count() < pairs + 1) {
            throw new IllegalArgumentException(given.count() + " input vectors for " + pairs + " pairs: need at least pairs + 1 = "
                    + (pairs + 1));
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("alpha must be finite and > 0, got " + alpha);
        svDepths = svDepths.clone();
        for (int i = 0; i < svDepths.length; i++) {
            if (svDepths[i] < 1 || (i > 0 && svDepths[i] <= svDepths[i - 1])) {
                throw new IllegalArgumentException("sv depths must be ascending and >= 1: " + Arrays.toString(svDepths));
            }
        }
    }

    @Override public int[] svDepths() { return svDepths.clone(); }

    /** Whether σ2/σ1 of H_d is wanted. */
    public boolean wantsSv(int depth) { return Arrays.binarySearch(svDepths, depth) >= 0; }

    public int maxSvDepth() { return svDepths.length == 0 ? 0 : svDepths[svDepths.length - 1]; }
}
