package dev.mvstat.moments;

import dev.mvstat.testing.ExactCovariance;
import dev.mvstat.testing.RandomRows;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static dev.mvstat.testing.Close.assertClose;
import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoMomentsTest {

    private static CoMoments of(List<double[]> rows) {
        return new CoMoments(rows.get(0).length).addAll(rows.iterator());
    }

    /** The covariance in full d x d storage by the two-pass definition: the mean, then the centered products. */
    private static double[] twoPassCovariance(List<double[]> rows) {
        int d = rows.get(0).length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / rows.size();
            }
        }
        double[] cov = new double[d * d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i * d + j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (rows.size() - 1);
                }
            }
        }
        return cov;
    }

    /** Entry (i, j) within {@code relative} sqrt(c_ii c_jj), c the expected covariance. */
    private static void assertCovarianceClose(double[] expected, double[] actual, int d, double relative, String what) {
        assertEquals(d * d, actual.length, what + ": d x d");
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double scale = Math.sqrt(expected[i * d + i] * expected[j * d + j]);
                assertEquals(expected[i * d + j], actual[i * d + j], relative * scale, what + "[" + i + "][" + j + "]");
            }
        }
    }

    /** Packed co-moments give the full matrix of the definition, over several blocks and a partial one. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 64, 301})
    void packedStorageEqualsTheFullTwoPassCovariance(int d) {
        List<double[]> rows = RandomRows.of(d, 700, d, 100);
        CoMoments m = of(rows);
        assertCovarianceClose(twoPassCovariance(rows), m.covariance(), d, 1e-12, "covariance");
        double[] covariance = m.covariance();
        double[] mean = m.mean();
        for (int j = 0; j < d; j++) {
            int column = j;
            double expected =
                    rows.stream().mapToDouble(row -> row[column]).average().orElseThrow();
            assertEquals(expected, mean[j], 1e-13 * (100 + Math.sqrt(covariance[j * d + j])), "mean[" + j + "]");
        }
    }

    /** Parts of uneven sizes, each over block boundaries or within one block, merged in order and out of it. */
    @ParameterizedTest
    @ValueSource(ints = {3, 64, 301})
    void partsMergedEqualOnePass(int d) {
        List<double[]> rows = RandomRows.of(d + 1, 900, d, -50);
        double[] whole = of(rows).covariance();
        CoMoments inOrder = of(rows.subList(0, 1))
                .merge(of(rows.subList(1, 300)))
                .merge(of(rows.subList(300, 557)))
                .merge(of(rows.subList(557, 900)));
        CoMoments tree =
                of(rows.subList(0, 300)).merge(of(rows.subList(300, 557)).merge(of(rows.subList(557, 900))));
        assertEquals(900, inOrder.count());
        assertCovarianceClose(whole, inOrder.covariance(), d, 1e-13, "merged in order");
        assertCovarianceClose(whole, tree.covariance(), d, 1e-13, "merged as a tree");
    }

    @Test
    void javaSerializationWritesThePackedTriangleOnly() throws IOException {
        int d = 301;
        CoMoments m = new CoMoments(d).addAll(RandomRows.of(5, 300, d, 0).iterator());
        m.add(new double[d]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        long triangle = 8L * d * (d + 1) / 2;
        assertTrue(
                bytes.size() > triangle && bytes.size() < triangle + 8 * 2 * d + 1024,
                bytes.size() + " bytes for a triangle of " + triangle);
    }

    @Test
    void handCheckedThreeRows() {
        // x = (1, 3, 5): mean 3, variance ((-2)^2 + 0 + 2^2)/2 = 4; y = (2, 4, 9): mean 5,
        // variance (9 + 1 + 16)/2 = 13; covariance ((-2)(-3) + 0 + 2*4)/2 = 7.
        CoMoments m = new CoMoments(2)
                .add(new double[] {1, 2})
                .add(new double[] {3, 4})
                .add(new double[] {5, 9});
        assertEquals(3, m.count());
        assertArrayEquals(new double[] {3, 5}, m.mean(), 1e-15);
        assertArrayEquals(new double[] {4, 7, 7, 13}, m.covariance(), 1e-14);
        assertArrayEquals(new double[] {8.0 / 3, 14.0 / 3, 14.0 / 3, 26.0 / 3}, m.covariance(0), 1e-14);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 255, 256, 257, 1000})
    void splitThenMergeEqualsOnePass(int split) {
        List<double[]> rows = RandomRows.of(7, 1001, 5, 0);
        CoMoments whole = of(rows);
        CoMoments merged = of(rows.subList(0, split)).merge(of(rows.subList(split, rows.size())));
        assertEquals(whole.count(), merged.count());
        assertClose(whole.mean(), merged.mean(), 1e-14 * 5, "mean (data scale 5)");
        assertCloseRelative(whole.covariance(), merged.covariance(), 1e-13, "covariance");
    }

    @Test
    void mergeIsAssociativeAndCommutativeUpToRounding() {
        List<double[]> rows = RandomRows.of(11, 900, 4, 5);
        List<double[]> a = rows.subList(0, 100), b = rows.subList(100, 500), c = rows.subList(500, 900);
        double[] abThenC = of(a).merge(of(b)).merge(of(c)).covariance();
        double[] aThenBc = of(a).merge(of(b).merge(of(c))).covariance();
        double[] cba = of(c).merge(of(b)).merge(of(a)).covariance();
        assertCloseRelative(abThenC, aThenBc, 1e-14, "associative");
        assertCloseRelative(abThenC, cba, 1e-14, "commutative");
    }

    @Test
    void mergingAnEmptyAccumulatorChangesNothing() {
        List<double[]> rows = RandomRows.of(3, 300, 3, 0);
        CoMoments m = of(rows);
        double[] before = m.covariance();
        double[] meanBefore = m.mean();
        m.merge(new CoMoments(3));
        assertArrayEquals(before, m.covariance(), 0.0);
        assertArrayEquals(meanBefore, m.mean(), 0.0);
        CoMoments empty = new CoMoments(3).merge(new CoMoments(3));
        assertEquals(0, empty.count());
        assertArrayEquals(new double[3], empty.mean(), 0.0);
        CoMoments fromEmpty = new CoMoments(3).merge(of(rows));
        assertArrayEquals(before, fromEmpty.covariance(), 0.0);
    }

    @Test
    void rejectsSelfMergeAndMismatchedAccumulators() {
        CoMoments m = new CoMoments(2).add(new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> m.merge(m));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.merge(new CoMoments(3)));
        assertTrue(e.getMessage().contains("expected an accumulator of 2 columns, actual 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.add(new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new CoMoments(0));
    }

    @Test
    void covarianceNeedsMoreRowsThanDdof() {
        CoMoments one = new CoMoments(2).add(new double[] {1, 2});
        IllegalStateException e = assertThrows(IllegalStateException.class, one::covariance);
        assertEquals(true, e.getMessage().contains("have 1"), e.getMessage());
        assertArrayEquals(new double[4], one.covariance(0), 0.0);
    }

    @Test
    void offsetDataIsExactToTheLastDigitsOfItsDoubles() {
        // offset.csv sits on 1e7 and 1e9: the result equals the exact (60-digit) covariance of the
        // same doubles. (Its decimal values are recovered exactly by the job's parser; see the jobs tests.)
        List<double[]> rows = TestData.rows("offset");
        double[] exact = ExactCovariance.of(rows);
        double[] actual = of(rows).covariance();
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], actual[i], 1e-13 * Math.abs(exact[i]), "covariance[" + i + "]");
        }
    }

    @Test
    void mergingAccumulatorsWithDistantPivotsIsExact() {
        // Two halves of offset.csv, each pivoting on its own first row, merge to the exact result;
        // so do parts whose pivots are far apart (values near 0 merged with values near 1e9).
        List<double[]> rows = TestData.rows("offset");
        double[] exact = ExactCovariance.of(rows);
        double[] merged = of(rows.subList(0, 500))
                .merge(of(rows.subList(500, rows.size())))
                .covariance();
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], merged[i], 1e-13 * Math.abs(exact[i]), "covariance[" + i + "]");
        }
        List<double[]> mixed =
                List.of(new double[] {0.5}, new double[] {1.5}, new double[] {1e9}, new double[] {1e9 + 2});
        double[] exactMixed = ExactCovariance.of(mixed);
        assertEquals(
                exactMixed[0],
                of(mixed.subList(0, 2)).merge(of(mixed.subList(2, 4))).covariance()[0],
                1e-15 * exactMixed[0]);
    }

    @Test
    void javaSerializationKeepsPendingRows() throws IOException, ClassNotFoundException {
        CoMoments m = new CoMoments(2)
                .add(new double[] {1, 2})
                .add(new double[] {3, 4})
                .add(new double[] {5, 9});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            CoMoments copy = (CoMoments) in.readObject();
            assertEquals(3, copy.count());
            assertArrayEquals(m.covariance(), copy.covariance(), 0.0);
            copy.add(new double[] {0, 0});
            assertEquals(4, copy.count());
        }
    }
}
