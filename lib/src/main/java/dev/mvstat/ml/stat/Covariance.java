package dev.mvstat.ml.stat;

import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.Correlation;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedSpearman;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;

import java.util.List;
import java.util.Locale;

/**
 * Covariance and correlation of a features column, as MLlib's
 * {@code org.apache.spark.ml.stat.Correlation.corr}: one distributed pass of mergeable co-moments
 * merged in partition order ({@link DistributedCovariance}), and a distributed rank sort for
 * Spearman ({@link DistributedSpearman}). The column holds an ML vector (dense or sparse), an
 * {@code array<double>} or an {@code array<float>}, of one length. Every row counts: a null row, a
 * null element, NaN or infinity fails naming the column and the value. Matrices are d x d;
 * undefined correlations (a constant value) are NaN, as MLlib's.
 */
public final class Covariance {

    /** The correlation methods of {@link #corr(Dataset, String, String)}. */
    public static final String PEARSON = "pearson";
    /** Spearman's rank correlation: Pearson's of the average ranks (ties share their mean rank). */
    public static final String SPEARMAN = "spearman";

    private Covariance() {}

    /**
     * @param data   the data
     * @param column the features column
     * @return the sample covariance (denominator n - 1)
     * @throws IllegalArgumentException if the column is missing, of another type, or holds an invalid value
     * @throws IllegalStateException    if fewer than 2 rows
     */
    public static Matrix covariance(Dataset<?> data, String column) {
        Moments m = Moments.of(data, column);
        return square(m.sampleCovariance(), m.names().size());
    }

    /**
     * @param data   the data
     * @param column the features column
     * @return the Pearson correlation
     * @see #corr(Dataset, String, String)
     */
    public static Matrix corr(Dataset<?> data, String column) {
        return corr(data, column, PEARSON);
    }

    /**
     * @param data   the data
     * @param column the features column
     * @param method {@value #PEARSON} or {@value #SPEARMAN}
     * @return the correlation matrix
     * @throws IllegalArgumentException for another method, a missing column, another type or an invalid value
     * @throws IllegalStateException    if fewer than 2 rows
     */
    public static Matrix corr(Dataset<?> data, String column, String method) {
        boolean spearman = switch (method.toLowerCase(Locale.ROOT)) {
            case PEARSON -> false;
            case SPEARMAN -> true;
            default -> throw new IllegalArgumentException("method must be pearson or spearman, got '" + method + "'");
        };
        if (!spearman) {
            Moments m = Moments.of(data, column);
            int d = m.names().size();
            return square(Correlation.fromCovariance(m.sampleCovariance(), d), d);
        }
        Input in = Input.of(data, column);
        int d = in.names().size();
        JavaRDD<double[]> rows = in.rows().cache();
        try {
            return square(DistributedSpearman.correlation(rows), d);
        } finally {
            rows.unpersist(false);
        }
    }

    /**
     * Everything the covariance job computes, in one pass (plus the Spearman passes when asked).
     *
     * @param data     the data
     * @param column   the features column; the model's column names are {@code column[0]}, {@code column[1]}, ...
     * @param spearman whether to compute the Spearman correlation too
     * @return count, mean, covariance, Pearson (and Spearman) correlation, positive definiteness,
     *         numerical rank, dependent columns and eigenvalues
     * @throws IllegalArgumentException if the column is missing, of another type, or holds an invalid value
     * @throws IllegalStateException    if fewer than 2 rows
     */
    public static CovarianceModel model(Dataset<?> data, String column, boolean spearman) {
        if (!spearman) {
            Moments m = Moments.of(data, column);
            return CovarianceModel.of(m.names(), m.moments(), null);
        }
        Input in = Input.of(data, column);
        JavaRDD<double[]> rows = in.rows().cache();
        try {
            return DistributedCovariance.model(rows, in.names(), true);
        } finally {
            rows.unpersist(false);
        }
    }

    /** @return a symmetric row-major d x d matrix as an ML dense matrix */
    private static Matrix square(double[] symmetric, int d) {
        return Matrices.dense(d, d, symmetric);
    }

    /** @return the features column of the data, checked; every row must be valid */
    private static InputColumns features(Dataset<?> data, String column) {
        InputColumns input = InputColumns.of(column, null, InputColumns.ERROR);
        input.check(data.schema());
        return input;
    }

    /** The co-moments of a features column, from one pass, and the names of its values. */
    private record Moments(CoMoments moments, List<String> names) {

        static Moments of(Dataset<?> data, String column) {
            InputColumns input = features(data, column);
            CoMoments moments = DistributedCovariance.coMoments(data, input, null);
            return new Moments(moments, input.valueNames(moments.dimension()));
        }

        double[] sampleCovariance() {
            return CovarianceModel.sampleCovariance(names, moments);
        }
    }

    /** The rows of a features column, for the rank passes, and the names of their values. */
    private record Input(JavaRDD<double[]> rows, List<String> names) {

        static Input of(Dataset<?> data, String column) {
            InputColumns input = features(data, column);
            int d = input.dimension(data);
            return new Input(input.rows(data, d, null), input.valueNames(d));
        }
    }
}
