package dev.mvstat.mixture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.gaussian.BatchLoss;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.InMemoryBatches;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.moments.ColumnMoments;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mixture fits against scikit-learn's EM, on data drawn from a known mixture, and on hard inputs. */
class MixtureFitterTest {

    private static final long SEED = 3;

    private static JsonNode reference() {
        return TestData.reference("mixtures");
    }

    private static MixtureFit fit(List<double[]> rows, MixtureSettings settings) {
        return MixtureFitter.fit(InMemoryBatches.of(rows, SEED), settings);
    }

    private static MixtureSettings settings(OptimizerKind kind, int k) {
        return MixtureSettings.of(k, FitSettings.defaults(kind).withSeed(SEED));
    }

    /**
     * The mean log-likelihood is at least scikit-learn's {@code GaussianMixture} (full covariances,
     * EM, best of 10 starts) minus 1e-3, on iris and wine with K = 1, 2, 3.
     */
    @ParameterizedTest(name = "{0} K = {1}")
    @CsvSource({"iris, 1", "iris, 2", "iris, 3", "wine, 1", "wine, 2", "wine, 3"})
    void emReachesScikitLearnsLikelihood(String name, int k) {
        MixtureFit fit =
                fit(TestData.rows(name), settings(OptimizerKind.NATURAL, k).withStarts(10));
        double sklearn = reference()
                .path("datasets")
                .path(name)
                .path("fits")
                .path(Integer.toString(k))
                .path("mean_log_likelihood")
                .asDouble();
        assertTrue(
                fit.meanLogLikelihood() >= sklearn - 1e-3,
                name + " K = " + k + ": " + fit.meanLogLikelihood() + " against scikit-learn's " + sklearn);
        assertTrue(fit.converged(), "converged after " + fit.epochs() + " epochs");
        assertTrue(fit.mixture().isFinite());
    }

    /** Each optimizer, from the same starts, reaches the same optimum on iris with K = 2. */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyOptimizerReachesTheOptimumOfIrisWithTwoComponents(OptimizerKind kind) {
        MixtureFit fit = fit(TestData.rows("iris"), settings(kind, 2));
        double sklearn = reference()
                .path("datasets")
                .path("iris")
                .path("fits")
                .path("2")
                .path("mean_log_likelihood")
                .asDouble();
        assertEquals(sklearn, fit.meanLogLikelihood(), 1e-6, kind + " after " + fit.epochs() + " epochs");
        assertTrue(fit.converged(), kind + " converged after " + fit.epochs() + " epochs");
    }

    /** On 3,000 rows drawn from a known 3-component mixture the fit finds scikit-learn's optimum, near the truth. */
    @Test
    void recoversAKnownMixture() {
        JsonNode m = reference().path("mixture3");
        MixtureFit fit = fit(
                TestData.rows("mixture3"), settings(OptimizerKind.NATURAL, 3).withStarts(3));
        assertEquals(m.path("fits").path("3").path("mean_log_likelihood").asDouble(), fit.meanLogLikelihood(), 1e-6);
        GaussianMixture mixture = fit.mixture();
        double[] weights = mixture.weights();
        for (int t = 0; t < 3; t++) {
            double[] trueMean = TestData.doubles(m.path("true_means").get(t));
            int k = nearest(mixture, trueMean);
            assertEquals(m.path("true_weights").get(t).asDouble(), weights[k], 0.03, "weight " + t);
            double[] mean = mixture.component(k).mean();
            double[] covariance = mixture.component(k).covariance();
            double[] trueCovariance =
                    TestData.doubles(m.path("true_covariances").get(t));
            for (int i = 0; i < 3; i++) {
                assertEquals(trueMean[i], mean[i], 0.15, "mean " + t + "," + i);
            }
            for (int i = 0; i < 9; i++) {
                assertEquals(trueCovariance[i], covariance[i], 0.25, "covariance " + t + "," + i);
            }
        }
    }

