package dev.mvstat.spark;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.mahalanobis.Whitener;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.HashMap;
import java.util.Map;

/**
 * Log-densities of distributed rows under fitted Gaussians, one per group: the Gaussians are
 * broadcast once; each task whitens its rows a block at a time by forward substitution with the
 * Cholesky factor ({@link Whitener}, no inverse formed) and turns each squared distance q into
 * {@code -(d log 2 pi + 2 sum_i log L_ii + q) / 2}.
 */
public final class DistributedGaussianDensity {

    /** The default name of the appended column. */
    public static final String LOG_DENSITY = "log_density";

    private DistributedGaussianDensity() {}

    /**
     * Appends the log-density of every row under the Gaussian of its group (null for a row whose
     * group has none). Starts no Spark job, so it applies to streaming Datasets too.
     *
     * @param data     the rows
     * @param models   Gaussian per group, all of one dimension; broadcast once
     * @param groupOf  the group of a row
     * @param valuesOf the values of a row, of the Gaussians' dimension; read only for rows whose
     *                 group has a Gaussian
     * @param column   the name of the appended column (double, nullable)
     * @return the rows, in their order, with the column appended
     * @throws IllegalArgumentException if there is no Gaussian or their dimensions differ
     */
    public static Dataset<Row> logDensity(
            Dataset<Row> data,
            Map<String, CholeskyGaussian> models,
            RowFunction<String> groupOf,
            RowFunction<double[]> valuesOf,
            String column) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no Gaussian");
        }
        int d = models.values().iterator().next().dimension();
        models.forEach((group, g) -> {
            if (g.dimension() != d) {
                throw new IllegalArgumentException(
                        "Gaussian '" + group + "' has dimension " + g.dimension() + ", expected " + d);
            }
        });
        Broadcast<HashMap<String, CholeskyGaussian>> shared = JavaSparkContext.fromSparkContext(
                        data.sparkSession().sparkContext())
                .broadcast(new HashMap<>(models));
        StructType schema = data.schema().add(column, DataTypes.DoubleType, true);
        return data.mapPartitions(
                (MapPartitionsFunction<Row, Row>) it -> {
                    Map<String, CholeskyGaussian> gaussians = shared.value();
                    Map<String, Whitener> whiteners = new HashMap<>();
                    return new OrderedScoring<Row, Row>(
                            it,
                            row -> {
                                String group = groupOf.apply(row);
                                CholeskyGaussian g = gaussians.get(group);
                                return g == null
                                        ? null
                                        : whiteners.computeIfAbsent(group, k -> new Whitener(g.mean(), g.cholesky()));
                            },
                            valuesOf,
                            (row, q) -> {
                                CholeskyGaussian g = gaussians.get(groupOf.apply(row));
                                return DatasetRows.append(
                                        row, g == null ? null : (Double) g.logDensityOfSquaredDistance(q));
                            });
                },
                Encoders.row(schema));
    }
}
