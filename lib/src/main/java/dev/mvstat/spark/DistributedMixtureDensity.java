package dev.mvstat.spark;

import dev.mvstat.mixture.GaussianMixture;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Distributed rows assigned to the components of a fitted mixture: the mixture is broadcast once,
 * and each row gets its most likely component, every component's posterior probability and its
 * log-density {@code log sum_k w_k N_k(x)} (log-sum-exp, so that no probability underflows to an
 * undefined ratio).
 */
public final class DistributedMixtureDensity {

    private DistributedMixtureDensity() {}

    /**
     * Appends three columns: the most likely component (int, from 0), the components' posterior
     * probabilities (an ML vector) and the log-density (double). Starts no Spark job.
     *
     * @param data       the rows
     * @param mixture    the mixture; broadcast once
     * @param valuesOf   the values of a row, of the mixture's dimension
     * @param prediction the name of the component column
     * @param probability the name of the probabilities column
     * @param logDensity the name of the log-density column
     * @return the rows, in their order, with the columns appended
     */
    public static Dataset<Row> assign(
            Dataset<Row> data,
            GaussianMixture mixture,
            RowFunction<double[]> valuesOf,
            String prediction,
            String probability,
            String logDensity) {
        Broadcast<GaussianMixture> shared = JavaSparkContext.fromSparkContext(
                        data.sparkSession().sparkContext())
                .broadcast(mixture);
        StructType schema = data.schema()
                .add(prediction, DataTypes.IntegerType, false)
                .add(probability, SQLDataTypes.VectorType(), false)
                .add(logDensity, DataTypes.DoubleType, false);
        return data.map(
                (MapFunction<Row, Row>) row -> {
                    GaussianMixture m = shared.value();
                    double[] posterior = new double[m.components()];
                    double density = m.logDensity(valuesOf.apply(row), posterior);
                    int best = 0;
                    for (int k = 1; k < posterior.length; k++) {
                        if (posterior[k] > posterior[best]) {
                            best = k;
                        }
                    }
                    return DatasetRows.append(row, best, Vectors.dense(posterior), density);
                },
                Encoders.row(schema));
    }
}
