package dev.mvstat.ml;

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
            owner.setDefault(metric, EUCLIDEAN);
            owner.setDefault(k, 2);
            owner.setDefault(predictionCol, "cluster");
        }
    }
}
