package dev.mvstat.ml;

import dev.mvstat.spark.InputColumns;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

import java.io.Serializable;

/**
 * The input params every mvstat stage has, created for one owner: {@code featuresCol} (default
 * "features"), {@code inputCols} (when set, named numeric columns used instead) and
 * {@code handleInvalid} ("error", the default, or "skip").
 */
final class InputParams implements Serializable {

    final Param<String> featuresCol;
    final StringArrayParam inputCols;
    final Param<String> handleInvalid;

    /** Creates the params of {@code owner} and sets their defaults. */
    InputParams(Params owner) {
        featuresCol = new Param<>(owner, "featuresCol", "features column: a vector, array<double> or array<float>");
        inputCols = new StringArrayParam(owner, "inputCols",
                "numeric scalar columns used instead of featuresCol when set");
        handleInvalid = new Param<>(owner, "handleInvalid",
                "rows with a null, NaN or infinite value: error (fail, naming the column and the value) or skip "
                        + "(leave them out)",
                ParamValidators.inArray(new String[] {InputColumns.ERROR, InputColumns.SKIP}));
        owner.setDefault(featuresCol, "features");
        owner.setDefault(handleInvalid, InputColumns.ERROR);
    }

    /** @return the owner's input columns, as its params say */
    InputColumns columns(Params owner) {
        String[] named = owner.isDefined(inputCols) ? owner.getOrDefault(inputCols) : null;
        return InputColumns.of(owner.getOrDefault(featuresCol), named, owner.getOrDefault(handleInvalid));
    }
}
