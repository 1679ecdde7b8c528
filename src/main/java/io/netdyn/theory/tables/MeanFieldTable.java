package io.netdyn.theory.tables;

import io.netdyn.model.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The {@code theory meanfield} table: every mean-field quantity over activations × σ_w × σ_b
 * (rows in that nesting order). Points are independent and evaluated in parallel; the table is
 * the same for any thread count.
 */
public final class MeanFieldTable {
    private MeanFieldTable() {}

    public static final String[] COLUMNS = {"activation", "sigma_w", "sigma_b", "q_star", "c_star", "chi1", "chi_c",
        "xi_q", "xi_c", "mu1", "mu2"};

    public static Table build(List<Activation> activations, List<Double> sigmaW, List<Double> sigmaB) {
        Table t = new Table(COLUMNS);
        for (MeanFieldPoint p : grid(activations, sigmaW, sigmaB, true)) {
            t.add(p.activation().label(), p.sigmaW(), p.sigmaB(), p.qStar(), p.cStar(), p.chi1(), p.chiC(),
                    p.xiQ(), p.xiC(), p.mu1(), p.mu2());
        }
        return t;
    }

    /** All points of activations × σ_w × σ_b in that nesting order, computed in parallel. */
    static List<MeanFieldPoint> grid(List<Activation> activations, List<Double> sigmaW, List<Double> sigmaB, boolean parallel) {
        List<double[]> keys = new ArrayList<>();
        for (int a = 0; a < activations.size(); a++)
            for (double w : sigmaW)
                for (double b : sigmaB) keys.add(new double[] {a, w, b});
        IntStream idx = IntStream.range(0, keys.size());
        if (parallel) idx = idx.parallel();
        return idx.mapToObj(i -> {
            double[] k = keys.get(i);
            return MeanFieldPoint.of(activations.get((int) k[0]), k[1], k[2]);
        }).toList();
    }
}
