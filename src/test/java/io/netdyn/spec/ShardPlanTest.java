package io.netdyn.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shards by estimated cost: a partition of the grid, the same for the same spec, balanced where round-robin is not. */
class ShardPlanTest {
    private static SweepSpec spec(String widths, String activations, String measures, String shard, String threads) {
        return new SpecResolver().set(SweepOption.WIDTHS, widths).set(SweepOption.ACTIVATION, activations)
                .set(SweepOption.DIST, "gaussian:1,cauchy:1").set(SweepOption.MEASURES, measures)
                .set(SweepOption.SHARD, shard).set(SweepOption.THREADS, threads).set(SweepOption.BACKEND, "cpu")
                .resolve(List.of("propagation", "fixedpoints", "jacobian", "lyapunov", "modes", "wormhole", "weights"));
    }

    @Test
    void everyCellIsInExactlyOneShardAndTheShardsAgree() {
        for (int n = 1; n <= 7; n++) {
            Set<Integer> seen = new HashSet<>();
            int total = 0;
            for (int i = 1; i <= n; i++) {
                SweepSpec s = spec("4,8,16,32", "tanh,erf,relu", "propagation,fixedpoints", i + "/" + n, Integer.toString(i));
                for (Cell c : s.shardCells()) assertTrue(seen.add(c.index()), "cell " + c.index() + " in two shards");
                total += s.shardCells().size();
                assertTrue(!s.shardCells().isEmpty(), "shard " + i + "/" + n + " is empty");
            }
            assertEquals(24, total);
            assertEquals(24, seen.size());
        }
    }

    @Test
    void thePlanDependsOnTheNumbersSettingsOnly() {
        ShardPlan a = spec("4,8,16", "tanh,erf", "fixedpoints", "1/3", "1").shardPlan();
        ShardPlan b = spec("4,8,16", "tanh,erf", "fixedpoints", "3/3", "2").shardPlan();
        for (int c = 0; c < 12; c++) assertEquals(a.shardOf(c), b.shardOf(c));
        assertArrayEquals(a.loads(), b.loads());
    }

    /** Two shards over tanh,erf: round-robin gave one shard every erf cell (~8× the other's time). */
    @Test
    void tanhAndErfAreSpreadOverTwoShards() {
        SweepSpec s = spec("8,16,32,64", "tanh,erf", "fixedpoints", "1/2", "1");
        double[] load = s.shardPlan().loads();
        assertTrue(Math.max(load[0], load[1]) / Math.min(load[0], load[1]) < 1.1, load[0] + " vs " + load[1]);
        double[] rr = new double[2];
        for (Cell c : s.cells()) rr[c.index() % 2] += ShardPlan.cost(s, c);
        assertTrue(rr[1] / rr[0] > 4, "the round-robin split this replaces: " + rr[0] + " vs " + rr[1]);
        for (int i = 1; i <= 2; i++) {
            Set<Activation> acts = new HashSet<>();
            for (Cell c : spec("8,16,32,64", "tanh,erf", "fixedpoints", i + "/2", "1").shardCells()) acts.add(c.arch().activation());
            assertEquals(Set.of(Activation.TANH, Activation.ERF), acts, "shard " + i);
        }
    }

    /** A skewed grid: the largest load stays within the LPT bound, 4/3 of the optimum's lower bound. */
    @Test
    void aSkewedGridIsBalancedWithinTheLptBound() {
        double[] cost = new double[40];
        for (int i = 0; i < cost.length; i++) cost[i] = (i % 2 == 1 ? 8 : 1) * Math.pow(1 + i / 8, 2);   // erf-like × width²
        for (int n = 2; n <= 8; n++) {
            ShardPlan p = ShardPlan.assign(cost, n);
            double total = 0, max = 0, biggest = 0;
            for (double c : cost) { total += c; biggest = Math.max(biggest, c); }
            for (double l : p.loads()) max = Math.max(max, l);
            double lower = Math.max(total / n, biggest);
            assertTrue(max <= 4.0 / 3 * lower + 1e-9, n + " shards: " + max + " vs optimum >= " + lower);
            assertArrayEquals(p.loads(), ShardPlan.assign(cost.clone(), n).loads());
        }
    }

    @Test
    void equalCostCellsOfConsecutiveRoundsDoNotLineUp() {
        double[] cost = {4, 4, 1, 1};                  // two widths × two equal-cost activations
        ShardPlan p = ShardPlan.assign(cost, 2);
        assertTrue(p.shardOf(0) != p.shardOf(2) || p.shardOf(1) != p.shardOf(3));
        assertEquals(p.loads()[0], p.loads()[1]);
    }
}
