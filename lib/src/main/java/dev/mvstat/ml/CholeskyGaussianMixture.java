package dev.mvstat.ml;

import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.spark.DistributedMixtureFit;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Fits a {@link CholeskyGaussianMixtureModel}: a mixture of {@code k} full-covariance Gaussians,
 * each parameterised by its Cholesky factor, by the fit of the {@code fit-mixture} job
 * ({@link DistributedMixtureFit}: the log-sum-exp NLL and its exact gradient summed on the
 * executors, a driver-side optimizer; by default natural steps, which on all rows are EM
 * iterations, over shuffled mini-batches that double every epoch), from k-means++ starts, with a
 * covariance floor that keeps every component a proper Gaussian.
 */
public final class CholeskyGaussianMixture
        extends FeaturesEstimator<CholeskyGaussianMixture, CholeskyGaussianMixtureModel>
        implements CholeskyGaussianMixtureParams<CholeskyGaussianMixture> {

    private final CholeskyGaussianMixtureParams.Fields fields;

    public CholeskyGaussianMixture() {
        this(Identifiable.randomUID("choleskyGaussianMixture"));
    }

    public CholeskyGaussianMixture(String uid) {
        super(uid);
        fields = new CholeskyGaussianMixtureParams.Fields(this);
    }

    @Override
    public CholeskyGaussianMixtureParams.Fields fields() {
        return fields;
    }

    /**
     * @throws IllegalArgumentException if the input column is missing or of another type, no row
     *                                  is valid, k exceeds the rows or there are fewer than
     *                                  {@code k (d + 1)} rows, or the batch size is larger than the data
     */
    @Override
    public CholeskyGaussianMixtureModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        InputColumns input = inputColumns();
        int d = input.dimension(dataset);
        LongAccumulator skipped = dataset.sparkSession().sparkContext().longAccumulator("skipped rows");
        MixtureFit fit = DistributedMixtureFit.fit(input.rows(dataset, d, skipped), mixtureSettings());
        CholeskyGaussianMixtureModel model =
                new CholeskyGaussianMixtureModel(uid(), input.valueNames(d), fit, skipped.value());
        return copyValues(model, extractParamMap()).setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return CholeskyGaussianMixtureModel.assignmentSchema(
                inputColumns(), schema, getPredictionCol(), getProbabilityCol(), getLogDensityCol());
    }

    /** @return the reader of saved estimators */
    public static MLReader<CholeskyGaussianMixture> read() {
        return new DefaultParamsReader<>();
    }

    /** @return the estimator saved at {@code path} */
    public static CholeskyGaussianMixture load(String path) {
        return read().load(path);
    }
}
