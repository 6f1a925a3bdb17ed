package dev.mvstat.gaussian;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fitter against the reference maximum-likelihood Gaussians, its schedule and its input checks. */
class GaussianFitterTest {

    private static final long SEED = 7;
    private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");
    private static final List<double[]> BADLY_SCALED = badlyScaledRows(2000, 42);

    static Stream<Arguments> dataSetsAndOptimizers() {
        return Stream.of("iris", "wine", "blobs3")
                .flatMap(name -> Arrays.stream(OptimizerKind.values()).map(kind -> Arguments.of(name, kind)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dataSetsAndOptimizers")
    void defaultsReachTheReferenceMle(String name, OptimizerKind kind) {
        GaussianFit fit = GaussianFitter.fit(InMemoryBatches.of(TestData.rows(name), SEED), FitSettings.defaults(kind));
        assertSingleGroupFitted(fit, reference(name), name + " " + kind);
    }

    static Stream<Arguments> miniBatchRates() {
        return Stream.of(
                Arguments.of(OptimizerKind.ADAM, OptimizerKind.ADAM.defaultLearningRate()),
                Arguments.of(OptimizerKind.SGD, 0.05));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("miniBatchRates")
    void miniBatchesOverPartsReachTheReferenceMle(OptimizerKind kind, double learningRate) {
        assertMiniBatchesOverPartsReachTheReference(kind, learningRate);
    }

    @Test
    void miniBatchesOverPartsReachTheReferenceMleWithSgdDefaults() {
        assertMiniBatchesOverPartsReachTheReference(OptimizerKind.SGD, OptimizerKind.SGD.defaultLearningRate());
    }

    /**
     * Twenty chained, correlated columns of unequal scales in batches of 2,500 rows (the shape of
     * the benchmark data): every optimizer with its default rate reaches the exact MLE.
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void defaultRatesReachTheMleOfChainedColumnsInMiniBatches(OptimizerKind kind) {
        List<double[]> rows = chainedRows(20_000, 20, 3);
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(rows, new int[rows.size()], 1, 2, SEED),
                FitSettings.defaults(kind).withBatchSize(2500));
        assertSingleGroupFitted(fit, Mle.of(rows), "chained columns " + kind);
    }

    @ParameterizedTest
    @EnumSource(names = {"ADAM", "LBFGS"})
    void irisBySpeciesReachesEachSpeciesMle(OptimizerKind kind) {
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(TestData.rows("iris"), irisSpecies(), SPECIES.size(), 1, SEED),
                FitSettings.defaults(kind));
        assertTrue(fit.converged(), "converged");
        assertEquals(SPECIES.size(), fit.groups().size());
        JsonNode bySpecies = TestData.reference("iris").get("gaussian_mle_by_species");
        for (int g = 0; g < SPECIES.size(); g++) {
            JsonNode expected = bySpecies.get(SPECIES.get(g));
            GaussianFit.Group group = fit.groups().get(g);
            assertEquals(expected.get("count").asLong(), group.count(), SPECIES.get(g) + " count");
            assertTrue(group.converged(), SPECIES.get(g) + " converged");
            Mle.reference(expected).assertFitted(group, SPECIES.get(g) + " " + kind);
        }
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void badlyScaledColumnsReachTheExactMle(OptimizerKind kind) {
        GaussianFit fit = GaussianFitter.fit(InMemoryBatches.of(BADLY_SCALED, SEED), FitSettings.defaults(kind));
        assertSingleGroupFitted(fit, Mle.of(BADLY_SCALED), "badly scaled " + kind);
        for (TraceStep s : fit.trace()) {
            assertFalse(Double.isNaN(s.batchNll()) || Double.isNaN(s.gradientNorm()), "NaN at step " + s);
        }
    }

    static Stream<Arguments> overshootingRates() {
        return Stream.of(
                Arguments.of(OptimizerKind.ADAM, 2.0),
                Arguments.of(OptimizerKind.SGD, 5.0),
                Arguments.of(OptimizerKind.LBFGS, 1e6));
    }

    /** Rates that overshoot (the NLL rises, or for L-BFGS's first step is not finite) but are brought down. */
    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("overshootingRates")
    void overshootingRatesAreBroughtDown(OptimizerKind kind, double learningRate) {
        assertIrisFittedDespiteTheRate(kind, learningRate);
    }
    /** Rates so large that the fit may not recover within the budget: still never NaN. */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"SGD, 1e3", "ADAM, 50"})
    void recklessRatesNeverGiveNaN(OptimizerKind kind, double learningRate) {
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(TestData.rows("iris"), SEED),
                FitSettings.defaults(kind).withLearningRate(learningRate).withMaxEpochs(300));
        GaussianFit.Group group = fit.groups().get(0);
        assertTrue(group.model().isFinite() && Double.isFinite(group.meanNll()), "model " + group);
        for (TraceStep s : fit.trace()) {
            assertTrue(!Double.isNaN(s.batchNll()) || s.event().contains("not finite"), "NaN NLL at " + s);
            // The fit keeps its best point: no NLL of all rows seen on the way is lower than the result.
            assertFalse(s.fullNll() < group.meanNll() - 1e-12 * Math.abs(group.meanNll()), "lower NLL at " + s);
        }
    }

    @Test
    void sameSeedGivesTheSameTrace() {
        List<TraceStep> first = blobsInBatches(SEED).trace();
        List<TraceStep> second = blobsInBatches(SEED).trace();
        assertArrayEquals(batchNlls(first), batchNlls(second));
        assertEquals(first, second);
    }

    @Test
    void otherSeedGivesAnotherTraceButTheSameMle() {
        GaussianFit one = blobsInBatches(SEED);
        GaussianFit other = blobsInBatches(SEED + 1);
        assertFalse(Arrays.equals(batchNlls(one.trace()), batchNlls(other.trace())), "traces differ");
        assertSingleGroupFitted(one, reference("blobs3"), "seed " + SEED);
        assertSingleGroupFitted(other, reference("blobs3"), "seed " + (SEED + 1));
    }

    @Test
    void noMoreRowsThanDimensionsIsRejected() {
        List<double[]> rows = TestData.rows("iris").subList(0, 4);
        assertFitRejected(
                InMemoryBatches.of(rows, SEED), FitSettings.defaults(OptimizerKind.LBFGS), "needs at least 5");
    }

    @Test
    void groupOfOneRowIsRejected() {
        List<double[]> rows = TestData.rows("iris");
        int[] groups = new int[rows.size()];
        groups[17] = 1;
        assertFitRejected(
                InMemoryBatches.of(rows, groups, 2, 1, SEED),
                FitSettings.defaults(OptimizerKind.ADAM),
                "group 1: 1 rows");
    }

    @Test
    void batchLargerThanTheDataIsRejected() {
        List<double[]> rows = TestData.rows("iris");
        assertFitRejected(
                InMemoryBatches.of(rows, SEED),
                FitSettings.defaults(OptimizerKind.ADAM).withBatchSize(rows.size() + 1),
                "larger than the data");
    }

    @Test
    void invalidSettingsAreRejected() {
        FitSettings adam = FitSettings.defaults(OptimizerKind.ADAM);
        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> adam.withBatchSize(0)),
                () -> assertThrows(IllegalArgumentException.class, () -> adam.withLearningRate(0)),
                () -> assertThrows(IllegalArgumentException.class, () -> adam.withLearningRate(-1)),
                () -> assertThrows(IllegalArgumentException.class, () -> adam.withLearningRate(Double.NaN)),
                () -> assertThrows(IllegalArgumentException.class, () -> adam.withMaxEpochs(0)),
                () -> assertThrows(IllegalArgumentException.class, () -> adam.withTolerance(0)));
    }

    @Test
    void optimizersAreNamedByTheirLabels() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            assertEquals(kind, OptimizerKind.of(kind.label()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.of("newton"));
        assertTrue(e.getMessage().contains("newton"), e.getMessage());
    }

    @Test
    void epochBudgetEndsAnUnconvergedFit() {
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(TestData.rows("iris"), SEED),
                FitSettings.defaults(OptimizerKind.ADAM).withMaxEpochs(3));
        assertFalse(fit.converged());
        assertFalse(fit.groups().get(0).converged());
        assertEquals(3, fit.epochs());
        assertEquals(3, fit.trace().get(fit.trace().size() - 1).epoch());
        assertTrue(fit.groups().get(0).model().isFinite());
    }

    private static Mle reference(String name) {
        return Mle.reference(TestData.reference(name).get("gaussian_mle"));
    }

    /** Each optimizer's budget of epochs on the data of condition number 1e8 (L-BFGS: full evaluations). */
    private static final Map<OptimizerKind, Integer> EPOCH_BUDGET =
            Map.of(OptimizerKind.NATURAL, 6, OptimizerKind.ADAM, 300, OptimizerKind.SGD, 400, OptimizerKind.LBFGS, 600);

    static Stream<Arguments> illConditionedFits() {
        return Stream.of(OptimizerKind.values())
                .flatMap(kind -> Stream.of(Arguments.of(kind, 20, 80_000), Arguments.of(kind, 64, 120_000)));
    }

    /**
     * Rows whose correlation matrix has a condition number of 1e8 (eigenvalues log-spaced from 1 to
     * 1e-8 under a random rotation), in columns of scales 1 to d: every optimizer with its defaults
     * reaches the closed-form optimum within a mean-NLL gap of 1e-6 and says converged, within its
     * epoch budget ({@link #EPOCH_BUDGET}), in batches that start at a quarter of the rows.
     */
    @ParameterizedTest(name = "{0} {1} x {2}")
    @MethodSource("illConditionedFits")
    void everyOptimizerConvergesOnACovarianceOfConditionNumber1e8(OptimizerKind kind, int d, int n) {
        List<double[]> rows = illConditionedRows(d, n, 1e8, 11);
        CoMoments moments = new CoMoments(d);
        rows.forEach(moments::add);
        ClosedForm exact = ClosedForm.of("generated", moments, new double[d], columnNames(d));
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(rows, SEED), FitSettings.defaults(kind).withBatchSize(n / 4));
        double gap = fit.groups().get(0).meanNll() - exact.meanNll();
        assertTrue(fit.converged(), kind + " converged after " + fit.epochs() + " epochs");
        assertTrue(Math.abs(gap) <= 1e-6, kind + " gap " + gap);
        assertTrue(fit.epochs() <= EPOCH_BUDGET.get(kind), kind + ": " + fit.epochs() + " epochs");
    }

    private static List<String> columnNames(int d) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** Rows {@code diag(1..d) Q^T z}, z with standard deviations log-spaced from 1 to 1/sqrt(cond), Q a random rotation. */
    private static List<double[]> illConditionedRows(int d, int n, double cond, long seed) {
        Random random = new Random(seed);
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = random.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            for (int j = 0; j < d; j++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        List<double[]> rows = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            double[] z = new double[d];
            for (int k = 0; k < d; k++) {
                z[k] = random.nextGaussian() * Math.pow(cond, -0.5 * k / (d - 1));
            }
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    x[j] += q[k][j] * z[k];
                }
                x[j] *= j + 1;
            }
            rows.add(x);
        }
        return rows;
    }

    private static void assertSingleGroupFitted(GaussianFit fit, Mle expected, String what) {
        assertTrue(fit.converged(), what + ": converged after " + fit.epochs() + " epochs");
        assertEquals(1, fit.groups().size());
        expected.assertFitted(fit.groups().get(0), what);
    }

    /** Blobs3 in 3 parts, in batches of 64 rows: the reference MLE, after several batches per epoch at first. */
    private static void assertMiniBatchesOverPartsReachTheReference(OptimizerKind kind, double learningRate) {
        List<double[]> rows = TestData.rows("blobs3");
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(rows, new int[rows.size()], 1, 3, SEED),
                FitSettings.defaults(kind).withBatchSize(64).withLearningRate(learningRate));
        assertSingleGroupFitted(fit, reference("blobs3"), "blobs3 in batches " + kind);
        // The first epoch reads ceil(n / 64) batches; later ones fewer as the batch doubles.
        assertEquals(
                (rows.size() + 63) / 64,
                fit.trace().stream().filter(s -> s.epoch() == 1).count());
        assertTrue(fit.trace().size() > fit.epochs(), "more steps than epochs");
    }

    /**
     * Iris at a learning rate too high for it: the reference MLE all the same, some step marked as
     * slowed down or undone, every rate taken finite and positive and lowered, and a NaN batch NLL
     * only on a step undone for it.
     */
    private static void assertIrisFittedDespiteTheRate(OptimizerKind kind, double learningRate) {
        GaussianFit fit = GaussianFitter.fit(
                InMemoryBatches.of(TestData.rows("iris"), SEED),
                FitSettings.defaults(kind).withLearningRate(learningRate));
        assertSingleGroupFitted(fit, reference("iris"), "iris " + kind + " at " + learningRate);
        List<TraceStep> trace = fit.trace();
        assertTrue(trace.stream().anyMatch(s -> !s.event().isEmpty()), "some step slowed down or undone");
        assertTrue(trace.stream().anyMatch(s -> s.learningRate() < learningRate), "the rate was lowered");
        // The last step may be the convergence check alone, which takes no rate (NaN).
        for (TraceStep s : trace) {
            boolean convergenceCheck = s == trace.get(trace.size() - 1) && Double.isNaN(s.learningRate());
            assertTrue(convergenceCheck || s.learningRate() > 0 && Double.isFinite(s.learningRate()), "rate at " + s);
            assertTrue(!Double.isNaN(s.batchNll()) || s.event().contains("not finite"), "NaN NLL at " + s);
        }
    }

    private static void assertFitRejected(Batches data, FitSettings settings, String messagePart) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> GaussianFitter.fit(data, settings));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    /** Adam on batches of 64 rows of blobs3, shuffled with this seed. */
    private static GaussianFit blobsInBatches(long seed) {
        return GaussianFitter.fit(
                InMemoryBatches.of(TestData.rows("blobs3"), seed),
                FitSettings.defaults(OptimizerKind.ADAM).withBatchSize(64).withSeed(seed));
    }

    private static double[] batchNlls(List<TraceStep> trace) {
        return trace.stream().mapToDouble(TraceStep::batchNll).toArray();
    }

    /** The species index of each iris row, in file order. */
    private static int[] irisSpecies() {
        try {
            List<String> lines = Files.readAllLines(TestData.csvFile("iris"));
            return lines.subList(1, lines.size()).stream()
                    .mapToInt(line -> SPECIES.indexOf(
                            line.substring(line.lastIndexOf(',') + 1).trim()))
                    .peek(g -> assertTrue(g >= 0, "known species"))
                    .toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows whose column j is {@code 100 j + (1 + j % 5)(z_j + z_(j-1) / 2)} for standard normal z. */
    private static List<double[]> chainedRows(int n, int d, long seed) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double[] x = new double[d];
            double previous = 0;
            for (int j = 0; j < d; j++) {
                double z = random.nextGaussian();
                x[j] = 100.0 * j + (1 + j % 5) * (z + 0.5 * previous);
                previous = z;
            }
            rows.add(x);
        }
        return rows;
    }

    /**
     * Correlated 3-d Gaussian rows with column 0 in the millions (scale 1e6, offset 3e6) and
     * column 1 in the millionths.
     */
    private static List<double[]> badlyScaledRows(int n, long seed) {
        double[][] mixing = {{1, 0, 0}, {0.8, 0.6, 0}, {0.3, -0.5, 0.7}};
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double[] z = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double[] x = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    x[i] += mixing[i][k] * z[k];
                }
            }
            x[0] = 1e6 * x[0] + 3e6;
            x[1] *= 1e-6;
            rows.add(x);
        }
        return rows;
    }
}
