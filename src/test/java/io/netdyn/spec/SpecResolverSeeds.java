package io.netdyn.spec;

/** Test access to the seed parser. */
public final class SpecResolverSeeds {
    private SpecResolverSeeds() {}

    public static long seed(String text) { return SpecResolver.seed(text); }
}
