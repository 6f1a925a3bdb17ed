package dev.mvstat.ml;

import dev.mvstat.spark.InputColumns;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

import java.io.Serializable;

/**
 * The input params every mvstat stage has, with their getters and setters: {@code featuresCol}
 * (default "features"), {@code inputCols} (when set, named numeric columns used instead) and
 * {@code handleInvalid} ("error", the default, or "skip"). A stage holds its param objects in one
 * {@link Fields} (a stage's own params interface extends it) and returns it from {@link #fields()};
 * the accessors here and in the stage interfaces read it, so each param is declared once.
 *
 * @param <S> the stage itself, returned by the setters
 */
public interface InputParams<S extends InputParams<S>> extends Params {

    /** @return the param objects of this stage */
    Fields fields();

    /** @return the features column param: a vector, array&lt;double&gt; or array&lt;float&gt; (default features) */
    default Param<String> featuresCol() {
        return fields().featuresCol;
    }

    /** @return the input columns param: numeric scalar columns used instead of featuresCol when set */
    default StringArrayParam inputCols() {
        return fields().inputCols;
    }

    /** @return the invalid-row policy param: error (default) or skip */
    default Param<String> handleInvalid() {
        return fields().handleInvalid;
    }

    /** @return the features column */
    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    /** @return the input columns, or an empty array when the features column is used */
    default String[] getInputCols() {
        return isDefined(inputCols()) ? getOrDefault(inputCols()) : new String[0];
    }

    /** @return the invalid-row policy */
    default String getHandleInvalid() {
        return getOrDefault(handleInvalid());
    }

    /** @param value a vector, array&lt;double&gt; or array&lt;float&gt; column; @return this */
    default S setFeaturesCol(String value) {
        return self(set(featuresCol(), value));
    }

    /** @param value numeric scalar columns, used instead of the features column; @return this */
    default S setInputCols(String... value) {
        return self(set(inputCols(), value));
    }

    /** @param value "error" or "skip"; @return this */
    default S setHandleInvalid(String value) {
        return self(set(handleInvalid(), value));
    }

    /** @return where the input values are, as the params say */
    default InputColumns inputColumns() {
        return InputColumns.of(getFeaturesCol(), getInputCols(), getHandleInvalid());
    }

    @SuppressWarnings("unchecked")
    private S self(Params stage) {
        return (S) stage;
    }

    /** The input param objects of one stage, created with their defaults. */
    class Fields implements Serializable {
        final Param<String> featuresCol;
        final StringArrayParam inputCols;
        final Param<String> handleInvalid;

        /** Creates the params of {@code owner} and sets their defaults. */
        Fields(Params owner) {
            featuresCol = new Param<>(owner, "featuresCol", "features column: a vector, array<double> or array<float>");
            inputCols = new StringArrayParam(
                    owner, "inputCols", "numeric scalar columns used instead of featuresCol when set");
            handleInvalid = new Param<>(
                    owner,
                    "handleInvalid",
                    "rows with a null, NaN or infinite value: error (fail, naming the column and the value) or skip "
                            + "(leave them out)",
                    ParamValidators.inArray(new String[] {InputColumns.ERROR, InputColumns.SKIP}));
            owner.setDefault(featuresCol, "features");
            owner.setDefault(handleInvalid, InputColumns.ERROR);
        }
    }
}
