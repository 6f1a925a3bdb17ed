package dev.mvstat.ml;

import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.ml.persist.ModelData;

import java.util.List;

/**
 * A fitted {@link MahalanobisModel} in a model's saved state: its columns, count, mean,
 * regularized covariance, regularization, intensity and condition number. The Cholesky factor is
 * not saved: {@link MahalanobisModel#restore} factors the covariance again by the same
 * deterministic algorithm, so a loaded model whitens rows bit-identically.
 */
final class MahalanobisState {

    private MahalanobisState() {}

    /** Adds the model's entries to {@code data}. @return {@code data} */
    static ModelData put(ModelData data, MahalanobisModel fitted) {
        return data.put("columns", fitted.columns())
                .put("count", fitted.count())
                .put("mean", fitted.mean())
                .put("covariance", fitted.covariance())
                .put("regularization", fitted.regularization().toString())
                .put("intensity", fitted.intensity())
                .put("condition_number", fitted.conditionNumber());
    }

    /**
     * @return the model whose entries {@link #put} added to {@code data}
     * @throws IllegalArgumentException if an entry is missing or malformed, or the sizes disagree
     */
    static MahalanobisModel read(ModelData data) {
        List<String> columns = data.strings("columns");
        int d = columns.size();
        return MahalanobisModel.restore(
                columns,
                data.longValue("count"),
                data.doubles("mean", d),
                data.doubles("covariance", d * d),
                data.string("regularization"),
                data.number("intensity"),
                data.number("condition_number"));
    }
}
