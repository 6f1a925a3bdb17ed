package dev.mvstat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.testing.ExactCovariance;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.RandomRows;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static dev.mvstat.testing.Close.assertClose;
import static dev.mvstat.testing.Failures.rootMessage;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distributed covariance, Pearson and Spearman against numpy / scipy on the reference data. */
class DistributedCovarianceTest {

    private static final SparkSession SPARK = SparkTestSession.get();

    static JavaRDD<double[]> rdd(String name, int partitions) {
        return JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(TestData.rows(name), partitions);
    }

    static List<String> columns(JsonNode ref) {
        return StreamSupport.stream(ref.get("columns").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** Tolerance 1e-12 relative to the column scales: entry (i, j) within 1e-12 sqrt(c_ii c_jj). */
    static void assertCovarianceClose(double[] expected, double[] actual, int d, double relative, String what) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double scale = Math.sqrt(Math.abs(expected[i * d + i] * expected[j * d + j]));
                assertEquals(expected[i * d + j], actual[i * d + j], relative * scale, what + "[" + i + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void matchesNumpyAndScipy(String name) {
        JsonNode ref = TestData.reference(name);
        CovarianceModel m = DistributedCovariance.model(rdd(name, 3).cache(), columns(ref), true);
        int d = m.dimension();
        double[] cov = TestData.doubles(ref.get("covariance"));
        assertEquals(ref.get("count").asLong(), m.count());
        double[] mean = TestData.doubles(ref.get("mean"));
        for (int j = 0; j < d; j++) {
            assertEquals(mean[j], m.mean()[j], 1e-12 * Math.sqrt(cov[j * d + j]), "mean[" + j + "]");
        }
        assertCovarianceClose(cov, m.covariance(), d, 1e-12, "covariance");
        assertClose(TestData.doubles(ref.get("correlation")), m.correlation(), 1e-12, "correlation");
        assertClose(TestData.doubles(ref.get("spearman")), m.spearman(), 1e-12, "spearman");
        assertEquals(ref.get("positive_definite").asBoolean(), m.positiveDefinite());
        assertEquals(d, m.rank());
    }

    @Test
    void offsetDataExactToTheLastDigitsOfItsDoubles() {
        List<double[]> rows = TestData.rows("offset");
        double[] exact = ExactCovariance.of(rows);
        CovarianceModel m = DistributedCovariance.model(rdd("offset", 4), columns(TestData.reference("offset")), false);
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], m.covariance()[i], 1e-13 * Math.abs(exact[i]), "covariance[" + i + "]");
        }
        double[] mean = TestData.doubles(TestData.reference("offset").get("mean"));
        for (int j = 0; j < mean.length; j++) {
            assertEquals(mean[j], m.mean()[j], 1e-15 * Math.abs(mean[j]), "mean[" + j + "]");
        }
    }

    @Test
    void collinearColumnsAreNotPositiveDefinite() {
        JsonNode ref = TestData.reference("collinear");
        CovarianceModel m = DistributedCovariance.model(rdd("collinear", 2), columns(ref), false);
        assertFalse(m.positiveDefinite());
        assertEquals(2, m.rank());
        assertArrayEquals(new int[] {2}, m.dependentColumns());
        assertCovarianceClose(TestData.doubles(ref.get("covariance")), m.covariance(), 3, 1e-12, "covariance");
    }

    @Test
    void correlationDiagonalIsExactlyOneAndWithinUnitInterval() {
        CovarianceModel m = DistributedCovariance.model(rdd("wine", 3), columns(TestData.reference("wine")), false);
        int d = m.dimension();
        for (int i = 0; i < d; i++) {
            assertEquals(1.0, m.correlation()[i * d + i]);
            for (int j = 0; j < d; j++) {
                assertTrue(Math.abs(m.correlation()[i * d + j]) <= 1.0);
            }
        }
    }

