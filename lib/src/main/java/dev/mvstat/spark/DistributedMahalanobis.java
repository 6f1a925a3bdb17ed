package dev.mvstat.spark;

import dev.mvstat.mahalanobis.ChiSquared;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.mahalanobis.Whitener;
import dev.mvstat.moments.CovarianceModel;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaDoubleRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Mahalanobis scoring of distributed rows: the model (mean and Cholesky factor, see
 * {@link MahalanobisModel}) is fitted on the driver and broadcast once; every task whitens its
 * rows a block at a time by forward substitution and never forms an inverse. Outputs keep the
 * rows' order within each partition.
 */
public final class DistributedMahalanobis {

    /** Column appended by {@link #score}: the squared distance. */
    public static final String DISTANCE = "mahalanobis_sq";
    /** Column appended by {@link #score}: the chi-square upper tail of the squared distance. */
    public static final String P_VALUE = "p_value";
    /** Column appended by {@link #score}: {@code p_value < 1 - alpha}. */
    public static final String OUTLIER = "is_outlier";

    private DistributedMahalanobis() {}

    /**
     * Fits a model to rows: the co-moments in one pass, a second pass for Ledoit-Wolf's fourth
     * moments when asked, then regularization and factorization on the driver.
     *
     * @param rows           rows of finite values, at least two; cache them for Ledoit-Wolf
     * @param columns        column names
     * @param regularization what to do to the covariance
     * @param offset         values already subtracted from every row (a pivot), added back to the mean
     * @return the model
     * @throws dev.mvstat.mahalanobis.SingularCovarianceException if the covariance is not positive definite
     */
    public static MahalanobisModel fit(
            JavaRDD<double[]> rows, List<String> columns, Regularization regularization, double[] offset) {
        CovarianceModel model = CovarianceModel.of(columns, DistributedCovariance.coMoments(rows), null, offset);
        return fit(model, rows, regularization, offset);
    }

    /** {@link #fit(JavaRDD, List, Regularization, double[])} of rows taken as they are. */
    public static MahalanobisModel fit(JavaRDD<double[]> rows, List<String> columns, Regularization regularization) {
        return fit(rows, columns, regularization, new double[columns.size()]);
    }

    /**
     * Regularizes and factors a covariance model of the given rows.
     *
     * @param model          the rows' covariance model (with the rows' own mean, offset included)
     * @param rows           the rows, read only for Ledoit-Wolf
     * @param regularization what to do to the covariance
     * @param offset         values already subtracted from every row
     * @return the model
     */
    public static MahalanobisModel fit(
            CovarianceModel model, JavaRDD<double[]> rows, Regularization regularization, double[] offset) {
        double fourth = 0;
        if (regularization.needsFourthMoments()) {
            double[] center = model.mean();
            for (int j = 0; j < center.length; j++) {
                center[j] -= offset[j];
            }
            fourth = sumOfFourthPowers(rows, center);
        }
        return MahalanobisModel.fit(model, regularization, fourth);
    }

