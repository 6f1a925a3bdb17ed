package dev.mvstat.jobs.stats;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.output.ModelFile;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.mahalanobis.SingularCovarianceException;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedMahalanobis;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

import java.util.HashSet;
import java.util.List;

/**
 * The regularized, factored covariance a job measures distances with ({@code --model},
 * {@code --regularization}): read from a covariance job's model.json, or estimated from the input;
 * and the covariance job's one pass over the input for the co-moments.
 */
public final class CovarianceFit {

    /** {@code --regularization}: how the covariance is shrunk before it is inverted. */
    public static final OptionSpec REGULARIZATION = OptionSpec.checked(
            "regularization",
            "METHOD",
            "shrinkage of the covariance before it is inverted",
            "none, ridge:<lambda>, ledoit-wolf or oas",
            CovarianceFit::regularization);
    /** {@code --model}: a covariance job's model.json to measure with instead of estimating one. */
    public static final OptionSpec MODEL = OptionSpec.text(
            "model", "FILE", "model.json of a covariance run to measure with; default: estimated from the input");

    private CovarianceFit() {}

    /** @return the parsed {@code --regularization}, or a usage error naming what is wrong */
    public static Regularization regularization(String text) {
        try {
            return Regularization.parse(text);
        } catch (IllegalArgumentException e) {
            throw JobException.usage("--regularization: " + e.getMessage());
        }
    }

    /**
     * @param modelPath      {@code --model}, or null
     * @param regularization the regularization asked for
     * @throws JobException (usage) when the regularization needs the training rows, which a model lacks
     */
    static void checkModel(String modelPath, Regularization regularization) {
        if (modelPath != null && regularization.needsFourthMoments()) {
            throw JobException.usage("--regularization ledoit-wolf needs the training rows (its shrinkage uses their"
                    + " fourth moments), which --model does not carry; drop --model, or use oas or ridge:<lambda>");
        }
    }

    /**
     * @param modelPath      {@code --model}, or null
     * @param columns        {@code --columns}, or empty
     * @param regularization the regularization asked for
     * @return the model read from {@code modelPath}, checked against {@code columns}, or null without one
     */
    static CovarianceModel given(
            SparkSession spark, String modelPath, List<String> columns, Regularization regularization) {
        if (modelPath == null) {
            return null;
        }
        CovarianceModel given = ModelFile.read(modelPath, spark.sparkContext().hadoopConfiguration());
        if (!columns.isEmpty() && !new HashSet<>(columns).equals(new HashSet<>(given.columns()))) {
            throw JobException.usage("--columns " + columns + " differ from the model's columns " + given.columns());
        }
        return given;
    }

    /**
     * The co-moments of the input's valid rows minus its pivot, in one pass over the source.
     *
     * @return the pass; fails with exit 3 unless at least two rows are valid
     */
    static InputSource.Pass<CoMoments> coMoments(RunRecord run, InputSource source) {
        InputSource.Pass<CoMoments> pass = run.stage(
                "read_covariance",
                () -> source.pass(
                        rows -> DistributedCovariance.coMoments(rows, source.columns.size()), CoMoments::count));
        pass.requireValidRows(2, "a covariance");
        return pass;
    }

    /**
     * Estimates the covariance from the input unless given, regularizes and factors it; a singular
     * covariance is a numerical error that suggests regularization.
     */
    static MahalanobisModel fit(RunRecord run, InputData in, CovarianceModel given, Regularization regularization) {
        if (given == null) {
            in.requireValidRows(2, "a covariance");
        }
        CovarianceModel covariance = given != null
                ? given
                : run.stage(
                        "covariance",
                        () -> CovarianceModel.of(
                                in.columns, DistributedCovariance.coMoments(in.rows()), null, in.pivot()));
        return factor(run, covariance, in.rows(), regularization, in.pivot());
    }

    /**
     * {@link #fit(RunRecord, InputData, CovarianceModel, Regularization)} from the source: the
     * co-moments in one pass ({@link #coMoments}), and a second pass only for Ledoit-Wolf's fourth
     * moments.
     */
    static MahalanobisModel fit(
            RunRecord run, InputSource source, CovarianceModel given, Regularization regularization) {
        CovarianceModel covariance = given != null ? given : estimated(run, source);
        return source.read(() -> factor(run, covariance, source.validRows(), regularization, source.pivot()));
    }

    /** @return the covariance model of the input's valid rows, from {@link #coMoments} */
    private static CovarianceModel estimated(RunRecord run, InputSource source) {
        CoMoments moments = coMoments(run, source).result();
        return run.stage("covariance", () -> CovarianceModel.of(source.columns, moments, null, source.pivot()));
    }

    /** Regularizes and factors the covariance of {@code rows}, read for Ledoit-Wolf alone. */
    private static MahalanobisModel factor(
            RunRecord run,
            CovarianceModel covariance,
            JavaRDD<double[]> rows,
            Regularization regularization,
            double[] pivot) {
        return run.stage("factor", () -> {
            try {
                return DistributedMahalanobis.fit(covariance, rows, regularization, pivot);
            } catch (SingularCovarianceException e) {
                throw new ArithmeticException(
                        e.getMessage() + "; use --regularization ridge:<lambda>, ledoit-wolf or oas");
            }
        });
    }

    /**
     * The summary.json fields describing a model's regularization and conditioning.
     *
     * @param regularization the regularization as given, e.g. {@code ridge:0.1}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelFields(String regularization, double shrinkageIntensity, double conditionNumber) {

        static ModelFields of(MahalanobisModel model) {
            return new ModelFields(model.regularization().toString(), model.intensity(), model.conditionNumber());
        }
    }
}
