package dev.mvstat.jobs.input;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The row subtracted from every input row before any statistic is accumulated, so that data on a
 * large offset loses no digits: the first row of the sample whose selected cells are all valid. Text cells
 * are subtracted in exact decimal arithmetic, rounded once: {@link Decimal} for up to 18 digits,
 * {@link BigDecimal} beyond. Numeric cells are subtracted in floating point (exact by Sterbenz's
 * lemma for values near the pivot).
 */
public final class Pivot implements Serializable {

    /** The pivot's values. */
    private final double[] values;
    /** The pivot's cells where they were text of at most 18 digits, else null. */
    private final Decimal[] decimals;
    /** The pivot's cells where they were text, else null. */
    private final BigDecimal[] exact;

    private Pivot(double[] values, Decimal[] decimals, BigDecimal[] exact) {
        this.values = values;
        this.decimals = decimals;
        this.exact = exact;
    }

    /** @return the pivot taken from the first fully valid sampled row, or zero when there is none */
    static Pivot firstValid(List<Row> sample, int[] indices) {
        for (Row row : sample) {
            boolean valid = true;
            for (int index : indices) {
                valid &= Cells.problem(row.get(index)) == null;
            }
            if (valid) {
                double[] values = new double[indices.length];
                Decimal[] decimals = new Decimal[indices.length];
                BigDecimal[] exact = new BigDecimal[indices.length];
                for (int j = 0; j < indices.length; j++) {
                    Object cell = row.get(indices[j]);
                    values[j] = Cells.value(cell);
                    if (cell instanceof String text) {
                        decimals[j] = Decimal.parse(text);
                        exact[j] = bigDecimal(text);
                    }
                }
                return new Pivot(values, decimals, exact);
            }
        }
        int d = indices.length;
        return new Pivot(new double[d], new Decimal[d], new BigDecimal[d]);
    }

    /** @return whether no valid row was found, so that nothing is subtracted */
    boolean isZero() {
        return Arrays.stream(values).allMatch(v -> v == 0)
                && Arrays.stream(exact).allMatch(Objects::isNull);
    }

    /** @return the pivot's values (a copy) */
    double[] values() {
        return values.clone();
    }

    /**
     * Parses a cell and subtracts the pivot: the one strict parse of every selected cell.
     *
     * @param column the selected column's position
     * @param cell   a cell of that column
     * @return the cell's value minus the pivot's value in that column, or NaN when the cell is
     *         not a finite number ({@link Cells#problem} then says why)
     */
    double subtractFrom(int column, Object cell) {
        if (cell instanceof String text) {
            Decimal value = Decimal.parse(text);
            if (value != null && decimals[column] != null) {
                double difference = value.minus(decimals[column]);
                if (!Double.isNaN(difference)) {
                    return difference;
                }
            }
            if (value == null && Cells.problem(cell) != null) {
                return Double.NaN;
            }
            BigDecimal big = exact[column] == null ? null : bigDecimal(text);
            if (big != null) {
                return big.subtract(exact[column]).doubleValue();
            }
        } else if (Cells.problem(cell) != null) {
            return Double.NaN;
        }
        return Cells.value(cell) - values[column];
    }

    /**
     * @param column the selected column's position
     * @param value  a numeric cell's value
     * @return the value minus the pivot's value in that column (NaN or infinite when the value is)
     */
    double subtractFrom(int column, double value) {
        return value - values[column];
    }

    /** @return the text as a decimal, or null when its exponent is out of BigDecimal's range */
    private static BigDecimal bigDecimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
