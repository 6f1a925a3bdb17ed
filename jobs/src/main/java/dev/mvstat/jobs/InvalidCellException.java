package dev.mvstat.jobs;

/**
 * Thrown inside a task at the first invalid cell when {@code --on-invalid fail}; carries the
 * cell's position so that the driver can name the global row.
 */
final class InvalidCellException extends RuntimeException {

    /** Spark partition of the row. */
    final int partition;
    /** 0-based position of the row within its partition. */
    final long indexInPartition;
    /** Column name. */
    final String column;
    /** What is wrong with the cell. */
    final String reason;

    InvalidCellException(int partition, long indexInPartition, String column, String reason) {
        super("column '" + column + "': " + reason);
        this.partition = partition;
        this.indexInPartition = indexInPartition;
        this.column = column;
        this.reason = reason;
    }
}
