package dev.mvstat.jobs.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.hdbscan.HdbscanSettings;
import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.AddedColumns;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputFormat;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Edges;
import dev.mvstat.linkage.Metric;
import dev.mvstat.linkage.SpanningTree;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.DistributedMahalanobis;
import dev.mvstat.spark.DistributedSingleLinkage;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * {@code cluster}: exact single-linkage clustering through the minimum spanning tree; writes
 * linkage.csv (scipy's format), mst.csv, labels/ (with {@code --k} or {@code --distance-threshold}),
 * summary.json and report.html. With {@code --min-cluster-size}, HDBSCAN* (Campello, Moulavi and
 * Sander 2013) instead: the same on the mutual reachability distance, then condensed_tree.csv and
 * labels/ with each row's membership probability and outlier score.
 */
public final class ClusterJob extends DataJob {

    /** {@code --metric}: the distance between rows. */
    public static final OptionSpec METRIC =
            OptionSpec.choice("metric", "the distance between rows", "euclidean", "mahalanobis", "manhattan", "cosine");
    /** {@code --k}: the number of flat clusters. */
    public static final OptionSpec K = OptionSpec.integer(
            "k",
            "N",
            "cut the tree into at most N flat clusters (labels/)",
            1,
            "a whole number of clusters, at least 1");

    /** {@code --distance-threshold}: the flat cut at a merge distance. */
    public static final OptionSpec DISTANCE_THRESHOLD = OptionSpec.number(
            "distance-threshold",
            "D",
            "cut the tree at this merge distance (labels/); excludes --k",
            t -> t >= 0,
            "a finite distance, at least 0");

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String description() {
        return "exact single-linkage clustering (minimum spanning tree), or HDBSCAN* -> linkage.csv, mst.csv,"
                + " labels/";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> own = new ArrayList<>(
                List.of(METRIC, CovarianceFit.MODEL, CovarianceFit.REGULARIZATION, K, DISTANCE_THRESHOLD));
        own.addAll(ClusterHdbscan.options());
        own.add(DataOptions.OUTPUT_FORMAT);
        return DataOptions.with(own.toArray(new OptionSpec[0]));
    }

    @Override
    public String example() {
        return "--input data/iris.csv --columns sepal_length,petal_length --output /tmp/iris-clusters --k 3";
    }

    @Override
    protected void checkOwn(Options options) {
        Regularization regularization = CovarianceFit.regularization(options.require("regularization"));
        if (!whitens(options.require("metric"))
                && (options.get("model") != null || regularization.method() != Regularization.Method.NONE)) {
            throw JobException.usage("--model and --regularization apply to --metric mahalanobis only");
        }
        CovarianceFit.checkModel(options.get("model"), regularization);
        if (options.integer("k") != null && options.number("distance-threshold") != null) {
            throw JobException.usage("give --k or --distance-threshold, not both");
        }
        ClusterHdbscan.check(options);
    }

    @Override
    protected Plan plan(SparkSession spark, Options options) {
        String metricName = options.require("metric");
        boolean mahalanobis = whitens(metricName);
        Metric metric = mahalanobis ? Metric.EUCLIDEAN : Metric.valueOf(metricName.toUpperCase(Locale.ROOT));
        Regularization regularization = CovarianceFit.regularization(options.require("regularization"));
        Cut cut = Cut.of(options);
        String outputFormat = options.require("output-format");
        InputData.Request request = InputData.Request.of(options);
        CovarianceModel given = CovarianceFit.given(spark, options.get("model"), request.columns(), regularization);
        Clustering clustering = new Clustering(
                metricName,
                metric,
                regularization,
                cut,
                ClusterHdbscan.settings(options),
                outputFormat,
                request.idColumn(),
                given);
        return new Plan(request, (input, run) -> clustering.run(spark, input, run));
    }

    /** @return whether {@code --metric} is Mahalanobis's: Euclidean between whitened rows */
    private static boolean whitens(String metricName) {
        return metricName.equals("mahalanobis");
    }

    /**
     * The clustering the options ask for.
     *
     * @param metricName {@code --metric}
     * @param metric     the distance between rows: Euclidean between whitened rows for {@code mahalanobis}
     * @param cut        the flat cut, or null
     * @param hdbscan    HDBSCAN*'s settings for a number of valid rows, or null for single linkage
     * @param idColumn   {@code --id-column}, or null
     * @param given      the {@code --model}, or null
     */
    private record Clustering(
            String metricName,
            Metric metric,
            Regularization regularization,
            Cut cut,
            LongFunction<HdbscanSettings> hdbscan,
            String outputFormat,
            String idColumn,
            CovarianceModel given) {

        boolean mahalanobis() {
            return whitens(metricName);
        }

        /** Clusters the cached input: the spanning tree, its dendrogram, then the flat cut or HDBSCAN*. */
        Result run(SparkSession spark, RunInput input, RunRecord run) {
            InputData in = input.load(given == null ? null : given.columns());
            in.requireValidRows(1, "clustering");
            HdbscanSettings settings =
                    hdbscan == null ? null : hdbscan.apply(in.summary().rowsUsed());
            if (settings != null) {
                in.requireValidRows(settings.minSamples(), "HDBSCAN* with min samples " + settings.minSamples());
            }
            MahalanobisModel model = mahalanobis() ? CovarianceFit.fit(run, in, given, regularization) : null;
            // cosine distance is not invariant to a shift: it sees the values as read
            JavaRDD<double[]> rows = mahalanobis()
                    ? DistributedMahalanobis.whitened(in.rows(), model, in.pivot())
                    : metric == Metric.COSINE ? in.unshifted(in.rows()) : in.rows();
            if (metric == Metric.COSINE) {
                rejectZeroRows(in);
            }
            SpanningTree tree = run.stage(
                    "spanning_tree",
                    () -> settings == null
                            ? DistributedSingleLinkage.spanningTree(rows, metric)
                            : DistributedSingleLinkage.reachabilityTree(rows, metric, settings.minSamples()));
            Dendrogram dendrogram = tree.dendrogram();
            return settings == null
                    ? singleLinkage(spark, in, tree, dendrogram, model)
                    : hdbscan(spark, in, run, tree, dendrogram, model, settings);
        }

        private Result singleLinkage(
                SparkSession spark, InputData in, SpanningTree tree, Dendrogram dendrogram, MahalanobisModel model) {
            int[] labels = cut == null ? null : cut.labels(dendrogram);
            return new Result(
                    in.summary(),
                    out -> {
                        writeTrees(out, tree, dendrogram);
                        if (labels != null) {
                            out.writeTable(
                                    labelRows(spark, in, labels, null, idColumn), "labels", outputFormat, List.of());
                        }
                    },
                    () -> ClusterReport.render(
                            in,
                            dendrogram,
                            labels,
                            metricName,
                            cut == null ? null : cut.caption(),
                            cut == null ? Double.NaN : cut.height()),
                    ClusterFields.of(tree, dendrogram, metricName, cut, labels, null, model),
                    labels == null ? "no flat cut (--k or --distance-threshold)" : clusterSizes(labels));
        }

        /** HDBSCAN* on the tree of the mutual reachability distances. */
        private Result hdbscan(
                SparkSession spark,
                InputData in,
                RunRecord run,
                SpanningTree tree,
                Dendrogram dendrogram,
                MahalanobisModel model,
                HdbscanSettings settings) {
            HdbscanClusters clusters = run.stage("condensed_tree", () -> HdbscanClusters.of(dendrogram, settings));
            int[] labels = clusters.labels();
            return new Result(
                    in.summary(),
                    out -> {
                        writeTrees(out, tree, dendrogram);
                        out.writeText("condensed_tree.csv", ClusterHdbscan.condensedTreeCsv(clusters.condensedTree()));
                        out.writeTable(
                                labelRows(spark, in, labels, clusters, idColumn), "labels", outputFormat, List.of());
                    },
                    () -> ClusterReport.renderHdbscan(in, clusters, settings, metricName),
                    ClusterFields.of(
                            tree,
                            dendrogram,
                            metricName,
                            null,
                            labels,
                            ClusterHdbscan.Fields.of(settings, clusters, tree.coreSeconds()),
                            model),
                    ClusterHdbscan.figure(labels, clusters.noise()));
        }
    }

    /** Writes linkage.csv and mst.csv. */
    private static void writeTrees(OutputDirectory out, SpanningTree tree, Dendrogram dendrogram) {
        out.writeText("linkage.csv", linkageCsv(dendrogram));
        out.writeText("mst.csv", mstCsv(tree.edges()));
    }

    /** Cosine distance is undefined for an all-zero row: an input error naming the first one. */
    private static void rejectZeroRows(InputData in) {
        List<Tuple2<double[], Long>> zero = in.unshifted(in.valuesOrNull())
                .zipWithIndex()
                .filter(t -> t._1() != null && Arrays.stream(t._1()).allMatch(v -> v == 0))
                .take(1);
        if (!zero.isEmpty()) {
            throw JobException.input(in.path + " row " + (zero.get(0)._2() + 1) + ": all selected values are zero, and"
                    + " cosine distance is undefined for an all-zero row (rows counted from 1"
                    + (in.format == InputFormat.CSV ? " after the header" : "") + ")");
        }
    }

    /** scipy's linkage matrix: {@code left,right,distance,size}, one merge per line. */
    static String linkageCsv(Dendrogram tree) {
        return csv(
                "left,right,distance,size",
                tree.merges(),
                i -> List.of(tree.left(i), tree.right(i), tree.distance(i), (long) tree.size(i)));
    }

    private static String mstCsv(Edges edges) {
        return csv("u,v,weight", edges.size(), i -> List.of(edges.u(i), edges.v(i), edges.weight(i)));
    }

    /** @return a CSV text: the header line, then one line of values per row */
    static String csv(String header, int rows, IntFunction<List<Object>> row) {
        StringBuilder s = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            List<Object> values = row.apply(i);
            for (int k = 0; k < values.size(); k++) {
                s.append(k == 0 ? "" : ",").append(values.get(k));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * The id column (or {@code row_index}) and {@code cluster} of every valid row, and with HDBSCAN*
     * its {@code probability} and {@code outlier_score}.
     *
     * @param hdbscan the HDBSCAN* clustering, or null for a flat cut
     */
    private static Dataset<Row> labelRows(
            SparkSession spark, InputData in, int[] labels, HdbscanClusters hdbscan, String idColumn) {
        Broadcast<LabelColumns> shared = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new LabelColumns(
                        labels,
                        hdbscan == null ? null : hdbscan.probabilities(),
                        hdbscan == null ? null : hdbscan.outlierScores()));
        JavaRDD<Row> rows = in.validRowKeys(idColumn != null)
                .zipWithIndex()
                .map(t -> shared.value().row(t._1(), Math.toIntExact(t._2())));
        DataType keyType = idColumn == null
                ? DataTypes.LongType
                : in.schema().apply(idColumn).dataType();
        StructType schema = new StructType()
                .add(idColumn == null ? AddedColumns.ROW_INDEX : idColumn, keyType, idColumn != null)
                .add(AddedColumns.CLUSTER, DataTypes.IntegerType, false);
        if (hdbscan != null) {
            schema = schema.add(AddedColumns.PROBABILITY, DataTypes.DoubleType, false)
                    .add(AddedColumns.OUTLIER_SCORE, DataTypes.DoubleType, false);
        }
        return spark.createDataFrame(rows, schema);
    }

    /**
     * The columns of labels/ beside the key, by valid row; a class, not a record, for Kryo, which
     * Spark broadcasts it with.
     */
    private static final class LabelColumns implements Serializable {

        private final int[] clusters;
        private final double[] probabilities;
        private final double[] outlierScores;

        /**
         * @param probabilities HDBSCAN*'s membership probabilities, or null (left out) for a flat cut
         * @param outlierScores HDBSCAN*'s GLOSH scores, or null with {@code probabilities}
         */
        LabelColumns(int[] clusters, double[] probabilities, double[] outlierScores) {
            this.clusters = clusters;
            this.probabilities = probabilities;
            this.outlierScores = outlierScores;
        }

        Row row(Object key, int i) {
            return probabilities == null
                    ? RowFactory.create(key, clusters[i])
                    : RowFactory.create(key, clusters[i], probabilities[i], outlierScores[i]);
        }
    }

    /** @return "3 clusters of 50, 50, 50 rows" for labels 1..k, in label order; noise (-1) left out */
    static String clusterSizes(int[] labels) {
        long[] sizes = sizes(labels);
        return sizes.length + " clusters of "
                + String.join(
                        ", ", Arrays.stream(sizes).mapToObj(String::valueOf).toList()) + " rows";
    }

    /** @return the rows of each cluster, by label 1..k; noise (-1) left out */
    private static long[] sizes(int[] labels) {
        long[] sizes = new long[clusterCount(labels)];
        for (int label : labels) {
            if (label > 0) {
                sizes[label - 1]++;
            }
        }
        return sizes;
    }

    /** @return the rows of each cluster, largest first */
    private static List<Long> largestFirst(int[] labels) {
        return Arrays.stream(sizes(labels))
                .boxed()
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /** @return the number of clusters: the largest label */
    static int clusterCount(int[] labels) {
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }

    /**
     * The summary.json fields of the clustering.
     *
     * @param method    {@code single linkage}, or {@code hdbscan} with {@code --min-cluster-size}
     * @param rounds    the spanning tree's Borůvka rounds, or null for the blocked algorithm
     * @param blocks    the spanning tree's blocks, or null for Borůvka
     * @param criterion the flat cut, or null (left out) without one
     * @param clusters  the number of clusters, or null (left out, with {@code clusterSizes}) without a flat
     *                  cut or HDBSCAN*
     * @param clusterSizes the rows of each cluster, largest first
     * @param hdbscan   HDBSCAN*'s own fields, or null (left out) for single linkage
     * @param model     the Mahalanobis metric's model, or null (left out) for another metric
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClusterFields(
            String method,
            String metric,
            String algorithm,
            Integer rounds,
            Integer blocks,
            int observations,
            int merges,
            Double largestMergeDistance,
            Map<String, Number> criterion,
            Integer clusters,
            List<Long> clusterSizes,
            @JsonUnwrapped ClusterHdbscan.Fields hdbscan,
            @JsonUnwrapped CovarianceFit.ModelFields model) {

        static ClusterFields of(
                SpanningTree tree,
                Dendrogram dendrogram,
                String metric,
                Cut cut,
                int[] labels,
                ClusterHdbscan.Fields hdbscan,
                MahalanobisModel model) {
            boolean boruvka = tree.algorithm() == SpanningTree.Algorithm.KD_TREE_BORUVKA;
            boolean clustered = cut != null || hdbscan != null;
            return new ClusterFields(
                    hdbscan == null ? "single linkage" : "hdbscan",
                    metric,
                    tree.algorithm().label(),
                    boruvka ? tree.rounds() : null,
                    boruvka ? null : tree.rounds(),
                    dendrogram.observations(),
                    dendrogram.merges(),
                    dendrogram.merges() > 0 ? dendrogram.distance(dendrogram.merges() - 1) : null,
                    cut == null ? null : cut.criterion(),
                    clustered ? clusterCount(labels) : null,
                    clustered ? largestFirst(labels) : null,
                    hdbscan,
                    model == null ? null : CovarianceFit.ModelFields.of(model));
        }
    }

    /** The flat cut asked for: {@code --k} (scipy's maxclust) or {@code --distance-threshold}. */
    private record Cut(Integer k, Double threshold) {

        /** @return the cut of {@linkplain ClusterJob#checkOwn checked} options, or null */
        static Cut of(Options options) {
            Long k = options.integer("k");
            Double threshold = options.number("distance-threshold");
            return k == null && threshold == null ? null : new Cut(k == null ? null : k.intValue(), threshold);
        }

        int[] labels(Dendrogram tree) {
            return k != null ? tree.clustersOf(k) : tree.clustersAtDistance(threshold);
        }

        /** @return the cut as the dendrogram labels it */
        String caption() {
            return k != null ? "k = " + k : "distance " + threshold;
        }

        /** @return the cut's height, or NaN for halfway between the merges it separates */
        double height() {
            return threshold == null ? Double.NaN : threshold;
        }

        /** @return scipy's criterion and its value: {@code maxclust} or {@code distance} */
        Map<String, Number> criterion() {
            return k != null ? Map.of("maxclust", k) : Map.of("distance", threshold);
        }
    }
}
