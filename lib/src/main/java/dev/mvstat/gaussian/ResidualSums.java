package dev.mvstat.gaussian;

import dev.mvstat.linalg.Gram;

/**
 * The residual sums {@code R 1} and {@code R R^T} of rows, {@code r = (x - shift) * inverseScale},
 * from which {@link Likelihood#of} gets the NLL and its gradient. Rows are gathered into blocks
 * whose Gram matrix is one {@link Gram} kernel call, the same cost per row as a covariance pass.
 */
public final class ResidualSums {

    private static final int BLOCK_ROWS = 256;

    private final int d;
    private final double[] shift;
    private final double[] inverseScale;
    private final double[] sum;
    /** {@code R R^T}, packed upper triangle. */
    private final double[] gramUpper;
    /** The residual of the row being added. */
    private final double[] residual;
    /** Pending residuals, and the rank-k update of them; allocated on first use. */
    private Gram block;

    private int pending;
    private long count;

    /**
     * @param shift        subtracted from each column
     * @param inverseScale then multiplied into each column
     */
    public ResidualSums(double[] shift, double[] inverseScale) {
        this.d = shift.length;
        this.shift = shift;
        this.inverseScale = inverseScale;
        this.sum = new double[d];
        this.gramUpper = new double[Gram.packedLength(d)];
        this.residual = new double[d];
    }

    /** Adds the row {@code values[offset .. offset + d)}. */
    public void add(double[] values, int offset) {
        if (block == null) {
            block = new Gram(d, BLOCK_ROWS);
        }
        for (int j = 0; j < d; j++) {
            double r = (values[offset + j] - shift[j]) * inverseScale[j];
            residual[j] = r;
            sum[j] += r;
        }
        block.setRow(pending, residual);
        count++;
        if (++pending == BLOCK_ROWS) {
            flush();
        }
    }

    private void flush() {
        if (pending > 0) {
            block.addTo(pending, null, gramUpper);
            pending = 0;
        }
    }

    public long count() {
        return count;
    }

    /** The summed NLL and gradient of the rows added, under the model of the residuals' coordinates. */
    public Likelihood likelihood(CholeskyGaussian model) {
        flush();
        return Likelihood.of(model, count, sum, Gram.unpack(gramUpper, d, 1.0));
    }
}
