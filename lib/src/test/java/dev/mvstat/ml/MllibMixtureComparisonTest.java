package dev.mvstat.ml;

import dev.mvstat.linalg.SymmetricEigen;
import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.stat.distribution.MultivariateGaussian;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs on which MLlib's {@code GaussianMixture} (EM without a covariance floor) returns no valid
 * mixture, a component collapsed onto a point or a line (a covariance singular to rounding) or a
 * covariance with a negative variance; the same inputs give a valid mixture here, every component
 * a proper Gaussian.
 */
class MllibMixtureComparisonTest {

    private static final SplittableRandom RANDOM = new SplittableRandom(4);

    /** 600 rows in 3 columns, each made by {@code row} from its index. */
    private static Dataset<Row> frame(Function<Integer, double[]> row) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            out.add(RowFactory.create(Vectors.dense(row.apply(i))));
        }
        return SparkTestSession.get()
                .createDataFrame(out, new StructType().add("features", SQLDataTypes.VectorType(), false));
    }

    private static double[] noise() {
        return new double[] {RANDOM.nextGaussian(), RANDOM.nextGaussian(), RANDOM.nextGaussian()};
    }

    /** The smallest eigenvalue of each of MLlib's component covariances, over the largest of all. */
    private static double mllibSmallestRelativeEigenvalue(Dataset<Row> data) {
        GaussianMixtureModel mllib = new GaussianMixture().setK(3).setSeed(1).fit(data);
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        for (MultivariateGaussian g : mllib.gaussians()) {
            double[] values = SymmetricEigen.eigenvalues(g.cov().toArray(), 3);
            smallest = Math.min(smallest, Arrays.stream(values).min().orElseThrow());
            largest = Math.max(largest, Arrays.stream(values).max().orElseThrow());
        }
        return smallest / largest;
    }

    /**
     * Every component of the fit here is a proper Gaussian: its covariance's smallest eigenvalue is
     * at least a tenth of the default floor (1e-6 of a column's variance, about 1 here).
     */
    private static void assertValidHere(Dataset<Row> data) {
        CholeskyGaussianMixtureModel ours =
                new CholeskyGaussianMixture().setK(3).setSeed(1).fit(data);
        assertTrue(ours.mixture().isFinite() && Double.isFinite(ours.meanLogLikelihood()));
        for (int k = 0; k < 3; k++) {
            double smallest = Arrays.stream(
                            SymmetricEigen.eigenvalues(ours.covariance(k).toArray(), 3))
                    .min()
                    .orElseThrow();
            assertTrue(smallest >= 1e-7, "component " + k + ": smallest eigenvalue " + smallest);
        }
    }

    @Test
    void duplicatedPoints() {
        Dataset<Row> data = frame(i -> i % 2 == 0 ? new double[] {1, 2, 3} : noise());
        double mllib = mllibSmallestRelativeEigenvalue(data);
        assertTrue(mllib < 1e-10, "MLlib collapses a component onto the duplicated point: " + mllib);
        assertValidHere(data);
    }

    @Test
    void aComponentOnCollinearRows() {
        Dataset<Row> data = frame(i -> {
            double t = RANDOM.nextDouble(-1, 1);
            return i % 3 == 0
                    ? new double[] {t, 2 * t, -t}
                    : new double[] {5 + RANDOM.nextGaussian(), RANDOM.nextGaussian(), RANDOM.nextGaussian()};
        });
        double mllib = mllibSmallestRelativeEigenvalue(data);
        assertTrue(mllib < 1e-10, "MLlib collapses a component onto the line: " + mllib);
        assertValidHere(data);
    }

    @Test
    void aConstantColumn() {
        Dataset<Row> data = frame(i -> new double[] {RANDOM.nextGaussian(), 7, RANDOM.nextGaussian()});
        double mllib = mllibSmallestRelativeEigenvalue(data);
        assertTrue(mllib < 0, "MLlib returns a covariance with a negative eigenvalue: " + mllib);
        assertValidHere(data);
    }
}
