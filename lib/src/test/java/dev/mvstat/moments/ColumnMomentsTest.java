package dev.mvstat.moments;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.Standardization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Per-column moments: hand-checked values, split-and-merge against one pass, and the standardization they give. */
class ColumnMomentsTest {

    /** Column 1, 2, 3, 4: mean 2.5 and variance (denominator n) 1.25; a constant column keeps scale 1. */
    @Test
    void standardizationCentresAtTheMeanAndScalesByTheStandardDeviation() {
        ColumnMoments m = new ColumnMoments(2);
        for (double v : new double[] {1, 2, 3, 4}) {
            m.add(new double[] {v, 7}, 0);
        }
        assertEquals(4, m.count());
        CholeskyGaussian standard = Standardization.of(m).toOriginal(CholeskyGaussian.standard(2));
        assertEquals(2.5, standard.mean()[0], 1e-15);
        assertEquals(7, standard.mean()[1], 1e-15);
        assertEquals(1.25, standard.covariance()[0], 1e-15);
        assertEquals(1, standard.covariance()[3], 1e-15);
    }

    /**
     * Rows on a 1e9 offset split in three uneven parts and an empty one: the merge equals one pass.
     * At that offset each Welford update rounds the mean by about an ulp of 1e9 (1.2e-7), so the
     * two agree to a few ulps in the mean and about 1e-8 in a unit variance: ample for a scale, which
     * the fit only needs roughly.
     */
    @Test
    void splitAndMergeEqualsOnePass() {
        Random random = new Random(5);
        double[] rows = new double[3 * 1000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = 1e9 + (i % 3 + 1) * random.nextGaussian();
        }
        ColumnMoments whole = new ColumnMoments(3);
        ColumnMoments[] parts = {new ColumnMoments(3), new ColumnMoments(3), new ColumnMoments(3), new ColumnMoments(3)
        };
        for (int r = 0; r < 1000; r++) {
            whole.add(rows, 3 * r);
            parts[r < 100 ? 0 : r < 700 ? 1 : 3].add(rows, 3 * r);
        }
        ColumnMoments merged = ColumnMoments.mergeAll(List.of(
                new ColumnMoments[] {parts[0]},
                new ColumnMoments[] {parts[1]},
                new ColumnMoments[] {parts[2]},
                new ColumnMoments[] {parts[3]}))[0];
        assertEquals(whole.count(), merged.count());
        double[] a = Standardization.of(whole)
                .toOriginal(CholeskyGaussian.standard(3))
                .covariance();
        double[] b = Standardization.of(merged)
                .toOriginal(CholeskyGaussian.standard(3))
                .covariance();
        double[] meanA = Standardization.of(whole)
                .toOriginal(CholeskyGaussian.standard(3))
                .mean();
        double[] meanB = Standardization.of(merged)
                .toOriginal(CholeskyGaussian.standard(3))
                .mean();
        for (int j = 0; j < 3; j++) {
            double variance = a[4 * j];
            assertEquals(variance, b[4 * j], 1e-7 * variance, "variance " + j);
            assertEquals(
                    (j + 1) * (j + 1),
                    variance,
                    0.15 * (j + 1) * (j + 1),
                    "variance " + j + " near its generating value");
            assertEquals(meanA[j], meanB[j], 4 * Math.ulp(meanA[j]), "mean " + j);
        }
    }

    @Test
    void rowsOfAnotherLengthAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ColumnMoments(2).merge(new ColumnMoments(3)));
    }
}
