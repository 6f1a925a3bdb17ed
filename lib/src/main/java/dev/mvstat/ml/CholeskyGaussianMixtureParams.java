package dev.mvstat.ml;

import dev.mvstat.mixture.MixtureSettings;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

import java.io.Serializable;

/**
 * The params {@link CholeskyGaussianMixture} and {@link CholeskyGaussianMixtureModel} share beyond
 * the optimizer's ({@link OptimizerParams}): the number of components {@code k} (default 2, as
 * MLlib's {@code GaussianMixture}), the starts, the covariance floor, and the prediction and
 * probability columns the model appends. With the default optimizer, {@code natural}, a full-batch
 * step is an EM iteration.
 *
 * @param <S> the stage itself, returned by the setters
 */
public interface CholeskyGaussianMixtureParams<S extends CholeskyGaussianMixtureParams<S>> extends OptimizerParams<S> {

    @Override
    Fields fields();

    /** @return the number of components param (default 2) */
    default IntParam k() {
        return fields().k;
    }

    /** @return the starts param (default 1) */
    default IntParam starts() {
        return fields().starts;
    }

    /** @return the covariance floor param (default {@value MixtureSettings#DEFAULT_FLOOR}) */
    default DoubleParam covarianceFloor() {
        return fields().covarianceFloor;
    }

    /** @return the prediction column param (default prediction): the most likely component */
    default Param<String> predictionCol() {
        return fields().predictionCol;
    }

    /** @return the probability column param (default probability): each component's posterior probability */
    default Param<String> probabilityCol() {
        return fields().probabilityCol;
    }

    default int getK() {
        return (Integer) getOrDefault(k());
    }

    default int getStarts() {
        return (Integer) getOrDefault(starts());
    }

    default double getCovarianceFloor() {
        return (Double) getOrDefault(covarianceFloor());
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    /** @param value at least 1; @return this */
    default S setK(int value) {
        return CheckedParams.set(this, k(), value);
    }

    /** @param value at least 1; @return this */
    default S setStarts(int value) {
        return CheckedParams.set(this, starts(), value);
    }

    /** @param value positive and finite; @return this */
    default S setCovarianceFloor(double value) {
        return CheckedParams.set(this, covarianceFloor(), value);
    }

    /** @param value the output column's name; @return this */
    default S setPredictionCol(String value) {
        return CheckedParams.set(this, predictionCol(), value);
    }

    /** @param value the output column's name; @return this */
    default S setProbabilityCol(String value) {
        return CheckedParams.set(this, probabilityCol(), value);
    }

    /** @return the mixture settings the params say */
    default MixtureSettings mixtureSettings() {
        return new MixtureSettings(getK(), fitSettings(), getStarts(), getCovarianceFloor());
    }

    /** The param objects of one stage, created with their defaults. */
    final class Fields extends OptimizerParams.Fields {
        final IntParam k;
        final IntParam starts;
        final DoubleParam covarianceFloor;
        final Param<String> predictionCol;
        final Param<String> probabilityCol;

        Fields(Params owner) {
            super(owner);
            k = new IntParam(owner, "k", "the number of Gaussian components, at least 1", ParamValidators.gtEq(1));
            starts = new IntParam(
                    owner,
                    "starts",
                    "the number of starts, each from its own k-means++ seeding, fitted together; the most "
                            + "likely is kept; at least 1",
                    ParamValidators.gtEq(1));
            covarianceFloor = new DoubleParam(
                    owner,
                    "covarianceFloor",
                    "keeps each component's covariance from falling much below this times each column's "
                            + "variance, so that none collapses onto a point; positive and finite",
                    (scala.Function1<Object, Object> & Serializable) v -> (Double) v > 0 && !((Double) v).isInfinite());
            predictionCol = new Param<>(owner, "predictionCol", "output column: the most likely component, from 0");
            probabilityCol = new Param<>(
                    owner, "probabilityCol", "output column: each component's posterior probability (a vector)");
            owner.setDefault(k, 2);
            owner.setDefault(starts, MixtureSettings.DEFAULT_STARTS);
            owner.setDefault(covarianceFloor, MixtureSettings.DEFAULT_FLOOR);
            owner.setDefault(predictionCol, "prediction");
            owner.setDefault(probabilityCol, "probability");
        }
    }
}
