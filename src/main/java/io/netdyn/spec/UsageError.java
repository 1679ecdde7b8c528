package io.netdyn.spec;

/** Bad user input: reported as one line naming the option, exit code 2, no stack trace. */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }

    public static UsageError forOption(String option, String problem) {
        return new UsageError("--" + option + ": " + problem);
    }
}
