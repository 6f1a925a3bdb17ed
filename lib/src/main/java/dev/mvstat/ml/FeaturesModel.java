package dev.mvstat.ml;

import dev.mvstat.ml.persist.ModelData;
import dev.mvstat.ml.persist.ModelWriter;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * What every mvstat model shares: its uid, the input params of its estimator ({@code featuresCol},
 * {@code inputCols}, {@code handleInvalid}) and saving: params as Spark ML metadata, the fitted
 * state as versioned {@link ModelData}.
 *
 * @param <M> the model itself, returned by the setters
 */
public abstract class FeaturesModel<M extends FeaturesModel<M>> extends Model<M> implements MLWritable {

    private final String uid;
    private final InputParams input;

    /** @param uid the model's unique id (its estimator's) */
    protected FeaturesModel(String uid) {
        this.uid = uid;
        this.input = new InputParams(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the features column param */
    public Param<String> featuresCol() {
        return input.featuresCol;
    }

    /** @return the input columns param */
    public StringArrayParam inputCols() {
        return input.inputCols;
    }

    /** @return the invalid-row policy param */
    public Param<String> handleInvalid() {
        return input.handleInvalid;
    }

    /** @return the features column */
    public String getFeaturesCol() {
        return getOrDefault(input.featuresCol);
    }

    /** @return the input columns, or an empty array when the features column is used */
    public String[] getInputCols() {
        return isDefined(input.inputCols) ? getOrDefault(input.inputCols) : new String[0];
    }

    /** @return the invalid-row policy */
    public String getHandleInvalid() {
        return getOrDefault(input.handleInvalid);
    }

    /** @param value a vector, array&lt;double&gt; or array&lt;float&gt; column; @return this */
    public M setFeaturesCol(String value) {
        set(input.featuresCol, value);
        return self();
    }

    /** @param value numeric scalar columns, used instead of the features column; @return this */
    public M setInputCols(String... value) {
        set(input.inputCols, value);
        return self();
    }

    /** @param value "error" or "skip"; @return this */
    public M setHandleInvalid(String value) {
        set(input.handleInvalid, value);
        return self();
    }

    /** @return where the input values are, as the params say */
    protected InputColumns inputColumns() {
        return input.columns(this);
    }

    /** @return this model, typed */
    @SuppressWarnings("unchecked")
    protected M self() {
        return (M) this;
    }

    /**
     * @param estimator the estimator that fits this kind of model
     * @return the error for a model made by the no-argument constructor, which has nothing fitted
     */
    protected IllegalStateException nothingFitted(String estimator) {
        return new IllegalStateException("model " + uid() + " has nothing fitted: fit a " + estimator
                + " or load a saved model");
    }

    /** @return the fitted state to save, with its format and version */
    protected abstract ModelData state();

    @Override
    public MLWriter write() {
        return new ModelWriter(this, state());
    }
}
