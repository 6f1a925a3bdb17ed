package dev.mvstat.jobs.cli;

/** The process exit codes of every job, as the README documents them. */
public enum ExitCode {
    SUCCESS(0),
    OTHER(1),
    USAGE(2),
    INPUT(3),
    NUMERICAL(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit code */
    public int code() {
        return code;
    }
}
