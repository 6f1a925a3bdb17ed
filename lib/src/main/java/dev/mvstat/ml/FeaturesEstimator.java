package dev.mvstat.ml;

import dev.mvstat.spark.InputColumns;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * What every mvstat estimator shares: its uid, the input params ({@code featuresCol},
 * {@code inputCols}, {@code handleInvalid}), copying, and saving its params.
 *
 * @param <E> the estimator itself, returned by the setters
 * @param <M> the model it fits
 */
public abstract class FeaturesEstimator<E extends FeaturesEstimator<E, M>, M extends Model<M>> extends Estimator<M>
        implements DefaultParamsWritable {

    private final String uid;
    private final InputParams input;

    /** @param uid the estimator's unique id */
    protected FeaturesEstimator(String uid) {
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
    public E setFeaturesCol(String value) {
        set(input.featuresCol, value);
        return self();
    }

    /** @param value numeric scalar columns, used instead of the features column; @return this */
    public E setInputCols(String... value) {
        set(input.inputCols, value);
        return self();
    }

    /** @param value "error" or "skip"; @return this */
    public E setHandleInvalid(String value) {
        set(input.handleInvalid, value);
        return self();
    }

    /** @return where the input values are, as the params say */
    protected InputColumns inputColumns() {
        return input.columns(this);
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
