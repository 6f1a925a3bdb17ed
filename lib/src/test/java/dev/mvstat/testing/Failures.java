package dev.mvstat.testing;

/** What a failure says at its origin, below Spark's wrapping of task failures. */
public final class Failures {

    private Failures() {}

    /** @return the message of the innermost cause ("null" when it has none) */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
