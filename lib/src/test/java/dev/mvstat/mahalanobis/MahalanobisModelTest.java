package dev.mvstat.mahalanobis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MahalanobisModelTest {

    static CovarianceModel covariance(List<double[]> rows, List<String> columns) {
        CoMoments m = new CoMoments(columns.size()).addAll(rows.iterator());
        return CovarianceModel.of(columns, m, null);
    }

    static List<String> names(int d) {
        return IntStream.range(0, d).mapToObj(j -> "x" + j).toList();
    }

    /** Squared distances of rows against a model, through the block workspace. */
    static double[] score(MahalanobisModel model, List<double[]> rows) {
        Whitener w = model.whitener();
        double[] out = new double[rows.size()];
        double[] block = new double[Whitener.BLOCK_ROWS];
        int done = 0;
        for (double[] row : rows) {
            if (w.add(row)) {
                done += copy(block, w.squaredDistances(block), out, done);
            }
        }
        copy(block, w.squaredDistances(block), out, done);
        return out;
    }

    private static int copy(double[] block, int n, double[] out, int at) {
        System.arraycopy(block, 0, out, at, n);
        return n;
    }

    static MahalanobisModel fit(String name, Regularization regularization) {
        List<double[]> rows = TestData.rows(name);
        JsonNode ref = TestData.reference(name);
        List<String> columns = new ArrayList<>();
        ref.get("columns").forEach(c -> columns.add(c.asText()));
        CovarianceModel cov = covariance(rows, columns);
        double fourth = Regularization.sumOfFourthPowers(rows.iterator(), cov.mean());
        return MahalanobisModel.fit(cov, regularization, fourth);
    }

    @Test
    void handCheckedDiagonalCovariance() {
        // rows (±2, ±3): mean 0, sample covariance diag(16/3, 12) for n = 4
        List<double[]> rows =
                List.of(new double[] {2, 3}, new double[] {-2, -3}, new double[] {2, -3}, new double[] {-2, 3});
        MahalanobisModel m = MahalanobisModel.fit(covariance(rows, names(2)), Regularization.none(), 0);
        double[] d2 = score(m, rows);
        for (double v : d2) {
            assertEquals(4 / (16.0 / 3) + 9 / 12.0, v, 1e-15);
        }
        assertEquals(12 / (16.0 / 3), m.conditionNumber(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void squaredDistancesMatchTheReference(String name) {
        MahalanobisModel m = fit(name, Regularization.none());
        double[] expected = TestData.doubles(TestData.reference(name).get("mahalanobis_sq"));
        double[] actual = score(m, TestData.rows(name));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10 * expected[i], name + " row " + i);
        }
        // Calibration: on its own training rows the mean of d^2 is d (n - 1) / n exactly.
        int d = m.dimension();
        long n = expected.length;
        assertEquals(d * (n - 1.0) / n, Arrays.stream(actual).average().orElseThrow(), 1e-12 * d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3", "collinear"})
    void shrinkageMatchesScikitLearn(String name) {
        for (String method : List.of("ledoit_wolf", "oas")) {
            JsonNode ref = TestData.reference(name).get(method);
            MahalanobisModel m = fit(name, Regularization.parse(method.replace('_', '-')));
            assertEquals(
                    ref.get("shrinkage").asDouble(),
                    m.intensity(),
                    1e-10 * ref.get("shrinkage").asDouble(),
                    name + " " + method + " shrinkage");
            assertCloseRelative(TestData.doubles(ref.get("covariance")), m.covariance(), 1e-10, name + " " + method);
            double[] expected = TestData.doubles(ref.get("mahalanobis_sq"));
            double[] actual = score(m, TestData.rows(name));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-10 * expected[i], name + " " + method + " row " + i);
            }
        }
    }

    @Test
    void collinearColumnsWithoutRegularizationNameTheRankAndTheRelation() {
        SingularCovarianceException e =
                assertThrows(SingularCovarianceException.class, () -> fit("collinear", Regularization.none()));
        assertEquals(2, e.rank);
        assertEquals(List.of(), e.constantColumns);
        assertEquals(List.of("u", "v", "w"), e.collinearColumns);
        assertTrue(
                e.getMessage().contains("numerical rank 2; constant columns: none; collinear columns: u, v, w (w = "),
                e.getMessage());
    }

    @Test
    void constantColumnAndFewerRowsThanColumns() {
        List<double[]> rows = List.of(new double[] {1, 5, 2}, new double[] {2, 5, 3}, new double[] {4, 5, 1});
        SingularCovarianceException e = assertThrows(
                SingularCovarianceException.class,
                () -> MahalanobisModel.fit(covariance(rows, names(3)), Regularization.none(), 0));
        assertEquals(List.of("x1"), e.constantColumns);
        assertEquals(2, e.rank);
        // 3 rows in 4 columns: rank 2, the last column a combination of the others
        List<double[]> wide = List.of(new double[] {1, 0, 2, 7}, new double[] {0, 1, 3, 1}, new double[] {2, 2, 0, 4});
        SingularCovarianceException w = assertThrows(
                SingularCovarianceException.class,
                () -> MahalanobisModel.fit(covariance(wide, names(4)), Regularization.none(), 0));
        assertEquals(2, w.rank);
        assertEquals(List.of("x0", "x1", "x2"), w.collinearColumns);
    }

    @Test
    void ridgeMakesASingularCovarianceUsableAndNeverGivesNaN() {
        List<double[]> rows = TestData.rows("collinear");
        CovarianceModel cov = covariance(rows, List.of("u", "v", "w"));
        MahalanobisModel m = MahalanobisModel.fit(cov, Regularization.ridge(1e-3), 0);
        double[] expected = cov.covariance();
        double meanVariance = (expected[0] + expected[4] + expected[8]) / 3;
        assertEquals(expected[0] + 1e-3 * meanVariance, m.covariance()[0], 1e-15 * expected[0]);
        for (double v : score(m, rows)) {
            assertTrue(v >= 0 && Double.isFinite(v), "d^2 = " + v);
        }
    }

    @Test
    void singleColumnWorks() {
        List<double[]> rows = List.of(new double[] {1}, new double[] {2}, new double[] {6});
        MahalanobisModel m = MahalanobisModel.fit(covariance(rows, names(1)), Regularization.none(), 0);
        // mean 3, variance 7
        assertArrayEquals(new double[] {4 / 7.0, 1 / 7.0, 9 / 7.0}, score(m, rows), 1e-15);
        assertEquals(
                0,
                MahalanobisModel.fit(covariance(rows, names(1)), Regularization.oas(), 0)
                        .intensity());
    }

    @Test
    void offsetRowsScoreLikeTheRowsThemselves() {
        List<double[]> rows = TestData.rows("iris");
        MahalanobisModel m = fit("iris", Regularization.none());
        double[] pivot = rows.get(0);
        Whitener shifted = m.whitener(pivot);
        double[] out = new double[Whitener.BLOCK_ROWS];
        for (int i = 0; i < 10; i++) {
            double[] x = rows.get(i).clone();
            for (int j = 0; j < x.length; j++) {
                x[j] -= pivot[j];
            }
            shifted.add(x);
        }
        shifted.squaredDistances(out);
        double[] direct = score(m, rows.subList(0, 10));
        for (int i = 0; i < 10; i++) {
            assertEquals(direct[i], out[i], 1e-12 * direct[i]);
        }
    }

    @Test
    void badRegularizationText() {
        assertThrows(IllegalArgumentException.class, () -> Regularization.parse("ridge:-1"));
        assertThrows(IllegalArgumentException.class, () -> Regularization.parse("ridge:abc"));
        assertThrows(IllegalArgumentException.class, () -> Regularization.parse("tikhonov"));
        assertEquals("ridge:0.5", Regularization.parse("ridge:0.5").toString());
        assertEquals("ledoit-wolf", Regularization.parse("Ledoit-Wolf").toString());
    }
}
