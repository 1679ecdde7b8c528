package io.netdyn.backend;

/**
 * What {@link Backend#newtonMap} returns, point by point in the order of its input
 * {@link PointSet}: the final Newton iterate, ‖f(x) − x‖∞ there, whether it met the
 * tolerance, and the Newton steps taken.
 */
public record NewtonRun(PointSet points, double[] residual, boolean[] converged, int[] iterations) {}
