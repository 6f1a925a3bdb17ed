package dev.mvstat.ml;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.mixture.GaussianMixture;
import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.ml.persist.ModelData;
import dev.mvstat.ml.persist.ModelReader;
import dev.mvstat.spark.DistributedMixtureDensity;
import dev.mvstat.spark.InputColumns;
import dev.mvstat.spark.RowValues;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted mixture of K full-covariance Gaussians, with what its fit reported. {@code transform}
 * appends each row's most likely component ({@code predictionCol}), every component's posterior
 * probability ({@code probabilityCol}, a vector) and its log-density ({@code logDensityCol},
 * log-sum-exp). It keeps every input column and starts no Spark job, so it applies to streaming
 * Datasets.
 */
public final class CholeskyGaussianMixtureModel extends FeaturesModel<CholeskyGaussianMixtureModel>
        implements CholeskyGaussianMixtureParams<CholeskyGaussianMixtureModel> {

    /** The saved state's format. */
    static final String FORMAT = "mvstat.CholeskyGaussianMixtureModel";
    /** The saved state's version. */
    static final int VERSION = 1;

    private final CholeskyGaussianMixtureParams.Fields fields;
    /** A name per value of a row. */
    private final List<String> columns;
    /** The fit, in the data's units; null when nothing is fitted. */
    private final MixtureFit fit;

    private final long skipped;

    /**
     * A model with nothing fitted, for tools that instantiate every registered stage; fit one with
     * {@link CholeskyGaussianMixture} or {@link #load} one.
     */
    public CholeskyGaussianMixtureModel() {
        super(Identifiable.randomUID("choleskyGaussianMixtureModel"));
        this.fields = new CholeskyGaussianMixtureParams.Fields(this);
        this.columns = List.of();
        this.fit = null;
        this.skipped = 0;
    }

    /**
     * @param columns a name per value of a row
     * @param fit     the fit, its mixture in the data's units
     * @param skipped training rows left out as invalid
     */
    CholeskyGaussianMixtureModel(String uid, List<String> columns, MixtureFit fit, long skipped) {
        super(uid);
        if (fit.mixture().dimension() != columns.size()) {
            throw new IllegalArgumentException(
                    "mixture of dimension " + fit.mixture().dimension() + " for " + columns.size() + " columns");
        }
        this.fields = new CholeskyGaussianMixtureParams.Fields(this);
        this.columns = List.copyOf(columns);
        this.fit = fit;
        this.skipped = skipped;
    }

    @Override
    public CholeskyGaussianMixtureParams.Fields fields() {
        return fields;
    }

    /** @return the mixture, for the library's own API */
    public GaussianMixture mixture() {
        return fitted().mixture();
    }

    /** @return the components' weights, summing to 1 */
    public Vector weights() {
        return Vectors.dense(mixture().weights());
    }

    /** @return component k's mean */
    public Vector mean(int k) {
        return Vectors.dense(component(k).mean());
    }

    /** @return component k's covariance {@code L L^T}, d x d */
    public Matrix covariance(int k) {
        int d = columns.size();
        return Matrices.dense(d, d, component(k).covariance());
    }

    /** @return component k's lower-triangular Cholesky factor L */
    public Matrix cholesky(int k) {
        int d = columns.size();
        return Matrices.dense(d, d, component(k).cholesky()).transpose();
    }

    private CholeskyGaussian component(int k) {
        GaussianMixture m = mixture();
        if (k < 0 || k >= m.components()) {
            throw new IllegalArgumentException("no component " + k + ": the mixture has " + m.components());
        }
        return m.component(k);
    }

    /** @return the mean log-likelihood per training row (natural log) */
    public double meanLogLikelihood() {
        return fitted().meanLogLikelihood();
    }

    /** @return how far the mixture is from a fixed point of the EM step on its training rows */
    public double stationarity() {
        return fitted().stationarity();
    }

    /** @return whether the fit met the tolerance */
    public boolean converged() {
        return fitted().converged();
    }

    /** @return the passes over the data the fit took */
    public int epochs() {
        return fitted().epochs();
    }

    /** @return the training rows */
    public long count() {
        return fitted().rows();
    }

    /** @return the number of training rows left out as invalid (handleInvalid "skip") */
    public long skippedCount() {
        return skipped;
    }

    private MixtureFit fitted() {
        if (fit == null) {
            throw nothingFitted("CholeskyGaussianMixture");
        }
        return fit;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        transformSchema(schema, true);
        InputColumns input = inputColumns();
        RowValues values = input.reader(schema, columns.size());
        return DistributedMixtureDensity.assign(
                input.transformable(dataset, values),
                mixture(),
                values::read,
                getPredictionCol(),
                getProbabilityCol(),
                getLogDensityCol());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        fitted();
        return assignmentSchema(inputColumns(), schema, getPredictionCol(), getProbabilityCol(), getLogDensityCol());
    }

    /**
     * @return the schema with the component, probabilities and log-density columns appended
     * @throws IllegalArgumentException if an input column is missing or has another type, or an output column exists
     */
    static StructType assignmentSchema(
            InputColumns input, StructType schema, String prediction, String probability, String logDensity) {
        input.check(schema);
        List<String> names = List.of(schema.fieldNames());
        for (String out : List.of(prediction, probability, logDensity)) {
            if (names.contains(out)) {
                throw new IllegalArgumentException("output column '" + out + "' already exists");
            }
        }
        return schema.add(prediction, DataTypes.IntegerType, false)
                .add(probability, SQLDataTypes.VectorType(), false)
                .add(logDensity, DataTypes.DoubleType, false);
    }

    @Override
    public CholeskyGaussianMixtureModel copy(ParamMap extra) {
        CholeskyGaussianMixtureModel copy = new CholeskyGaussianMixtureModel(uid(), columns, fitted(), skipped);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    protected ModelData state() {
        GaussianMixture m = mixture();
        List<ModelData> components = new ArrayList<>();
        double[] logits = m.logits();
        for (int k = 0; k < m.components(); k++) {
            components.add(ModelData.entry()
                    .put("logit", logits[k])
                    .put("mean", m.component(k).mean())
                    .put("cholesky", m.component(k).cholesky()));
        }
        MixtureFit f = fitted();
        return ModelData.create(FORMAT, VERSION)
                .put("columns", columns)
                .put("rows", f.rows())
                .put("mean_log_likelihood", f.meanLogLikelihood())
                .put("stationarity", f.stationarity())
                .put("converged", f.converged())
                .put("epochs", f.epochs())
                .put("skipped", skipped)
                .putEntries("components", components);
    }

    /** @return the reader of saved models */
    public static MLReader<CholeskyGaussianMixtureModel> read() {
        return new ModelReader<>(CholeskyGaussianMixtureModel.class, FORMAT, VERSION, (uid, data) -> {
            List<String> columns = data.strings("columns");
            int d = columns.size();
            List<ModelData> entries = data.entries("components");
            double[] logits = new double[entries.size()];
            List<CholeskyGaussian> components = new ArrayList<>();
            for (int k = 0; k < logits.length; k++) {
                ModelData e = entries.get(k);
                logits[k] = e.number("logit");
                components.add(CholeskyGaussian.of(e.doubles("mean", d), e.doubles("cholesky", d * d)));
            }
            MixtureFit fit = new MixtureFit(
                    GaussianMixture.ofLogits(logits, components),
                    data.longValue("rows"),
                    data.number("mean_log_likelihood"),
                    data.number("stationarity"),
                    data.bool("converged"),
                    0,
                    List.of(data.number("mean_log_likelihood")),
                    List.of(),
                    Math.toIntExact(data.longValue("epochs")));
            return new CholeskyGaussianMixtureModel(uid, columns, fit, data.longValue("skipped"));
        });
    }

    /** @return the model saved at {@code path} */
    public static CholeskyGaussianMixtureModel load(String path) {
        return read().load(path);
    }
}
