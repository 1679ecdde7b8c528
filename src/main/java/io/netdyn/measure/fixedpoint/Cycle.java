package io.netdyn.measure.fixedpoint;

/**
 * One distinct cycle x_0 → x_1 → … → x_p = x_0 (p ≥ 2) that iteration fell into: its period,
 * its canonical (lexicographically first) point and the starts that reached it.
 */
public record Cycle(int period, double[] point, int basin) {}