    private static int nearest(GaussianMixture mixture, double[] point) {
        int best = 0;
        for (int k = 1; k < mixture.components(); k++) {
            if (distance(mixture.component(k).mean(), point)
                    < distance(mixture.component(best).mean(), point)) {
                best = k;
            }
        }
        return best;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /** The loss's gradient equals central finite differences of the loss, floor's penalty included. */
    @Test
    void gradientEqualsCentralFiniteDifferences() {
        List<double[]> rows = TestData.rows("iris");
        int k = 2;
        int d = 4;
        Standardization st = Standardization.of(columnMoments(rows));
        SplittableRandom random = new SplittableRandom(5);
        double[] p =
                random.doubles(GaussianMixture.parameterCount(k, d), -0.5, 0.5).toArray();
        double[] gradient = loss(rows, st, k, d, p).meanGradient();
        for (int i = 0; i < p.length; i++) {
            double h = 1e-5;
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (loss(rows, st, k, d, up).meanLoss()
                            - loss(rows, st, k, d, down).meanLoss())
                    / (2 * h);
            assertEquals(fd, gradient[i], 1e-6 * Math.max(1, Math.abs(gradient[i])), "parameter " + i);
        }
    }

    /** Sums over rows split in parts and merged equal the sums of one pass. */
    @Test
    void partialSumsMergeToOnePass() {
        List<double[]> rows = TestData.rows("wine");
        Standardization st = Standardization.of(columnMoments(rows));
        GaussianMixture model = KMeansStart.of(standardized(rows, st), 3, 1);
        MixtureStatistics.Accumulator whole = new MixtureStatistics.Accumulator(model, st);
        MixtureStatistics.Accumulator first = new MixtureStatistics.Accumulator(model, st);
        MixtureStatistics.Accumulator second = new MixtureStatistics.Accumulator(model, st);
        for (int i = 0; i < rows.size(); i++) {
            whole.add(rows.get(i), 0);
            (i < 61 ? first : second).add(rows.get(i), 0);
        }
        BatchLoss one = whole.statistics().loss(model, 1e-6, 0);
        BatchLoss merged = first.statistics().plus(second.statistics()).loss(model, 1e-6, 0);
        assertEquals(one.meanLoss(), merged.meanLoss(), 1e-12 * Math.abs(one.meanLoss()));
        for (int i = 0; i < one.meanGradient().length; i++) {
            assertEquals(one.meanGradient()[i], merged.meanGradient()[i], 1e-10, "gradient " + i);
        }
    }

    /**
     * Fifty copies of one row beside iris: a component may settle on the copies, but the floor
     * keeps its covariance positive definite, and the mixture is finite with a finite likelihood.
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void duplicatedPointsGiveAValidMixture(OptimizerKind kind) {
        List<double[]> rows = new ArrayList<>(TestData.rows("iris"));
        for (int i = 0; i < 50; i++) {
            rows.add(rows.get(7).clone());
        }
        MixtureFit fit = fit(rows, settings(kind, 4).withStarts(2));
        assertValid(fit);
    }

    /**
     * Rows of which a third lie exactly on a line: a component takes them, thin across the line as
     * the floor allows, and stays a proper Gaussian.
     */
    @Test
    void aComponentOnCollinearRowsStaysValid() {
        List<double[]> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 300; i++) {
            double t = random.nextDouble(-1, 1);
            rows.add(
                    i % 3 == 0
                            ? new double[] {t, 2 * t, -t}
                            : new double[] {5 + random.nextGaussian(), random.nextGaussian(), random.nextGaussian()});
        }
        MixtureFit fit = fit(rows, settings(OptimizerKind.NATURAL, 2));
        assertValid(fit);
        double[] weights = fit.mixture().weights();
        assertEquals(1.0 / 3, Math.min(weights[0], weights[1]), 1e-6, "the line's share");
        double onTheLine = fit.mixture().logDensity(new double[] {0.1, 0.2, -0.1}, null);
        assertTrue(onTheLine > 5, "a point of the line is dense under the floor's thin component: " + onTheLine);
    }

    private static void assertValid(MixtureFit fit) {
        GaussianMixture mixture = fit.mixture();
        assertTrue(mixture.isFinite(), "finite mixture");
        assertTrue(Double.isFinite(fit.meanLogLikelihood()), "finite likelihood " + fit.meanLogLikelihood());
        for (int k = 0; k < mixture.components(); k++) {
            CholeskyGaussian c = mixture.component(k);
            double[] l = c.cholesky();
            for (int i = 0; i < c.dimension(); i++) {
                assertTrue(l[i * c.dimension() + i] > 0, "positive diagonal, component " + k);
            }
        }
        fit.trace()
                .forEach(s ->
                        assertTrue(Double.isFinite(s.batchNll()) || !s.event().isEmpty(), "step " + s));
    }

    @Test
    void badComponentCountsAreRejected() {
        List<double[]> iris = TestData.rows("iris");
        assertThrows(IllegalArgumentException.class, () -> settings(OptimizerKind.NATURAL, 0));
        IllegalArgumentException tooMany = assertThrows(
                IllegalArgumentException.class, () -> fit(iris.subList(0, 10), settings(OptimizerKind.NATURAL, 11)));
        assertTrue(tooMany.getMessage().contains("11 components for 10 rows"), tooMany.getMessage());
        IllegalArgumentException tooFew = assertThrows(
                IllegalArgumentException.class, () -> fit(iris.subList(0, 20), settings(OptimizerKind.NATURAL, 5)));
        assertTrue(tooFew.getMessage().contains("at least K (d + 1) = 25 rows"), tooFew.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(OptimizerKind.NATURAL, 2).withFloor(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(OptimizerKind.NATURAL, 2).withStarts(0));
    }

    private static BatchLoss loss(List<double[]> rows, Standardization st, int k, int d, double[] p) {
        GaussianMixture model = GaussianMixture.fromParameters(k, d, p);
        MixtureStatistics.Accumulator sums = new MixtureStatistics.Accumulator(model, st);
        rows.forEach(r -> sums.add(r, 0));
        return sums.statistics().loss(model, 0.01, 0);
    }

    private static ColumnMoments columnMoments(List<double[]> rows) {
        ColumnMoments m = new ColumnMoments(rows.get(0).length);
        rows.forEach(r -> m.add(r, 0));
        return m;
    }

    private static List<double[]> standardized(List<double[]> rows, Standardization st) {
        List<double[]> out = new ArrayList<>();
        for (double[] r : rows) {
            double[] y = new double[r.length];
            st.apply(r, 0, y);
            out.add(y);
        }
        return out;
    }
}
