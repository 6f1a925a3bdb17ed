package dev.mvstat.jobs.cli;

/** A failure the user can act on: one clear line and the exit code that classifies it. */
public class JobException extends RuntimeException {

    private final ExitCode exitCode;

    public JobException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage or configuration error (exit 2). */
    public static JobException usage(String message) {
        return new JobException(ExitCode.USAGE, message);
    }

    /** An input data error (exit 3). */
    public static JobException input(String message) {
        return new JobException(ExitCode.INPUT, message);
    }

    /** @return the exit code */
    public ExitCode exitCode() {
        return exitCode;
    }
}