    /**
     * @param rows   rows of finite values
     * @param center their mean
     * @return {@code sum_k |x_k - center|^4}, summed in partition order
     */
    public static double sumOfFourthPowers(JavaRDD<double[]> rows, double[] center) {
        return rows
                .mapPartitions(it ->
                        List.of(Regularization.sumOfFourthPowers(it, center)).iterator())
                .collect()
                .stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    /**
     * The squared distances of each partition's rows, one array per partition.
     *
     * @param rows   rows of finite values minus {@code offset}; a null row is not scored and gets NaN
     * @param model  the model, broadcast once
     * @param offset values subtracted from every row
     * @return per partition, the squared distance of each of its rows, in order
     */
    public static JavaRDD<double[]> squaredDistancesByPartition(
            JavaRDD<double[]> rows, MahalanobisModel model, double[] offset) {
        Broadcast<MahalanobisModel> shared = broadcast(rows.context(), model);
        double[] shift = offset.clone();
        return rows.mapPartitions(it -> {
            Whitener w = shared.value().whitener(shift);
            double[] out = new double[Whitener.BLOCK_ROWS];
            int[] slots = new int[Whitener.BLOCK_ROWS];
            double[] block = new double[Whitener.BLOCK_ROWS];
            int n = 0;
            while (it.hasNext()) {
                double[] row = it.next();
                if (n == out.length) {
                    out = Arrays.copyOf(out, 2 * n);
                }
                out[n] = Double.NaN;
                if (row != null) {
                    slots[w.pending()] = n;
                    if (w.add(row)) {
                        scatter(w, block, slots, out);
                    }
                }
                n++;
            }
            scatter(w, block, slots, out);
            return List.of(Arrays.copyOf(out, n)).iterator();
        });
    }

    /** Writes the pending rows' squared distances to their places in {@code out}. */
    private static void scatter(Whitener w, double[] block, int[] slots, double[] out) {
        int rows = w.squaredDistances(block);
        for (int r = 0; r < rows; r++) {
            out[slots[r]] = block[r];
        }
    }

    /**
     * @param rows   rows of finite values minus {@code offset}
     * @param model  the covariance model, broadcast once
     * @param offset values already subtracted from every row
     * @return each row whitened, z = L^-1 (x - mean), so that Euclidean distances between whitened
     *         rows are the model's Mahalanobis distances
     */
    public static JavaRDD<double[]> whitened(JavaRDD<double[]> rows, MahalanobisModel model, double[] offset) {
        Broadcast<MahalanobisModel> shared = broadcast(rows.context(), model);
        double[] shift = offset.clone();
        return rows.mapPartitions(it -> {
            Whitener w = shared.value().whitener(shift);
            double[][] block = new double[Whitener.BLOCK_ROWS][];
            List<double[]> out = new ArrayList<>();
            while (it.hasNext()) {
                if (w.add(it.next())) {
                    drain(w, block, out);
                }
            }
            drain(w, block, out);
            return out.iterator();
        });
    }

    private static void drain(Whitener w, double[][] block, List<double[]> out) {
        int rows = w.whitened(block);
        for (int r = 0; r < rows; r++) {
            out.add(block[r]);
        }
    }

    /**
     * @param rows  rows of finite values
     * @param model the model
     * @return the squared distance of each row, in the rows' order
     */
    public static JavaDoubleRDD squaredDistances(JavaRDD<double[]> rows, MahalanobisModel model) {
        return squaredDistancesByPartition(rows, model, new double[model.dimension()])
                .flatMapToDouble(d -> Arrays.stream(d).iterator());
    }

    /**
     * Appends {@value #DISTANCE}, {@value #P_VALUE} and {@value #OUTLIER} to every row.
     *
     * @param data  rows with the model's columns (numeric, by name, in any order)
     * @param model the model
     * @param alpha rows with {@code p_value < 1 - alpha} are outliers; in (0, 1)
     * @return the scored rows; an action fails on a null or non-finite model column, naming it
     */
    public static Dataset<Row> score(Dataset<Row> data, MahalanobisModel model, double alpha) {
        return scoreByGroup(data, null, Map.of("", model), alpha);
    }

    /**
     * Scores every row against the model of its group, all models broadcast once.
     *
     * @param data      rows with the models' columns and the key column
     * @param keyColumn the column whose value (as text) names a row's model; null for one model
     * @param models    model per key; all with the same columns
     * @param alpha     rows with {@code p_value < 1 - alpha} are outliers; in (0, 1)
     * @return the scored rows; an action fails on a row whose key has no model, naming the key
     */
    public static Dataset<Row> scoreByGroup(
            Dataset<Row> data, String keyColumn, Map<String, MahalanobisModel> models, double alpha) {
        List<String> columns =
                models.isEmpty() ? List.of() : models.values().iterator().next().columns();
        int[] indices = DatasetRows.positions(data, columns);
        int key = keyColumn == null ? -1 : DatasetRows.positions(data, List.of(keyColumn))[0];
        String[] names = columns.toArray(new String[0]);
        RowFunction<String> groupOf = key < 0 ? null : row -> String.valueOf(row.get(key));
        RowFunction<double[]> valuesOf = row -> DatasetRows.values(row, indices, names);
        return score(data, models, groupOf, valuesOf, valuesOf, alpha, ScoreColumns.DEFAULT);
    }

    /**
     * Appends the squared distance, its p-value and the outlier flag to every row, scoring each
     * partition's rows a block at a time against the model of their group. Starts no Spark job,
     * so it applies to streaming Datasets too.
     *
     * @param data     the rows
     * @param models   model per group; all of one dimension; broadcast once
     * @param groupOf  the group of a row; null when the only model scores every row
     * @param valuesOf the values of a row, of the models' dimension, which need not be checked: a
     *                 NaN or infinite value makes the row's squared distance not finite
     * @param checked  reads a row whose squared distance is not finite again, failing on a NaN or
     *                 infinite value; when all are finite (an overflow), the distance stands
     * @param alpha    rows with {@code p_value < 1 - alpha} are outliers; in (0, 1)
     * @param output   the names of the three columns appended
     * @return the scored rows, in their order; an action fails on a row whose group has no model
     */
    public static Dataset<Row> score(
            Dataset<Row> data,
            Map<String, MahalanobisModel> models,
            RowFunction<String> groupOf,
            RowFunction<double[]> valuesOf,
            RowFunction<double[]> checked,
            double alpha,
            ScoreColumns output) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model");
        }
        MahalanobisModel first = models.values().iterator().next();
        for (Map.Entry<String, MahalanobisModel> e : models.entrySet()) {
            if (!e.getValue().columns().equals(first.columns())) {
                throw new IllegalArgumentException("model '" + e.getKey() + "' has columns "
                        + e.getValue().columns() + ", expected " + first.columns());
            }
        }
        Broadcast<HashMap<String, MahalanobisModel>> shared =
                broadcast(data.sparkSession().sparkContext(), new HashMap<>(models));
        int d = first.dimension();
        StructType schema = output.appendedTo(data.schema());
        if (groupOf == null && models.size() > 1) {
            throw new IllegalArgumentException("no group function to choose among " + models.size() + " models");
        }
        return data.mapPartitions(
                (MapPartitionsFunction<Row, Row>) it -> {
                    ChiSquared chi = new ChiSquared(d);
                    double tail = 1 - alpha;
                    return new OrderedScoring<Row, Row>(
                            it, whitenerOf(shared.value(), groupOf), valuesOf, (row, d2) -> {
                                if (!Double.isFinite(d2)) {
                                    checked.apply(row);
                                }
                                double p = chi.upperTail(d2);
                                return DatasetRows.append(row, d2, p, p < tail);
                            });
                },
                Encoders.row(schema));
    }

    /**
     * A task's choice of whitener per row, each whitener made when first needed.
     *
     * @param models  model per group
     * @param groupOf the group of a row; null for the only model
     * @return the whitener of a row's group; fails on a group without a model, naming it
     */
    private static Function<Row, Whitener> whitenerOf(
            Map<String, MahalanobisModel> models, RowFunction<String> groupOf) {
        if (groupOf == null) {
            Whitener only = models.values().iterator().next().whitener();
            return row -> only;
        }
        Map<String, Whitener> whiteners = new HashMap<>();
        return row -> {
            String group = groupOf.apply(row);
            MahalanobisModel m = models.get(group);
            if (m == null) {
                throw new IllegalArgumentException("no model for group '" + group + "'");
            }
            return whiteners.computeIfAbsent(group, g -> m.whitener());
        };
    }

    /**
     * The names of the columns scoring appends.
     *
     * @param distance the squared Mahalanobis distance
     * @param pValue   its chi-square upper tail
     * @param outlier  whether the p-value is below {@code 1 - alpha}
     */
    public record ScoreColumns(String distance, String pValue, String outlier) implements Serializable {
        /** {@value #DISTANCE}, {@value #P_VALUE}, {@value #OUTLIER}. */
        public static final ScoreColumns DEFAULT = new ScoreColumns(DISTANCE, P_VALUE, OUTLIER);

        /** @return {@code schema} with the three columns appended: double, double, boolean, not null */
        public StructType appendedTo(StructType schema) {
            return schema.add(distance, DataTypes.DoubleType, false)
                    .add(pValue, DataTypes.DoubleType, false)
                    .add(outlier, DataTypes.BooleanType, false);
        }
    }

    private static <T> Broadcast<T> broadcast(SparkContext sc, T value) {
        return JavaSparkContext.fromSparkContext(sc).broadcast(value);
    }
}
