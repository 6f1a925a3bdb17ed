package dev.mvstat.ml;

import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.hdbscan.HdbscanSettings;
import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Edges;
import dev.mvstat.linkage.Metric;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.ml.persist.ModelData;
import dev.mvstat.ml.persist.ModelReader;
import dev.mvstat.spark.DatasetRows;
import dev.mvstat.spark.InputColumns;
import dev.mvstat.spark.RowValues;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The exact single-linkage hierarchy of the training rows ({@link #linkage()}, scipy's format) and
 * its flat clusters, labelled 1..m in the order of each cluster's first training row, exactly as
 * the cluster job labels them. The cut, {@code k} or {@code distanceThreshold}, is applied when
 * asked, so it may be changed on the model without fitting again.
 *
 * <p>{@code transform} appends the flat cluster a row joins: that of its nearest training row
 * (under the model's metric; for mahalanobis, in the whitened space) when that row is within the
 * cut height, else -1. The height is the distance threshold, or for k clusters the distance of the
 * last merge the cut applies (0 when k &ge; n): a row within it would have been merged into that
 * cluster, though a new row is not clustered again, so it never joins two clusters. A training row
 * is at distance 0 from itself and gets its own cluster; rows equal in the metric's space that the
 * cut leaves apart (k &ge; n) get the cluster of the first of them. The training rows and their
 * labels are broadcast once per call and every row is compared with all of them, O(n d) per row;
 * {@code transform} starts no Spark job, so it applies to streaming Datasets.
 *
 * <p>Fitted with {@code minClusterSize}, the hierarchy is that of the mutual reachability distance
 * and the labels are HDBSCAN*'s ({@link #hdbscan()}: noise -1, membership probabilities, GLOSH
 * outlier scores); a new row lands where the training row nearest by mutual reachability would
 * take it ({@link dev.mvstat.hdbscan.ClusterAttachment}), or gets -1.
 */
public final class SingleLinkageModel extends FeaturesModel<SingleLinkageModel>
        implements SingleLinkageParams<SingleLinkageModel> {

    /** The saved state's format. */
    static final String FORMAT = "mvstat.SingleLinkageModel";
    /** The saved state's version. */
    static final int VERSION = 2;

    private final SingleLinkageParams.Fields fields;
    /** The metric param's value at fit. */
    private final String fittedMetric;
    /** A name per value. */
    private final List<String> columns;
    /** The training rows in the metric's space (whitened for mahalanobis), row-major n x d. */
    private final double[] points;
    /** Their minimum spanning tree, of the mutual reachability distance of {@link #minSamples}. */
    private final Edges tree;
    /** The min samples of the tree at fit: 1 for the plain distance. */
    private final int minSamples;
    /** The training rows' core distances, all 0 for min samples 1. */
    private final double[] cores;

    private final Dendrogram dendrogram;
    /** The whitening of metric mahalanobis, or null. */
    private final MahalanobisModel whitening;

    private final long skipped;

    /**
     * A model with nothing fitted, for tools that instantiate every registered stage (Spark Connect
     * ML's service discovery); fit one with {@link SingleLinkage} or {@link #load} one.
     */
    public SingleLinkageModel() {
        super(Identifiable.randomUID("singleLinkageModel"));
        this.fields = new SingleLinkageParams.Fields(this);
        this.fittedMetric = null;
        this.columns = List.of();
        this.points = null;
        this.tree = null;
        this.minSamples = 1;
        this.cores = null;
        this.dendrogram = null;
        this.whitening = null;
        this.skipped = 0;
    }

    /**
     * @param metric    the metric param's value at fit
     * @param columns   a name per value
     * @param points    the training rows in the metric's space, row-major; not copied
     * @param tree      their minimum spanning tree under {@link #spaceMetric(String)}, of the mutual
     *                  reachability distance for min samples above 1
     * @param minSamples the tree's min samples, 1 for the plain distance
     * @param cores     the training rows' core distances; not copied
     * @param whitening for mahalanobis, the model that whitened the rows; else null
     * @param skipped   training rows left out as invalid
     * @throws IllegalArgumentException if the tree does not span the rows
     */
    SingleLinkageModel(
            String uid,
            String metric,
            List<String> columns,
            double[] points,
            Edges tree,
            int minSamples,
            double[] cores,
            MahalanobisModel whitening,
            long skipped) {
        super(uid);
        this.fields = new SingleLinkageParams.Fields(this);
        this.fittedMetric = metric;
        this.columns = List.copyOf(columns);
        this.points = points;
        this.tree = tree;
        this.minSamples = minSamples;
        this.cores = cores;
        this.dendrogram = Dendrogram.of(tree, points.length / columns.size());
        this.whitening = whitening;
        this.skipped = skipped;
    }

    @Override
    public SingleLinkageParams.Fields fields() {
        return fields;
    }

    /**
     * @param metric a metric param value
     * @return the distance between rows of the metric's space: Euclidean for mahalanobis (on whitened rows)
     */
    static Metric spaceMetric(String metric) {
        return metric.equals(MAHALANOBIS) ? Metric.EUCLIDEAN : Metric.valueOf(metric.toUpperCase(Locale.ROOT));
    }

    /**
     * @return the hierarchy in scipy's linkage format, one row per merge (n - 1): merge i joins
     *         clusters {@code left} &lt; {@code right} (long ids: 0..n-1 the training rows, n + j
     *         the cluster of merge j; scipy's Z holds them as doubles) at {@code distance} into
     *         cluster n + i of {@code size} rows
     */
    public Dataset<Row> linkage() {
        List<Row> merges = new ArrayList<>(fitted().merges());
        for (int i = 0; i < fitted().merges(); i++) {
            merges.add(RowFactory.create(
                    (long) fitted().left(i), (long) fitted().right(i), fitted().distance(i), (long) fitted().size(i)));
        }
        StructType schema = new StructType()
                .add("left", DataTypes.LongType, false)
                .add("right", DataTypes.LongType, false)
                .add("distance", DataTypes.DoubleType, false)
                .add("size", DataTypes.LongType, false);
        return SparkSession.active().createDataFrame(merges, schema);
    }

    /** @return the hierarchy, for the library's own linkage API */
    public Dendrogram dendrogram() {
        return fitted();
    }

    /**
     * @return the training rows' hierarchy
     * @throws IllegalStateException if nothing was fitted (the no-argument constructor)
     */
    private Dendrogram fitted() {
        if (dendrogram == null) {
            throw nothingFitted("SingleLinkage");
        }
        return dendrogram;
    }

    /**
     * @return the flat cluster of each training row (in the order they were read, invalid rows
     *         left out), labelled 1..m by first row, under the current k or distanceThreshold, or
     *         HDBSCAN*'s with -1 for noise
     */
    public int[] labels() {
        return isHdbscan() ? hdbscan().labels() : FlatCut.of(this).labels(fitted());
    }

    /**
     * @return HDBSCAN*'s clustering of the training rows under the current params: labels,
     *         membership probabilities, GLOSH outlier scores and the condensed tree
     * @throws IllegalArgumentException if minClusterSize is not set, or minSamples differs from fit's
     */
    public HdbscanClusters hdbscan() {
        return HdbscanClusters.of(fitted(), settings());
    }

    /** @return HDBSCAN*'s settings, checked against the tree */
    private HdbscanSettings settings() {
        if (!isHdbscan()) {
            throw new IllegalArgumentException("set minClusterSize for HDBSCAN*");
        }
        HdbscanSettings settings = hdbscanSettings();
        if (settings.minSamples() != minSamples) {
            throw new IllegalArgumentException("the model's tree is of min samples " + minSamples + ", not "
                    + settings.minSamples() + ": fit again to change it (minSamples defaults to minClusterSize)");
        }
        return settings;
    }

    /** @return the number of flat clusters m under the current cut */
    public int numClusters() {
        return clusterSizes().length;
    }

    /** @return the number of training rows in each flat cluster: entry c - 1 for cluster c (noise left out) */
    public long[] clusterSizes() {
        int[] labels = labels();
        int m = 0;
        for (int label : labels) {
            m = Math.max(m, label);
        }
        long[] sizes = new long[m];
        for (int label : labels) {
            if (label > 0) {
                sizes[label - 1]++;
            }
        }
        return sizes;
    }

    /** @return the distance within which a new row joins its nearest training row's cluster, under the current flat cut */
    public double cutHeight() {
        return FlatCut.of(this).height(fitted());
    }

    /** @return the number of training rows n */
    public long count() {
        return fitted().observations();
    }

    /** @return the number of training rows left out as invalid (handleInvalid "skip") */
    public long skippedCount() {
        return skipped;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType output = transformSchema(schema, true);
        InputColumns input = inputColumns();
        RowValues values = input.reader(schema, columns.size());
        Dataset<Row> rows = input.transformable(dataset, values);
        NearestCluster nearest = nearestCluster();
        Broadcast<NearestCluster> shared = JavaSparkContext.fromSparkContext(
                        dataset.sparkSession().sparkContext())
                .broadcast(nearest);
        return rows.mapPartitions(
                (MapPartitionsFunction<Row, Row>) it -> {
                    NearestCluster.Query query = shared.value().query();
                    return new Iterator<Row>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Row next() {
                            Row row = it.next();
                            return DatasetRows.append(row, query.clusterOf(values.read(row)));
                        }
                    };
                },
                Encoders.row(output));
    }

    /** @return the rule that places new rows, under the current cut or HDBSCAN*'s clusters */
    private NearestCluster nearestCluster() {
        Metric metric = spaceMetric(fittedMetric);
        if (isHdbscan()) {
            return new NearestCluster(
                    points, columns.size(), metric, whitening, hdbscan().attachment(), cores, minSamples);
        }
        FlatCut cut = FlatCut.of(this);
        return new NearestCluster(
                points, columns.size(), metric, whitening, cut.labels(fitted()), cut.height(fitted()));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        fitted();
        if (isHdbscan()) {
            settings();
        }
        if (!getMetric().equals(fittedMetric)) {
            throw new IllegalArgumentException("the model was fitted with metric " + fittedMetric + ", not "
                    + getMetric() + ": fit again to change it");
        }
        if (getInputCols().length > 0 && getInputCols().length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " inputCols, as at fit " + columns
                    + ", actual " + getInputCols().length);
        }
        return clusteredSchema(this, inputColumns(), schema);
    }

    /**
     * @return the schema with the prediction column appended, after checking the params (one cut,
     *         regularization for mahalanobis only) and the input columns
     */
    static StructType clusteredSchema(SingleLinkageParams<?> params, InputColumns input, StructType schema) {
        FlatCut.of(params);
        boolean regularized = Regularization.parse(params.getRegularization()).method() != Regularization.Method.NONE;
        if (!params.getMetric().equals(MAHALANOBIS) && regularized) {
            throw new IllegalArgumentException("regularization " + params.getRegularization()
                    + " applies to metric mahalanobis only, not " + params.getMetric());
        }
        input.check(schema);
        String prediction = params.getPredictionCol();
        if (List.of(schema.fieldNames()).contains(prediction)) {
            throw new IllegalArgumentException("output column '" + prediction + "' already exists");
        }
        return schema.add(prediction, DataTypes.IntegerType, false);
    }

    @Override
    public SingleLinkageModel copy(ParamMap extra) {
        fitted();
        return copyValues(
                        new SingleLinkageModel(
                                uid(), fittedMetric, columns, points, tree, minSamples, cores, whitening, skipped),
                        extra)
                .setParent(parent());
    }

    /**
     * The saved state: {@code metric}, {@code columns}, {@code skipped}, {@code points} (the
     * training rows in the metric's space, row-major), the spanning tree as {@code tree_from},
     * {@code tree_to}, {@code tree_weight}, its {@code min_samples} and the rows'
     * {@code core_distances}, and {@code whitening}: for mahalanobis one entry, the whitening model,
     * else none.
     */
    @Override
    protected ModelData state() {
        fitted();
        int merges = tree.size();
        double[] from = new double[merges];
        double[] to = new double[merges];
        double[] weight = new double[merges];
        for (int i = 0; i < merges; i++) {
            from[i] = tree.u(i);
            to[i] = tree.v(i);
            weight[i] = tree.weight(i);
        }
        return ModelData.create(FORMAT, VERSION)
                .put("metric", fittedMetric)
                .put("columns", columns)
                .put("count", (long) fitted().observations())
                .put("skipped", skipped)
                .put("points", points)
                .put("tree_from", from)
                .put("tree_to", to)
                .put("tree_weight", weight)
                .put("min_samples", (long) minSamples)
                .put("core_distances", cores)
                .putEntries(
                        "whitening",
                        whitening == null ? List.of() : List.of(MahalanobisState.put(ModelData.entry(), whitening)));
    }

    /** @return the reader of saved models */
    public static MLReader<SingleLinkageModel> read() {
        return new ModelReader<>(SingleLinkageModel.class, FORMAT, VERSION, SingleLinkageModel::restore);
    }

    /** @return the model saved at {@code path} */
    public static SingleLinkageModel load(String path) {
        return read().load(path);
    }

    private static SingleLinkageModel restore(String uid, ModelData data) {
        String metric = data.string("metric");
        if (!List.of(EUCLIDEAN, MAHALANOBIS, MANHATTAN, COSINE).contains(metric)) {
            throw new IllegalArgumentException("unknown metric '" + metric + "'");
        }
        List<String> columns = data.strings("columns");
        int n = Math.toIntExact(data.longValue("count"));
        if (columns.isEmpty() || n < 1) {
            throw new IllegalArgumentException(
                    "expected at least one column and one row, actual " + columns.size() + " and " + n);
        }
        double[] points = data.doubles("points", Math.multiplyExact(n, columns.size()));
        double[] from = data.doubles("tree_from", n - 1);
        double[] to = data.doubles("tree_to", n - 1);
        double[] weight = data.doubles("tree_weight", n - 1);
        Edges tree = new Edges(n - 1);
        for (int i = 0; i < n - 1; i++) {
            tree.add(row(from[i], n, "tree_from", i), row(to[i], n, "tree_to", i), weight[i]);
        }
        List<ModelData> whitening = data.entries("whitening");
        if (whitening.size() != (metric.equals(MAHALANOBIS) ? 1 : 0)) {
            throw new IllegalArgumentException("expected " + (metric.equals(MAHALANOBIS) ? 1 : 0)
                    + " whitening entries for metric " + metric + ", actual " + whitening.size());
        }
        MahalanobisModel model = whitening.isEmpty() ? null : MahalanobisState.read(whitening.get(0));
        if (model != null && model.dimension() != columns.size()) {
            throw new IllegalArgumentException(
                    "expected a whitening model of " + columns.size() + " columns, actual " + model.dimension());
        }
        long minSamples = data.longValue("min_samples");
        if (minSamples < 1 || minSamples > n) {
            throw new IllegalArgumentException("expected min samples in [1, " + n + "], actual " + minSamples);
        }
        return new SingleLinkageModel(
                uid,
                metric,
                columns,
                points,
                tree,
                (int) minSamples,
                data.doubles("core_distances", n),
                model,
                data.longValue("skipped"));
    }

    /** @return {@code value} as a training row's index, checked */
    private static int row(double value, int n, String entry, int i) {
        if (!(value >= 0 && value < n && value == Math.rint(value))) {
            throw new IllegalArgumentException(
                    "expected a row index in [0, " + n + ") for '" + entry + "[" + i + "]', actual " + value);
        }
        return (int) value;
    }
}