    @Test
    void sameInputAndPartitioningGiveBitIdenticalResults() {
        JavaRDD<double[]> rows = rdd("blobs3", 7).cache();
        List<String> names = columns(TestData.reference("blobs3"));
        CovarianceModel first = DistributedCovariance.model(rows, names, true);
        for (int run = 0; run < 3; run++) {
            CovarianceModel again = DistributedCovariance.model(rows, names, true);
            assertArrayEquals(first.mean(), again.mean(), 0.0);
            assertArrayEquals(first.covariance(), again.covariance(), 0.0);
            assertArrayEquals(first.spearman(), again.spearman(), 0.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blobs3", "wine"})
    void partitionCountsAgree(String name) {
        List<String> names = columns(TestData.reference(name));
        List<CovarianceModel> models = new ArrayList<>();
        for (int partitions : new int[] {1, 7, 64}) {
            models.add(DistributedCovariance.model(rdd(name, partitions).cache(), names, true));
        }
        int d = names.size();
        for (CovarianceModel m : models.subList(1, models.size())) {
            assertCovarianceClose(models.get(0).covariance(), m.covariance(), d, 1e-13, "covariance");
            assertClose(models.get(0).correlation(), m.correlation(), 1e-13, "correlation");
            assertClose(models.get(0).spearman(), m.spearman(), 1e-13, "spearman");
        }
    }

    @Test
    void spearmanHandlesTiesAndConstantColumns() {
        // x has ties; y = x reversed is a perfect negative rank relation; z is constant.
        List<double[]> rows =
                List.of(new double[] {1, 4, 7}, new double[] {2, 3, 7}, new double[] {2, 2, 7}, new double[] {3, 1, 7});
        double[] s = DistributedSpearman.correlation(
                JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(rows, 3));
        // ranks x = (1, 2.5, 2.5, 4), y = (4, 3, 2, 1): r = -0.9486832980505138 (scipy.stats.spearmanr)
        assertEquals(-0.9486832980505138, s[1], 1e-15);
        assertEquals(1.0, s[0]);
        assertTrue(Double.isNaN(s[2]) && Double.isNaN(s[8]));
    }

    @Test
    void datasetApiUsesNamedColumnsInTheGivenOrder() {
        Dataset<Row> iris = SPARK.read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(TestData.csvFile("iris").toString());
        JsonNode ref = TestData.reference("iris");
        CovarianceModel m = DistributedCovariance.model(iris, List.of("petal_width", "sepal_length"), false);
        double[] cov = TestData.doubles(ref.get("covariance"));
        assertEquals(cov[3 * 4 + 3], m.covariance()[0], 1e-12);
        assertEquals(cov[3 * 4], m.covariance()[1], 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () -> DistributedCovariance.model(iris, List.of("no_such_column"), false));
    }

    /** Random rows on an offset, in a fixed order. */
    private static final List<double[]> RANDOM = RandomRows.of(17, 2000, 12, 1e4);

    private static JavaRDD<double[]> random(int partitions) {
        return JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(RANDOM, partitions);
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToLongBits).toArray();
    }

    /** Each partitioning gives the same bits on every run, and every partitioning agrees with one pass to rounding. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 200})
    void aFixedPartitioningGivesTheSameBitsOnEveryRun(int partitions) {
        CoMoments first = DistributedCovariance.coMoments(random(partitions));
        CoMoments second = DistributedCovariance.coMoments(random(partitions));
        assertArrayEquals(bits(first.covariance()), bits(second.covariance()), "covariance bits");
        assertArrayEquals(bits(first.mean()), bits(second.mean()), "mean bits");
        CoMoments onePass = new CoMoments(12).addAll(RANDOM.iterator());
        assertEquals(RANDOM.size(), first.count());
        assertCovarianceClose(onePass.covariance(), first.covariance(), 12, 1e-13, "covariance");
    }

    /** Attempts of the failing partition's task; tasks run in this JVM in local mode. */
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    @Test
    void aRetriedTaskGivesTheSameBits() {
        double[] expected = DistributedCovariance.coMoments(random(64)).covariance();
        FAILED_ATTEMPTS.set(0);
        JavaRDD<double[]> flaky = random(64)
                .mapPartitionsWithIndex(
                        (p, it) -> {
                            if (p == 37 && TaskContext.get().attemptNumber() == 0) {
                                FAILED_ATTEMPTS.incrementAndGet();
                                throw new IllegalStateException("injected failure of the first attempt");
                            }
                            return it;
                        },
                        true);
        double[] actual = DistributedCovariance.coMoments(flaky).covariance();
        assertTrue(FAILED_ATTEMPTS.get() >= 1, "the failure was injected");
        assertArrayEquals(bits(expected), bits(actual), "covariance bits");
    }

    @Test
    void emptyPartitionsAddNothing() {
        // 64 partitions of which 19 are emptied, among them the last eight, a whole merge group.
        JavaRDD<double[]> sparse = random(64)
                .mapPartitionsWithIndex((p, it) -> p >= 56 || p % 5 == 0 ? Collections.emptyIterator() : it, true);
        List<double[]> kept = sparse.collect();
        CoMoments merged = DistributedCovariance.coMoments(sparse);
        assertEquals(kept.size(), merged.count());
        assertCovarianceClose(
                new CoMoments(12).addAll(kept.iterator()).covariance(), merged.covariance(), 12, 1e-13, "covariance");
        assertArrayEquals(
                bits(merged.covariance()),
                bits(DistributedCovariance.coMoments(sparse).covariance()),
                "covariance bits");
        assertThrows(
                IllegalArgumentException.class, () -> DistributedCovariance.coMoments(sparse.filter(row -> false)));
        CoMoments none = DistributedCovariance.coMoments(sparse.filter(row -> false), 12);
        assertEquals(0, none.count());
        assertEquals(12, none.dimension());
        assertArrayEquals(
                bits(merged.covariance()),
                bits(DistributedCovariance.coMoments(sparse, 12).covariance()),
                "covariance bits, rows that may be none");
    }

    /** Keys spread over some partitions each; every key's accumulator agrees with its rows' one pass, bit-identically on reruns. */
    @Test
    void coMomentsByKeyMergePerKeyInPartitionOrder() {
        List<Tuple2<String, double[]>> keyed = new ArrayList<>();
        for (int r = 0; r < RANDOM.size(); r++) {
            keyed.add(new Tuple2<>(r < 1500 ? "k" + r % 3 : "late", RANDOM.get(r)));
        }
        JavaPairRDD<String, double[]> rdd = JavaPairRDD.fromJavaRDD(
                JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(keyed, 40));
        SortedMap<String, CoMoments> first = DistributedCovariance.coMomentsByKey(rdd);
        SortedMap<String, CoMoments> second = DistributedCovariance.coMomentsByKey(rdd);
        assertEquals(List.of("k0", "k1", "k2", "late"), List.copyOf(first.keySet()));
        for (String key : first.keySet()) {
            CoMoments onePass = new CoMoments(12);
            keyed.stream().filter(row -> row._1().equals(key)).forEach(row -> onePass.add(row._2()));
            assertEquals(onePass.count(), first.get(key).count(), key);
            assertCovarianceClose(onePass.covariance(), first.get(key).covariance(), 12, 1e-13, key);
            assertArrayEquals(
                    bits(first.get(key).covariance()), bits(second.get(key).covariance()), key + " bits");
        }
    }

    @Test
    void coMomentsOfAnRddEqualTheLocalAccumulator() {
        List<double[]> rows = TestData.rows("wine");
        CoMoments local = new CoMoments(13).addAll(rows.iterator());
        CoMoments distributed = DistributedCovariance.coMoments(rdd("wine", 5));
        assertEquals(local.count(), distributed.count());
        assertCovarianceClose(local.covariance(), distributed.covariance(), 13, 1e-13, "covariance");
    }

    @ParameterizedTest
    @ValueSource(strings = {Frames.DENSE, Frames.SPARSE, Frames.DOUBLES})
    void coMomentsOfAFeaturesColumnEqualThoseOfItsRowsBitForBit(String column) {
        Dataset<Row> iris = Frames.withFeatures("iris").repartition(3);
        InputColumns input = InputColumns.of(column, null, InputColumns.ERROR);
        CoMoments direct = DistributedCovariance.coMoments(iris, input, null);
        CoMoments viaRows = DistributedCovariance.coMoments(input.rows(iris, 4, null));
        assertEquals(150, direct.count());
        assertArrayEquals(bits(viaRows.covariance()), bits(direct.covariance()), column);
        assertArrayEquals(bits(viaRows.mean()), bits(direct.mean()), column);
    }

    @Test
    void coMomentsOfAFeaturesColumnCountTheRowsTheySkip() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        Dataset<Row> withNaN = iris.withColumn(
                Frames.DOUBLES,
                functions
                        .when(col("sepal_length").gt(7.5), functions.array(functions.lit(Double.NaN)))
                        .otherwise(col(Frames.DOUBLES)));
        LongAccumulator skipped = SPARK.sparkContext().longAccumulator();
        CoMoments moments = DistributedCovariance.coMoments(
                withNaN, InputColumns.of(Frames.DOUBLES, null, InputColumns.SKIP), skipped);
        long bad = iris.filter(col("sepal_length").gt(7.5)).count();
        assertTrue(bad > 0);
        assertEquals(bad, skipped.value());
        assertEquals(150 - bad, moments.count());
    }

    @Test
    void coMomentsOfFeaturesOfTwoLengthsFailNamingBoth() {
        Dataset<Row> iris = Frames.withFeatures("iris").select(Frames.DOUBLES);
        Dataset<Row> shorter =
                iris.select(functions.slice(col(Frames.DOUBLES), 1, 3).as(Frames.DOUBLES));
        InputColumns input = InputColumns.of(Frames.DOUBLES, null, InputColumns.ERROR);
        for (Dataset<Row> mixed : List.of(
                iris.coalesce(1).union(shorter.coalesce(1)), iris.union(shorter).coalesce(1))) {
            Exception e = assertThrows(Exception.class, () -> DistributedCovariance.coMoments(mixed, input, null));
            assertTrue(
                    rootMessage(e).contains("column 'doubles' holds a value of length 3, expected 4"), rootMessage(e));
        }
    }

    @Test
    void coMomentsOfAFeaturesColumnWithoutValidRowsSaySo() {
        Dataset<Row> none = Frames.withFeatures("iris").limit(0);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DistributedCovariance.coMoments(
                        none, InputColumns.of(Frames.DOUBLES, null, InputColumns.SKIP), null));
        assertTrue(e.getMessage().contains("column 'doubles' has no valid row"), e.getMessage());
    }
}
