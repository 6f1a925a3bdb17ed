package dev.mvstat.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Setting a param after checking its value. */
final class CheckedParams {

    private CheckedParams() {}

    /**
     * Sets a param of a stage, failing with the param's name, the value and its doc when the param
     * does not allow the value.
     *
     * @return the stage
     */
    @SuppressWarnings("unchecked")
    static <S, T> S set(Params stage, Param<T> param, T value) {
        if (!Boolean.TRUE.equals(param.isValid().apply(value))) {
            throw new IllegalArgumentException(param.name() + " = " + value + " is not allowed: " + param.doc());
        }
        return (S) stage.set(param, value);
    }
}
