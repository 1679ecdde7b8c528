package io.netdyn.spec;

/** Bad user input: reported as one line naming the option, exit code 2, no stack trace. */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }

    /** Longest piece of user input quoted in a message; longer input is cut with "…". */
    public static final int MAX_ECHO = 200;

    /** User input as quoted in a message: at most {@link #MAX_ECHO} characters. */
    public static String echo(String input) {
        if (input == null) return "";
        return input.length() <= MAX_ECHO ? input : input.substring(0, MAX_ECHO) + "…";
    }

    public static UsageError forOption(String option, String problem) {
        return new UsageError("--" + option + ": " + problem);
    }
}
