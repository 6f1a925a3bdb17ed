package dev.mvstat.ml;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.spark.DistributedGaussianFit;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link CholeskyGaussianModel}: maximum-likelihood Gaussians {@code N(mu, L L^T)}, one for
 * all rows or one per value of {@code groupCol}, by the fit of the {@code fit-gaussian} job
 * ({@link DistributedGaussianFit}: the log-Cholesky parameters optimized by Adam, SGD with momentum
 * or L-BFGS on shuffled mini-batches that double every epoch, until the whitened residuals meet
 * {@code tol}). As the job does, it subtracts the first valid row from every row before the fit
 * (a pivot, so that large offsets cost no precision) and adds it back to the fitted means.
 */
public final class CholeskyGaussian extends FeaturesEstimator<CholeskyGaussian, CholeskyGaussianModel>
        implements CholeskyGaussianParams<CholeskyGaussian> {

    private final CholeskyGaussianParams.Fields fields;

    public CholeskyGaussian() {
        this(Identifiable.randomUID("choleskyGaussian"));
    }

    public CholeskyGaussian(String uid) {
        super(uid);
        fields = new CholeskyGaussianParams.Fields(this);
    }

    @Override
    public CholeskyGaussianParams.Fields fields() {
        return fields;
    }

    /**
     * @throws IllegalArgumentException if the input or group column is missing or of another type,
     *                                  no row is valid, a group has at most d valid rows (no
     *                                  maximum-likelihood Gaussian exists), or the batch size is
     *                                  larger than the data
     */
    @Override
    public CholeskyGaussianModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        InputColumns input = inputColumns();
        FitSettings settings = fitSettings();
        double[] pivot = input.firstValid(dataset);
        int d = pivot.length;
        LongAccumulator skipped = dataset.sparkSession().sparkContext().longAccumulator("skipped rows");
        DistributedGaussianFit.KeyedFit fit;
        if (isGrouped()) {
            JavaPairRDD<String, double[]> rows = input.keyedRows(dataset, d, getGroupCol(), skipped)
                    .mapValues(r -> minus(r, pivot))
                    .cache();
            try {
                fit = DistributedGaussianFit.fitByKey(rows, settings);
            } finally {
                rows.unpersist(false);
            }
        } else {
            JavaRDD<double[]> rows = input.rows(dataset, d, skipped).map(r -> minus(r, pivot));
            fit = new DistributedGaussianFit.KeyedFit(List.of(), DistributedGaussianFit.fit(rows, settings));
        }
        CholeskyGaussianModel model = new CholeskyGaussianModel(
                uid(), input.valueNames(d), fit.keys(), translated(fit.fit(), pivot), skipped.value());
        return copyValues(model, extractParamMap()).setParent(this);
    }

    /** @return {@code row - pivot}, a new array */
    private static double[] minus(double[] row, double[] pivot) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = row[j] - pivot[j];
        }
        return out;
    }

    /** @return the fit with every Gaussian's mean moved by {@code offset} (NLL and stationarity are unchanged) */
    private static GaussianFit translated(GaussianFit fit, double[] offset) {
        List<GaussianFit.Group> groups = new ArrayList<>();
        for (GaussianFit.Group g : fit.groups()) {
            groups.add(new GaussianFit.Group(
                    g.model().translated(offset),
                    g.count(),
                    g.meanNll(),
                    g.stationarity(),
                    g.iterations(),
                    g.converged()));
        }
        return new GaussianFit(groups, fit.trace(), fit.epochs(), fit.converged());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return CholeskyGaussianModel.densitySchema(inputColumns(), schema, getGroupCol(), getLogDensityCol());
    }

    /** @return the reader of saved estimators */
    public static MLReader<CholeskyGaussian> read() {
        return new DefaultParamsReader<>();
    }

    /** @return the estimator saved at {@code path} */
    public static CholeskyGaussian load(String path) {
        return read().load(path);
    }
}
