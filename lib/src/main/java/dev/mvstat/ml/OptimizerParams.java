package dev.mvstat.ml;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.spark.DistributedGaussianDensity;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The params of the stages fitted by mini-batch optimization ({@link CholeskyGaussian},
 * {@link CholeskyGaussianMixture} and their models), with their getters and setters: the optimizer
 * and its schedule, and the log-density column the models append. The defaults are those of the
 * {@code fit-gaussian} job ({@link FitSettings}).
 * Two params have no fixed default: an unset {@code learningRate} is the optimizer's own default
 * ({@link OptimizerKind#defaultLearningRate()}), and {@code batchSize} 0, its default, is
 * {@link FitSettings}' rule for the number of rows. A setter given a value its param does not
 * allow fails naming the param, the value and what is allowed.
 *
 * @param <S> the stage itself, returned by the setters
 */
public interface OptimizerParams<S extends OptimizerParams<S>> extends InputParams<S> {

    @Override
    Fields fields();

    /** @return the optimizer param: natural (default), adam, sgd or lbfgs */
    default Param<String> optimizer() {
        return fields().optimizer;
    }

    /** @return the mini-batch size param (default 0: the rule of {@link FitSettings}) */
    default IntParam batchSize() {
        return fields().batchSize;
    }

    /** @return the learning-rate param (unset: the optimizer's default) */
    default DoubleParam learningRate() {
        return fields().learningRate;
    }

    /** @return the epoch budget param (default {@value FitSettings#DEFAULT_MAX_EPOCHS}) */
    default IntParam maxEpochs() {
        return fields().maxEpochs;
    }

    /** @return the stopping tolerance param (default {@value FitSettings#DEFAULT_TOLERANCE}) */
    default DoubleParam tol() {
        return fields().tol;
    }

    /** @return the row-shuffle seed param (default 0) */
    default LongParam seed() {
        return fields().seed;
    }

    /** @return the log-density column param (default log_density) */
    default Param<String> logDensityCol() {
        return fields().logDensityCol;
    }

    /** @return the optimizer's name */
    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** @return the mini-batch size, 0 for the rule of {@link FitSettings} */
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** @return the learning rate set, or the optimizer's default when none is */
    default double getLearningRate() {
        return isDefined(learningRate())
                ? (Double) getOrDefault(learningRate())
                : OptimizerKind.of(getOptimizer()).defaultLearningRate();
    }

    /** @return the most passes over the data the fit may take */
    default int getMaxEpochs() {
        return (Integer) getOrDefault(maxEpochs());
    }

    /** @return the stationarity at which a Gaussian has converged */
    default double getTol() {
        return (Double) getOrDefault(tol());
    }

    /** @return the seed of the row shuffle */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** @return the log-density column */
    default String getLogDensityCol() {
        return getOrDefault(logDensityCol());
    }

    /** @param value adam, sgd, lbfgs or natural; @return this */
    default S setOptimizer(String value) {
        return CheckedParams.set(this, optimizer(), value);
    }

    /** @param value rows per mini-batch, or 0 for the rule of {@link FitSettings}; @return this */
    default S setBatchSize(int value) {
        return CheckedParams.set(this, batchSize(), value);
    }

    /** @param value positive and finite; @return this */
    default S setLearningRate(double value) {
        return CheckedParams.set(this, learningRate(), value);
    }

    /** @param value at least 1; @return this */
    default S setMaxEpochs(int value) {
        return CheckedParams.set(this, maxEpochs(), value);
    }

    /** @param value positive and finite; @return this */
    default S setTol(double value) {
        return CheckedParams.set(this, tol(), value);
    }

    /** @param value any seed; @return this */
    default S setSeed(long value) {
        return CheckedParams.set(this, seed(), value);
    }

    /** @param value the output column's name; @return this */
    default S setLogDensityCol(String value) {
        return CheckedParams.set(this, logDensityCol(), value);
    }

    /** @return the fit settings the params say */
    default FitSettings fitSettings() {
        return new FitSettings(
                OptimizerKind.of(getOptimizer()),
                getBatchSize(),
                getLearningRate(),
                getMaxEpochs(),
                getTol(),
                getSeed());
    }

    /** The param objects of one stage, created with their defaults. */
    class Fields extends InputParams.Fields {
        final Param<String> optimizer;
        final IntParam batchSize;
        final DoubleParam learningRate;
        final IntParam maxEpochs;
        final DoubleParam tol;
        final LongParam seed;
        final Param<String> logDensityCol;

        Fields(Params owner) {
            super(owner);
            String[] optimizers = Arrays.stream(OptimizerKind.values())
                    .map(OptimizerKind::label)
                    .toArray(String[]::new);
            optimizer = new Param<>(
                    owner,
                    "optimizer",
                    "the optimizer: " + String.join(", ", optimizers),
                    ParamValidators.inArray(optimizers));
            batchSize = new IntParam(
                    owner,
                    "batchSize",
                    "rows per mini-batch of adam and sgd, doubled after every "
                            + "epoch until it is all rows, at least 0; 0: a quarter of the rows but at least "
                            + FitSettings.MIN_DEFAULT_BATCH_SIZE + " (all rows if fewer); lbfgs always uses all rows",
                    ParamValidators.gtEq(0));
            learningRate = new DoubleParam(
                    owner,
                    "learningRate",
                    "the learning rate (adam's alpha, sgd's step, "
                            + "lbfgs's first step length), positive and finite; unset: the optimizer's default",
                    (scala.Function1<Object, Object> & Serializable) Fields::isPositiveFinite);
            maxEpochs = new IntParam(
                    owner,
                    "maxEpochs",
                    "the most passes over the data the fit may take, at least 1",
                    ParamValidators.gtEq(1));
            tol = new DoubleParam(
                    owner,
                    "tol",
                    "a Gaussian has converged when the whitened residuals of its rows have "
                            + "mean within this of 0 and second moment within it of I (sqrt(|mean z|^2 + |I - mean z z^T|_F^2)); "
                            + "positive and finite",
                    (scala.Function1<Object, Object> & Serializable) Fields::isPositiveFinite);
            seed = new LongParam(owner, "seed", "the seed of the row shuffle");
            logDensityCol = new Param<>(
                    owner,
                    "logDensityCol",
                    "output column: the row's log-density under the "
                            + "fitted model (natural log), null when it has none for the row");
            owner.setDefault(optimizer, OptimizerKind.NATURAL.label());
            owner.setDefault(batchSize, 0);
            owner.setDefault(maxEpochs, FitSettings.DEFAULT_MAX_EPOCHS);
            owner.setDefault(tol, FitSettings.DEFAULT_TOLERANCE);
            owner.setDefault(seed, 0L);
            owner.setDefault(logDensityCol, DistributedGaussianDensity.LOG_DENSITY);
        }

        private static boolean isPositiveFinite(Object value) {
            double v = (Double) value;
            return v > 0 && !Double.isInfinite(v);
        }
    }
}
