package dev.mvstat.spark;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Metric;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault tolerance: a task that fails on its first attempt (injected) is retried by Spark, and each
 * distributed algorithm's result is bit-identical to the run without the failure. The shared test
 * session ({@code local[2,2]}) tries a task twice, as a cluster would.
 */
class TaskRetryTest {

    /** Attempts of the failing partition's task; tasks run in this JVM in local mode. */
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    static {
        SparkTestSession.get();
    }

    @BeforeEach
    void resetCount() {
        FAILED_ATTEMPTS.set(0);
    }

    @Test
    void covariance() {
        assertSameAfterRetry(rows -> DistributedCovariance.coMoments(rows).covariance());
    }

    @Test
    void mahalanobisDistances() {
        List<String> columns =
                IntStream.range(0, wine().first().length).mapToObj(j -> "x" + j).toList();
        MahalanobisModel model = DistributedMahalanobis.fit(wine(), columns, Regularization.none());
        assertSameAfterRetry(rows -> DistributedMahalanobis.squaredDistances(rows, model).collect().stream()
                .mapToDouble(Double::doubleValue)
                .toArray());
    }

    @Test
    void singleLinkage() {
        assertSameAfterRetry(rows -> {
            Dendrogram tree = DistributedSingleLinkage.fit(rows, Metric.EUCLIDEAN);
            double[] merges = new double[3 * tree.merges()];
            for (int i = 0; i < tree.merges(); i++) {
                merges[3 * i] = tree.left(i);
                merges[3 * i + 1] = tree.right(i);
                merges[3 * i + 2] = tree.distance(i);
            }
            return merges;
        });
    }

    @Test
    void gaussianFit() {
        FitSettings settings = FitSettings.defaults(OptimizerKind.ADAM).withBatchSize(64);
        assertSameAfterRetry(rows -> {
            GaussianFit fit = DistributedGaussianFit.fit(rows, settings);
            return fit.groups().get(0).model().parameters();
        });
    }

    /** The result on wine in 4 partitions, then again with partition 1's first attempt failing. */
    private static void assertSameAfterRetry(Function<JavaRDD<double[]>, double[]> algorithm) {
        double[] expected = algorithm.apply(wine());
        JavaRDD<double[]> flaky = wine().mapPartitionsWithIndex(
                        (p, it) -> {
                            if (p == 1 && TaskContext.get().attemptNumber() == 0) {
                                FAILED_ATTEMPTS.incrementAndGet();
                                throw new IllegalStateException("injected failure of the first attempt");
                            }
                            return it;
                        },
                        true);
        double[] actual = algorithm.apply(flaky);
        assertTrue(FAILED_ATTEMPTS.get() >= 1, "the failure was injected");
        assertEquals(expected.length, actual.length);
        assertArrayEquals(expected, actual, 0.0, "bit-identical after the retry");
    }

    private static JavaRDD<double[]> wine() {
        return DistributedCovarianceTest.rdd("wine", 4);
    }
}
