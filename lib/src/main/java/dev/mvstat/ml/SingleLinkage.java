package dev.mvstat.ml;

import dev.mvstat.linkage.SpanningTree;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.spark.DistributedMahalanobis;
import dev.mvstat.spark.DistributedSingleLinkage;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.util.List;

/**
 * Fits a {@link SingleLinkageModel}: exact single-linkage clustering of the training rows through
 * their minimum spanning tree ({@link DistributedSingleLinkage}, Gower and Ross 1969), as the
 * cluster job computes it. For metric mahalanobis the rows are whitened first,
 * {@code z = L^-1 (x - mean)} with L the Cholesky factor of their (regularized) sample covariance,
 * and clustered under the Euclidean distance. The model holds the training rows (in the metric's
 * space) to place new rows: they are collected to the driver, n d values. With
 * {@code minClusterSize} set it is HDBSCAN* on the same tree of the mutual reachability distance
 * ({@link DistributedSingleLinkage#reachabilityTree}), as the cluster job with
 * {@code --min-cluster-size}.
 */
public final class SingleLinkage extends FeaturesEstimator<SingleLinkage, SingleLinkageModel>
        implements SingleLinkageParams<SingleLinkage> {

    private final SingleLinkageParams.Fields fields;

    /** An estimator with a new uid and the default params. */
    public SingleLinkage() {
        this(Identifiable.randomUID("singleLinkage"));
    }

    /** @param uid the estimator's unique id (its models share it) */
    public SingleLinkage(String uid) {
        super(uid);
        fields = new SingleLinkageParams.Fields(this);
    }

    @Override
    public SingleLinkageParams.Fields fields() {
        return fields;
    }

    /**
     * @throws IllegalArgumentException if the params or input columns are wrong, no row is valid,
     *                                  fewer than 2 are for mahalanobis, a row is all zeros for
     *                                  cosine, or there are fewer valid rows than minSamples
     * @throws dev.mvstat.mahalanobis.SingularCovarianceException for mahalanobis, if the covariance
     *                                  is not positive definite after the regularization
     */
    @Override
    public SingleLinkageModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        InputColumns input = inputColumns();
        int d = input.dimension(dataset);
        LongAccumulator skipped = dataset.sparkSession().sparkContext().longAccumulator("skipped rows");
        String metric = getMetric();
        JavaRDD<double[]> rows = input.rows(dataset, d, skipped).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<double[]> space = rows;
        try {
            long n = rows.count();
            if (n < (metric.equals(MAHALANOBIS) ? 2 : 1)) {
                throw new IllegalArgumentException("metric " + metric + " needs at least "
                        + (metric.equals(MAHALANOBIS) ? "2 valid rows" : "1 valid row") + ", actual " + n
                        + (skipped.value() > 0 ? " (" + skipped.value() + " skipped as invalid)" : ""));
            }
            MahalanobisModel whitening = null;
            if (metric.equals(MAHALANOBIS)) {
                whitening = DistributedMahalanobis.fit(
                        rows, input.valueNames(d), Regularization.parse(getRegularization()));
                space = DistributedMahalanobis.whitened(rows, whitening, new double[d])
                        .persist(StorageLevel.MEMORY_AND_DISK());
            }
            double[] points = flatten(space.collect(), d);
            if (metric.equals(COSINE)) {
                rejectZeroRows(points, d);
            }
            int minSamples = isHdbscan() ? hdbscanSettings().minSamples() : 1;
            SpanningTree tree = DistributedSingleLinkage.reachabilityTree(
                    space, SingleLinkageModel.spaceMetric(metric), minSamples);
            SingleLinkageModel model = new SingleLinkageModel(
                    uid(),
                    metric,
                    input.valueNames(d),
                    points,
                    tree.edges(),
                    minSamples,
                    tree.coreDistances() == null ? new double[(int) n] : tree.coreDistances(),
                    whitening,
                    skipped.value());
            return copyValues(model, ParamMap.empty()).setParent(this);
        } finally {
            space.unpersist(false);
            rows.unpersist(false);
        }
    }

    private static double[] flatten(List<double[]> rows, int d) {
        double[] flat = new double[Math.multiplyExact(rows.size(), d)];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, flat, r * d, d);
        }
        return flat;
    }

    /** Cosine distance is undefined for an all-zero row: an error naming the first one. */
    private static void rejectZeroRows(double[] points, int d) {
        for (int r = 0; r < points.length / d; r++) {
            boolean zero = true;
            for (int k = 0; k < d && zero; k++) {
                zero = points[r * d + k] == 0;
            }
            if (zero) {
                throw new IllegalArgumentException("valid row " + r + " (counted from 0) is all zeros, and cosine "
                        + "distance is undefined for an all-zero row");
            }
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return SingleLinkageModel.clusteredSchema(this, inputColumns(), schema);
    }

    /** @return the reader of saved estimators */
    public static MLReader<SingleLinkage> read() {
        return new DefaultParamsReader<>();
    }

    /** @return the estimator saved at {@code path} */
    public static SingleLinkage load(String path) {
        return read().load(path);
    }
}
