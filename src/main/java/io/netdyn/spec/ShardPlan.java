package io.netdyn.spec;

import io.netdyn.model.Activation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which shard computes each grid cell of a sweep split {@code --shard I/N}: a greedy
 * longest-processing-time assignment by an estimated cost per cell, so that the shards finish
 * at about the same time whatever axis is expensive (round-robin lines shards up with an inner
 * axis: with two shards and {@code --activation tanh,erf} one shard got every erf cell).
 *
 * <p>The estimate depends on the spec's number-deciding settings only — never on threads, batch,
 * backend or the shard itself — so every shard and {@code netdyn merge} compute the same plan:
 * networks × depth × width² (one layer applied to one input) × the sum over the measures of the
 * inputs each pushes through the network ({@link #measureWeight}). Cells are taken in decreasing
 * cost (ties: grid order) and each goes to the shard with the least load so far; among equally
 * loaded shards the scan starts at shard (position / N) mod N, so that equal-cost cells of
 * consecutive rounds do not all fall on the same shards. The result is a partition of the cells;
 * with LPT the largest shard's estimated load is at most 4/3 of the optimum.
 */
public final class ShardPlan {
    private final int count;
    private final int[] shardOf;      // 1-based shard of each cell, by grid index
    private final double[] cost;

    private ShardPlan(int count, int[] shardOf, double[] cost) {
        this.count = count;
        this.shardOf = shardOf;
        this.cost = cost;
    }

    /** The plan for {@code spec}'s grid split into {@code count} shards. */
    public static ShardPlan of(SweepSpec spec, int count) {
        List<Cell> cells = spec.cells();
        double[] cost = new double[cells.size()];
        for (Cell c : cells) cost[c.index()] = cost(spec, c);
        return assign(cost, count);
    }

    /** The LPT assignment of cells with the given costs (by grid index) to {@code count} shards. */
    static ShardPlan assign(double[] cost, int count) {
        if (count < 1) throw new IllegalArgumentException("count must be >= 1");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cost.length; i++) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> -cost[i]).thenComparingInt(i -> i));
        double[] load = new double[count];
        int[] shardOf = new int[cost.length];
        for (int p = 0; p < order.size(); p++) {
            int first = (p / count) % count, best = first;
            for (int k = 1; k < count; k++) {
                int s = (first + k) % count;
                if (load[s] < load[best]) best = s;
            }
            load[best] += cost[order.get(p)];
            shardOf[order.get(p)] = best + 1;
        }
        return new ShardPlan(count, shardOf, cost.clone());
    }

    public int count() { return count; }

    /** The shard (1-based) that computes the cell with grid index {@code cell}. */
    public int shardOf(int cell) { return shardOf[cell]; }

    /** Whether {@code shard} computes the cell with grid index {@code cell}. */
    public boolean owns(Shard shard, int cell) {
        if (shard.count() != count) throw new IllegalArgumentException("plan for " + count + " shards, not " + shard.count());
        return cell >= 0 && cell < shardOf.length && shardOf[cell] == shard.index();
    }

    /** The estimated cost of every shard (index 0 = shard 1). */
    public double[] loads() {
        double[] load = new double[count];
        for (int i = 0; i < shardOf.length; i++) load[shardOf[i] - 1] += cost[i];
        return load;
    }

    /** The estimated cost of one cell: networks × depth × width² × the measures' weights. */
    static double cost(SweepSpec spec, Cell cell) {
        double n = cell.width(), unit = (double) spec.networks() * cell.arch().depth() * n * n;
        double w = 0;
        for (String m : spec.measures()) w += measureWeight(m, spec, cell.width(), cell.arch().activation());
        return unit * Math.max(w, 1);
    }

    /**
     * Inputs one network of width {@code n} pushes through its layers for measure {@code m}
     * (roughly; a matrix–matrix step of n columns counts n). Iterating the map to a fixed point
     * runs longer where it rarely converges: the share of the T iterations run is calibrated per
     * activation ({@link #iterationShare}).
     */
    static double measureWeight(String m, SweepSpec spec, int n, Activation a) {
        int probes = spec.probes().count();
        return switch (m) {
            case "propagation" -> probes;
            case "jacobian" -> 2.0 * n;
            case "lyapunov" -> {
                int k = spec.jacobian().lyapunovK() == 0 ? n : Math.min(n, spec.jacobian().lyapunovK());
                yield (double) k * (1 + spec.jacobian().mapSteps() * iterationShare(a));
            }
            case "fixedpoints" -> {
                FixedPointOptions f = spec.fixedPoints();
                double newtonStarts = switch (f.newton()) {
                    case SEARCH -> 2.0 * f.starts();
                    case POLISH -> f.starts();
                    case OFF -> 0;
                };
                yield f.starts() * (double) f.maxIter() * iterationShare(a)
                        + newtonStarts * FixedPointOptions.NEWTON_MAX_ITER * iterationShare(a) * n;
            }
            case "modes" -> probes * (1.0 + 20.0 * spec.modes().basinSamples() * spec.modes().basinDirections());
            case "wormhole" -> {
                double r = 0;
                for (double x : spec.wormhole().overparams()) r += Math.max(1, x);
                yield spec.wormhole().pairs() * r * 4;
            }
            case "weights" -> n;
            default -> 1;
        };
    }

    /**
     * The share of the T map iterations a start typically runs, per activation (measured at
     * σ_w = 1: erf maps rarely converge and run all T; tanh, logistic and hardtanh converge in
     * about an eighth of them; relu and linear networks collapse or blow up within a few).
     */
    static double iterationShare(Activation a) {
        return switch (a) {
            case ERF -> 1.0;
            case TANH, LOGISTIC, HARDTANH -> 0.125;
            case RELU, LINEAR -> 1.0 / 32;
        };
    }
}
