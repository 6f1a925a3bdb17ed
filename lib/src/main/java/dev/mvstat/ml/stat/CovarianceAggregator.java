package dev.mvstat.ml.stat;

import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.Correlation;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.InputColumns;
import dev.mvstat.spark.RowValues;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The typed aggregator behind {@link MvstatFunctions#COVARIANCE} for one input type (an ML
 * vector, an {@code array<double>} or an {@code array<float>}): rows go into the group's
 * {@link MomentsBuffer}, partial buffers merge by Chan-Golub-LeVeque, and the result is the
 * struct {@link #OUTPUT}. A null input row is left out, as SQL aggregates leave out nulls; a null
 * element or a NaN or infinite value fails the query naming the column, the index and the value;
 * a row whose length differs from the group's first fails naming both lengths.
 */
final class CovarianceAggregator extends Aggregator<Row, MomentsBuffer, Row> {

    /**
     * The result: {@code count} (non-null rows), {@code mean} (null without rows), the sample
     * {@code covariance} (denominator n - 1) and the Pearson {@code correlation}, both null with
     * fewer than 2 rows; a correlation entry is null where undefined (a constant column).
     */
    static final StructType OUTPUT = new StructType()
            .add("count", DataTypes.LongType, false)
            .add("mean", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add(
                    "covariance",
                    DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false),
                    true)
            .add(
                    "correlation",
                    DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, true), false),
                    true);

    /** The input's name, for messages and the value names {@code column[j]}. */
    private final String column;
    /** The one-column rows the aggregator reads. */
    private final StructType input;

    private final InputColumns columns;
    private final RowValues values;

    /**
     * @param column the input's name
     * @param type   its type: a vector, {@code array<double>} or {@code array<float>}
     * @throws IllegalArgumentException naming the column and its type if it is another type
     */
    CovarianceAggregator(String column, DataType type) {
        this.column = column;
        this.input = new StructType().add(column, type, true);
        this.columns = InputColumns.of(column, null, InputColumns.ERROR);
        columns.check(input);
        this.values = columns.reader(input, -1);
    }

    /** @return the encoder of the one-column rows read */
    Encoder<Row> inputEncoder() {
        return Encoders.row(input);
    }

    @Override
    public MomentsBuffer zero() {
        return new MomentsBuffer();
    }

    @Override
    public MomentsBuffer reduce(MomentsBuffer buffer, Row row) {
        return row.isNullAt(0) ? buffer : buffer.add(values.read(row), column);
    }

    @Override
    public MomentsBuffer merge(MomentsBuffer buffer, MomentsBuffer other) {
        return buffer.merge(other, column);
    }

    /**
     * @throws ArithmeticException if a variance overflows double precision, naming the value ({@code column[j]})
     */
    @Override
    public Row finish(MomentsBuffer buffer) {
        CoMoments moments = buffer.moments();
        if (moments == null) {
            return RowFactory.create(0L, null, null, null);
        }
        long count = moments.count();
        if (count < 2) {
            return RowFactory.create(count, moments.mean(), null, null);
        }
        int d = moments.dimension();
        double[] covariance = CovarianceModel.sampleCovariance(columns.valueNames(d), moments);
        return RowFactory.create(
                count, moments.mean(), square(covariance, d), square(Correlation.fromCovariance(covariance, d), d));
    }

    /** @return a row-major d x d matrix as rows, NaN (an undefined correlation) as null */
    private static Double[][] square(double[] matrix, int d) {
        Double[][] rows = new Double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = matrix[i * d + j];
                rows[i][j] = Double.isNaN(v) ? null : v;
            }
        }
        return rows;
    }

    @Override
    public Encoder<MomentsBuffer> bufferEncoder() {
        return Encoders.javaSerialization(MomentsBuffer.class);
    }

    @Override
    public Encoder<Row> outputEncoder() {
        return Encoders.row(OUTPUT);
    }
}
