package dev.mvstat.ml;

import dev.mvstat.mahalanobis.ChiSquared;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.ml.persist.ModelData;
import dev.mvstat.ml.persist.ModelReader;
import dev.mvstat.spark.DistributedMahalanobis;
import dev.mvstat.spark.InputColumns;
import dev.mvstat.spark.RowValues;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;

/**
 * Scores rows by their squared Mahalanobis distance to a fitted mean and covariance, its
 * chi-square p-value (d degrees of freedom) and an outlier flag ({@code p_value < 1 - alpha}).
 * The mean and Cholesky factor are broadcast once; each task whitens its rows a block at a time by
 * forward substitution, never forming an inverse. {@code transform} keeps every input column,
 * appends the three, and starts no Spark job, so it applies to streaming Datasets.
 */
public final class MahalanobisOutlierModel extends FeaturesModel<MahalanobisOutlierModel>
        implements MahalanobisParams<MahalanobisOutlierModel> {

    /** The saved state's format. */
    static final String FORMAT = "mvstat.MahalanobisOutlierModel";
    /** The saved state's version. */
    static final int VERSION = 1;

    private final MahalanobisParams.Fields fields;
    private final MahalanobisModel fitted;
    private final long skipped;

    /**
     * A model with nothing fitted, for tools that instantiate every registered stage (Spark Connect
     * ML's service discovery); fit one with {@link MahalanobisOutlierDetector} or {@link #load} one.
     */
    public MahalanobisOutlierModel() {
        this(Identifiable.randomUID("mahalanobisOutlierModel"), null, 0);
    }

    MahalanobisOutlierModel(String uid, MahalanobisModel fitted, long skipped) {
        super(uid);
        this.fields = new MahalanobisParams.Fields(this);
        this.fitted = fitted;
        this.skipped = skipped;
    }

    @Override
    public MahalanobisParams.Fields fields() {
        return fields;
    }

    /** @return the mean of the training rows */
    public Vector mean() {
        return Vectors.dense(model().mean());
    }

    /** @return the (regularized) covariance, d x d */
    public Matrix covariance() {
        return Matrices.dense(model().dimension(), model().dimension(), model().covariance());
    }

    /** @return the lower-triangular Cholesky factor L of the covariance, {@code S = L L^T} */
    public Matrix cholesky() {
        return Matrices.dense(model().dimension(), model().dimension(), model().lower())
                .transpose();
    }

    /** @return the shrinkage intensity of Ledoit-Wolf or OAS, the ridge's lambda, or 0 */
    public double shrinkage() {
        return model().intensity();
    }

    /** @return the squared distance above which a row is an outlier: the chi-square quantile at alpha */
    public double threshold() {
        return new ChiSquared(model().dimension()).quantile(getAlpha());
    }

    /** @return the number of training rows used */
    public long count() {
        return model().count();
    }

    /** @return the number of training rows left out as invalid (handleInvalid "skip") */
    public long skippedCount() {
        return skipped;
    }

    /**
     * @return the fitted model, for the library's own Mahalanobis API
     * @throws IllegalStateException if nothing was fitted (the no-argument constructor)
     */
    public MahalanobisModel model() {
        if (fitted == null) {
            throw nothingFitted("MahalanobisOutlierDetector");
        }
        return fitted;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        transformSchema(schema, true);
        InputColumns input = inputColumns();
        RowValues values = input.reader(schema, model().dimension());
        Dataset<Row> rows = input.transformable(dataset, values);
        return DistributedMahalanobis.score(
                rows, Map.of("", model()), null, values::readUnchecked, values::read, getAlpha(), scoreColumns());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return scoredSchema(inputColumns(), schema, scoreColumns());
    }

    /** @return the schema with the score columns appended, after checking the input columns */
    static StructType scoredSchema(InputColumns input, StructType schema, DistributedMahalanobis.ScoreColumns output) {
        input.check(schema);
        for (String c : List.of(output.distance(), output.pValue(), output.outlier())) {
            if (List.of(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("output column '" + c + "' already exists");
            }
        }
        return output.appendedTo(schema);
    }

    @Override
    public MahalanobisOutlierModel copy(ParamMap extra) {
        return copyValues(new MahalanobisOutlierModel(uid(), fitted, skipped), extra)
                .setParent(parent());
    }

    @Override
    protected ModelData state() {
        return MahalanobisState.put(ModelData.create(FORMAT, VERSION).put("skipped", skipped), model());
    }

    /** @return the reader of saved models */
    public static MLReader<MahalanobisOutlierModel> read() {
        return new ModelReader<>(
                MahalanobisOutlierModel.class,
                FORMAT,
                VERSION,
                (uid, data) ->
                        new MahalanobisOutlierModel(uid, MahalanobisState.read(data), data.longValue("skipped")));
    }

    /** @return the model saved at {@code path} */
    public static MahalanobisOutlierModel load(String path) {
        return read().load(path);
    }
}
