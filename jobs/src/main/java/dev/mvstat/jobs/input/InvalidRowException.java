package dev.mvstat.jobs.input;

/**
 * Thrown inside a task at the first invalid row when {@code --on-invalid fail}; carries the row's
 * position so that the driver can name the file and the row within it.
 */
public final class InvalidRowException extends RuntimeException {

    /** Spark partition of the row. */
    final int partition;
    /** 0-based position of the row within its partition. */
    final long indexInPartition;
    /** What is wrong with the row, such as {@code column 'b': 'x' is not a number}. */
    final String problem;

    InvalidRowException(int partition, long indexInPartition, String problem) {
        super(problem);
        this.partition = partition;
        this.indexInPartition = indexInPartition;
        this.problem = problem;
    }
}
