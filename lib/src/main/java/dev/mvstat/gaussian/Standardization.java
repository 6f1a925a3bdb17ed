package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The internal coordinates of a fit, {@code y = (x - center) / scale} per column: models are
 * fitted to y, where every column has mean 0 and variance 1 whatever its units (a column in the
 * millions and one in the millionths train alike), and mapped back to x at the end. The NLL of x
 * is that of y plus {@code n sum_j log scale_j}, the log-Jacobian; gradients in y are unchanged.
 * A class rather than a record: Spark's Kryo serializer cannot build records.
 */
public final class Standardization implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Per-column centre. */
    private final double[] center;
    /** Per-column scale, positive. */
    private final double[] scale;
    /** {@code sum_j log scale_j}, the log-Jacobian per row. */
    private final double logJacobian;

    public Standardization(double[] center, double[] scale) {
        this.center = center.clone();
        this.scale = scale.clone();
        this.logJacobian = Arrays.stream(scale).map(Math::log).sum();
    }

    /**
     * @param moments the columns' moments
     * @return the map that gives each column mean 0 and variance 1 (denominator n): centre at the
     *         mean, scale by the standard deviation (1 for a constant column)
     */
    public static Standardization of(ColumnMoments moments) {
        double[] scale = moments.standardDeviations();
        for (int j = 0; j < scale.length; j++) {
            scale[j] = scale[j] > 0 ? scale[j] : 1;
        }
        return new Standardization(moments.mean(), scale);
    }

    /** {@code sum_j log scale_j}: the NLL per row of x is that of y plus this. */
    public double logJacobian() {
        return logJacobian;
    }

    /** Writes y of the row {@code values[offset .. offset + d)} into {@code out}. */
    public void apply(double[] values, int offset, double[] out) {
        for (int j = 0; j < center.length; j++) {
            out[j] = (values[offset + j] - center[j]) / scale[j];
        }
    }

    /** The centre per column, a copy. */
    public double[] center() {
        return center.clone();
    }

    /** The scale per column, a copy. */
    public double[] scale() {
        return scale.clone();
    }

    /** The model of x for a model of y. */
    public CholeskyGaussian toOriginal(CholeskyGaussian standardized) {
        return standardized.affine(center, scale);
    }

    /** The likelihood of x for the likelihood of y over the same rows. */
    public Likelihood toOriginal(Likelihood standardized) {
        return standardized.withNllShift(standardized.weight() * logJacobian);
    }

    /** An accumulator of the standardized residuals {@code y - mu} of rows of x. */
    public ResidualSums residuals(CholeskyGaussian standardized) {
        double[] mu = standardized.mean();
        double[] shift = new double[mu.length];
        double[] inverseScale = new double[mu.length];
        for (int j = 0; j < mu.length; j++) {
            shift[j] = center[j] + scale[j] * mu[j];
            inverseScale[j] = 1 / scale[j];
        }
        return new ResidualSums(shift, inverseScale);
    }
}
