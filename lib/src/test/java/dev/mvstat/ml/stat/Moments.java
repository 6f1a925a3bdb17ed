package dev.mvstat.ml.stat;

import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import org.apache.spark.sql.Row;
import scala.collection.Iterator;
import scala.collection.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@code mvstat_covariance} result read back from its struct, the same figures computed by the
 * library's single-pass path, and the comparison of the two.
 *
 * @param count       non-null rows
 * @param mean        the means, or null
 * @param covariance  row-major d x d, or null
 * @param correlation row-major d x d with NaN for a null entry, or null
 */
record Moments(long count, double[] mean, double[] covariance, double[] correlation) {

    /** @return the figures of a result struct */
    static Moments of(Row struct) {
        return new Moments(
                struct.getLong(struct.fieldIndex("count")),
                flat(struct.get(struct.fieldIndex("mean"))),
                flat(struct.get(struct.fieldIndex("covariance"))),
                flat(struct.get(struct.fieldIndex("correlation"))));
    }

    /** @return the figures of rows accumulated in one pass of {@link CoMoments}, as the covariance job does */
    static Moments singlePass(List<double[]> rows) {
        CoMoments m = new CoMoments(rows.get(0).length).addAll(rows.iterator());
        List<String> names =
                IntStream.range(0, m.dimension()).mapToObj(j -> "x" + j).toList();
        CovarianceModel model = CovarianceModel.of(names, m, null);
        return new Moments(model.count(), model.mean(), model.covariance(), model.correlation());
    }

    /** @return a (nested) array of doubles flattened row-major, null entries as NaN; null for null */
    private static double[] flat(Object cell) {
        if (cell == null) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        flatten(cell, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Object cell, List<Double> out) {
        if (cell instanceof Seq<?> seq) {
            Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                flatten(it.next(), out);
            }
        } else {
            out.add(cell == null ? Double.NaN : (Double) cell);
        }
    }

    /** @return the number of values per row */
    int dimension() {
        return mean.length;
    }

    /**
     * Asserts that {@code actual} has the same count and, within {@code relative}, the same
     * figures: mean j and covariance (i, j) relative to the column scales {@code sqrt(c_jj)} and
     * {@code sqrt(c_ii c_jj)}, correlation absolutely (null where this one is).
     */
    void assertMatches(Moments actual, double relative, String what) {
        assertEquals(count, actual.count, what + ": count");
        int d = dimension();
        assertEquals(d, actual.dimension(), what + ": dimension");
        for (int j = 0; j < d; j++) {
            assertEquals(
                    mean[j], actual.mean[j], relative * Math.sqrt(covariance[j * d + j]), what + ": mean[" + j + "]");
        }
        assertCovarianceClose(covariance, actual.covariance, d, relative, what);
        for (int i = 0; i < d * d; i++) {
            assertEquals(
                    correlation[i],
                    actual.correlation[i],
                    relative,
                    what + ": correlation[" + i / d + "][" + i % d + "]");
        }
    }

    /** Covariance entry (i, j) within {@code relative} times {@code sqrt(c_ii c_jj)} of the expected one. */
    static void assertCovarianceClose(double[] expected, double[] actual, int d, double relative, String what) {
        assertEquals(d * d, actual.length, what + ": covariance size");
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double scale = Math.sqrt(expected[i * d + i] * expected[j * d + j]);
                assertEquals(
                        expected[i * d + j],
                        actual[i * d + j],
                        relative * scale,
                        what + ": covariance[" + i + "][" + j + "]");
            }
        }
    }
}
