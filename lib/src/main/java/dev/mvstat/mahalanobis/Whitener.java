package dev.mvstat.mahalanobis;

import dev.mvstat.linalg.TriangularSolve;

import java.util.Arrays;

/**
 * A task's workspace for whitening rows against a mean and Cholesky factor (a
 * {@link MahalanobisModel}'s, or any Gaussian's): rows are added one at a time into a block stored
 * by column, centered as they come in, and each full block is solved with {@link TriangularSolve}
 * at once. Not thread-safe; one per task.
 */
public final class Whitener {

    /** Rows per block. */
    public static final int BLOCK_ROWS = 256;

    private final int d;
    /** Subtracted from every row: the model's mean, minus any offset already taken off the rows. */
    private final double[] center;
    /** The Cholesky factor L of the model's covariance, row-major. */
    private final double[] lower;
    /**
     * The pending rows, centered: {@code block[j][r]} is column j of row r. Each array is as long as
     * the solve needs for a full block ({@link TriangularSolve#paddedRows}); only the pending rows'
     * results are read.
     */
    private final double[][] block;

    private int pending;

    /**
     * @param center subtracted from every row, length d; not copied, not modified
     * @param lower  the Cholesky factor L, row-major d x d, lower triangular with a positive
     *               diagonal; not copied, not modified
     */
    public Whitener(double[] center, double[] lower) {
        this.d = center.length;
        this.center = center;
        this.lower = lower;
        this.block = new double[d][TriangularSolve.paddedRows(BLOCK_ROWS)];
    }

    /**
     * Adds one row.
     *
     * @param row d values; not modified
     * @return whether the block is now full: call {@link #squaredDistances} before adding more
     */
    public boolean add(double[] row) {
        if (row.length != d) {
            throw new IllegalArgumentException("expected a row of " + d + " values, actual " + row.length);
        }
        if (pending == BLOCK_ROWS) {
            throw new IllegalStateException("block full: take its squared distances first");
        }
        for (int j = 0; j < d; j++) {
            block[j][pending] = row[j] - center[j];
        }
        return ++pending == BLOCK_ROWS;
    }

    /** @return the number of rows added since the last {@link #squaredDistances} */
    public int pending() {
        return pending;
    }

    /**
     * Whitens the pending rows and empties the block.
     *
     * @param out receives the squared Mahalanobis distances of the pending rows, in the order they
     *            were added, from index 0; length at least {@link #pending()}
     * @return the number of distances written
     */
    public int squaredDistances(double[] out) {
        int rows = solvePending();
        Arrays.fill(out, 0, rows, 0.0);
        for (double[] z : block) {
            for (int r = 0; r < rows; r++) {
                out[r] += z[r] * z[r];
            }
        }
        return rows;
    }

    /**
     * Whitens the pending rows and empties the block.
     *
     * @param out receives z = L^-1 (x - mean) of the pending rows, in the order they were added,
     *            from index 0: {@code out[r]} is a new array of d values
     * @return the number of rows written
     */
    public int whitened(double[][] out) {
        int rows = solvePending();
        for (int r = 0; r < rows; r++) {
            out[r] = new double[d];
            for (int j = 0; j < d; j++) {
                out[r][j] = block[j][r];
            }
        }
        return rows;
    }

    /** Solves L z = x - mean for the pending rows in place and empties the block; returns their number. */
    private int solvePending() {
        int rows = pending;
        pending = 0;
        TriangularSolve.forwardInPlace(lower, d, block, rows);
        return rows;
    }
}
