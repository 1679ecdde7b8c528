package io.netdyn.train;

/**
 * Aggregates over networks that did not diverge (never NaN because of a diverged one):
 * {@code trained} of {@code networks} finished, the means of their final train/test loss and
 * test accuracy (NaN only when no network finished, or accuracy of a regression task).
 */
public record TrainSummary(int networks, int diverged, double trainLoss, double testLoss, double testAccuracy) {
    public int trained() { return networks - diverged; }

    public static TrainSummary of(TrainResult[] results) {
        int diverged = 0;
        double tr = 0, te = 0, acc = 0;
        for (TrainResult r : results) {
            if (r.diverged()) { diverged++; continue; }
            tr += r.train().loss();
            te += r.test().loss();
            acc += r.test().accuracy();
        }
        int k = results.length - diverged;
        return new TrainSummary(results.length, diverged, k > 0 ? tr / k : Double.NaN, k > 0 ? te / k : Double.NaN,
                k > 0 ? acc / k : Double.NaN);
    }
}
