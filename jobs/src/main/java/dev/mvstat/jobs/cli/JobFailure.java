package dev.mvstat.jobs.cli;

/**
 * What a job's failure means to the user: its exit code and one line. A {@link JobException}
 * stands as it is; a numerical failure of the library ({@link ArithmeticException} at the root)
 * is 4; anything else is 1.
 */
public final class JobFailure {

    private JobFailure() {}

    /**
     * @param e what the job threw, including the checked SparkException that Scala code throws
     * @return the failure as a {@link JobException} carrying its exit code and line
     */
    public static JobException of(Exception e) {
        if (e instanceof JobException known) {
            return known;
        }
        Throwable root = rootCause(e);
        if (root instanceof ArithmeticException) {
            return new JobException(ExitCode.NUMERICAL, "numerical error: " + firstLine(root.getMessage()));
        }
        return new JobException(
                ExitCode.OTHER,
                "unexpected error: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage())
                        + " (--verbose prints the stack trace)");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
