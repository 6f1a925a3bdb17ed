package dev.mvstat.ml;

import dev.mvstat.hdbscan.ClusterSelection;
import dev.mvstat.hdbscan.HdbscanSettings;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The params {@link SingleLinkage} and {@link SingleLinkageModel} share, with their getters and
 * setters. The flat cut is {@code k} clusters (default 2, as MLlib's KMeans and GaussianMixture)
 * or, when {@code distanceThreshold} is set, every merge up to that distance; setting both is an
 * error when fitting or transforming.
 *
 * <p>Setting {@code minClusterSize} turns the clustering into HDBSCAN* (Campello, Moulavi and Sander
 * 2013), with scikit-learn's params and meanings: single linkage on the mutual reachability
 * distance of {@code minSamples} (default: minClusterSize; a row is its own first neighbour), then
 * the condensed tree's clusters by {@code clusterSelection} (eom or leaf),
 * {@code clusterSelectionEpsilon} and {@code allowSingleCluster}; noise rows get -1. It excludes k
 * and distanceThreshold. minSamples shapes the tree, so it applies at fit; the others may change on
 * the model.
 *
 * @param <S> the stage itself, returned by the setters
 */
public interface SingleLinkageParams<S extends SingleLinkageParams<S>> extends InputParams<S> {

    @Override
    Fields fields();

    /** The Euclidean distance. */
    String EUCLIDEAN = "euclidean";
    /** The Mahalanobis distance of the training rows' (regularized) covariance. */
    String MAHALANOBIS = "mahalanobis";
    /** The sum of absolute differences. */
    String MANHATTAN = "manhattan";
    /** One minus the cosine of the angle between rows. */
    String COSINE = "cosine";

    /** @return the distance param: euclidean (default), mahalanobis, manhattan or cosine */
    default Param<String> metric() {
        return fields().metric;
    }

    /** @return the number-of-clusters param: at most k flat clusters, scipy's maxclust (default 2) */
    default IntParam k() {
        return fields().k;
    }

    /** @return the distance-threshold param: every merge at a distance up to it is applied (no default) */
    default DoubleParam distanceThreshold() {
        return fields().distanceThreshold;
    }

    /** @return the regularization param, for metric mahalanobis: none, ridge:&lt;lambda&gt;, ledoit-wolf or oas */
    default Param<String> regularization() {
        return fields().regularization;
    }

    /** @return the output column param: a row's flat cluster, -1 for none (default cluster) */
    default Param<String> predictionCol() {
        return fields().predictionCol;
    }

    /** @return the minimum-cluster-size param: set, it turns on HDBSCAN* (no default) */
    default IntParam minClusterSize() {
        return fields().minClusterSize;
    }

    /** @return the min-samples param: the neighbour of a row's core distance, itself first (default minClusterSize) */
    default IntParam minSamples() {
        return fields().minSamples;
    }

    /** @return the cluster-selection param: eom (excess of mass, default) or leaf */
    default Param<String> clusterSelection() {
        return fields().clusterSelection;
    }

    /** @return the selection-epsilon param: clusters born below this distance merge upwards (default 0) */
    default DoubleParam clusterSelectionEpsilon() {
        return fields().clusterSelectionEpsilon;
    }

    /** @return the allow-single-cluster param: whether all rows may form the one cluster (default false) */
    default BooleanParam allowSingleCluster() {
        return fields().allowSingleCluster;
    }

    /** @return whether HDBSCAN* is asked for: minClusterSize is set */
    default boolean isHdbscan() {
        return isSet(minClusterSize());
    }

    /**
     * @return HDBSCAN*'s settings
     * @throws java.util.NoSuchElementException if minClusterSize is not set
     */
    default HdbscanSettings hdbscanSettings() {
        int m = (Integer) getOrDefault(minClusterSize());
        return new HdbscanSettings(
                m,
                isSet(minSamples()) ? (Integer) getOrDefault(minSamples()) : m,
                ClusterSelection.parse(getOrDefault(clusterSelection())),
                (Double) getOrDefault(clusterSelectionEpsilon()),
                (Boolean) getOrDefault(allowSingleCluster()));
    }

    /** @return the distance */
    default String getMetric() {
        return getOrDefault(metric());
    }

    /** @return the number of clusters asked for (2 unless set) */
    default int getK() {
        return (Integer) getOrDefault(k());
    }

    /**
     * @return the distance threshold
     * @throws java.util.NoSuchElementException if it is not set
     */
    default double getDistanceThreshold() {
        return (Double) getOrDefault(distanceThreshold());
    }

    /** @return the regularization of the covariance, for metric mahalanobis */
    default String getRegularization() {
        return getOrDefault(regularization());
    }

    /** @return the output column */
    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    /** @param value euclidean, mahalanobis, manhattan or cosine; @return this */
    default S setMetric(String value) {
        return self(set(metric(), value));
    }

    /** @param value the largest number of flat clusters, at least 1; @return this */
    default S setK(int value) {
        return self(set(k(), value));
    }

    /** @param value the largest merge distance applied, at least 0; @return this */
    default S setDistanceThreshold(double value) {
        return self(set(distanceThreshold(), value));
    }

    /** @param value none, ridge:&lt;lambda&gt;, ledoit-wolf or oas (metric mahalanobis only); @return this */
    default S setRegularization(String value) {
        return self(set(regularization(), value));
    }

    /** @param value the output column; @return this */
    default S setPredictionCol(String value) {
        return self(set(predictionCol(), value));
    }

    /** @param value HDBSCAN*'s minimum cluster size, at least 2; @return this */
    default S setMinClusterSize(int value) {
        return self(set(minClusterSize(), value));
    }

    /** @param value HDBSCAN*'s min samples, at least 1; @return this */
    default S setMinSamples(int value) {
        return self(set(minSamples(), value));
    }

    /** @param value eom or leaf; @return this */
    default S setClusterSelection(String value) {
        return self(set(clusterSelection(), value));
    }

    /** @param value the selection epsilon, a distance at least 0; @return this */
    default S setClusterSelectionEpsilon(double value) {
        return self(set(clusterSelectionEpsilon(), value));
    }

    /** @param value whether all rows may form the one cluster; @return this */
    default S setAllowSingleCluster(boolean value) {
        return self(set(allowSingleCluster(), value));
    }

    @SuppressWarnings("unchecked")
    private S self(Params stage) {
        return (S) stage;
    }

    /** The param objects of one stage, created with their defaults. */
    final class Fields extends InputParams.Fields {
        final Param<String> metric;
        final IntParam k;
        final DoubleParam distanceThreshold;
        final Param<String> regularization;
        final Param<String> predictionCol;
        final IntParam minClusterSize;
        final IntParam minSamples;
        final Param<String> clusterSelection;
        final DoubleParam clusterSelectionEpsilon;
        final BooleanParam allowSingleCluster;

        Fields(Params owner) {
            super(owner);
            metric = new Param<>(
                    owner,
                    "metric",
                    "the distance: euclidean, mahalanobis (of the training rows' "
                            + "covariance, regularized as asked), manhattan or cosine",
                    ParamValidators.inArray(new String[] {EUCLIDEAN, MAHALANOBIS, MANHATTAN, COSINE}));
            k = new IntParam(
                    owner,
                    "k",
                    "at most k flat clusters (scipy's maxclust); not with distanceThreshold",
                    ParamValidators.gtEq(1));
            distanceThreshold = new DoubleParam(
                    owner,
                    "distanceThreshold",
                    "every merge at a distance up to this is applied (scipy's distance criterion); not with k",
                    ParamValidators.gtEq(0));
            regularization = MahalanobisParams.Fields.regularizationParam(owner);
            predictionCol = new Param<>(
                    owner, "predictionCol", "output column: the flat cluster a row joins (1..m), -1 for none");
            minClusterSize = new IntParam(
                    owner,
                    "minClusterSize",
                    "HDBSCAN*'s minimum cluster size; set, it replaces the flat cut (k, distanceThreshold)",
                    ParamValidators.gtEq(2));
            minSamples = new IntParam(
                    owner,
                    "minSamples",
                    "HDBSCAN*'s min samples: the neighbour whose distance is a row's core distance, the row "
                            + "itself first (default minClusterSize); applies at fit",
                    ParamValidators.gtEq(1));
            clusterSelection = new Param<>(
                    owner,
                    "clusterSelection",
                    "HDBSCAN*'s cluster selection: eom (excess of mass) or leaf",
                    ParamValidators.inArray(new String[] {"eom", "leaf"}));
            clusterSelectionEpsilon = new DoubleParam(
                    owner,
                    "clusterSelectionEpsilon",
                    "HDBSCAN*'s selection epsilon: clusters born below this distance merge up to an ancestor",
                    ParamValidators.gtEq(0));
            allowSingleCluster = new BooleanParam(
                    owner, "allowSingleCluster", "whether HDBSCAN* may select all rows as the one cluster");
            owner.setDefault(clusterSelection, "eom");
            owner.setDefault(clusterSelectionEpsilon, 0.0);
            owner.setDefault(allowSingleCluster, false);
            owner.setDefault(metric, EUCLIDEAN);
            owner.setDefault(k, 2);
            owner.setDefault(predictionCol, "cluster");
        }
    }
}
