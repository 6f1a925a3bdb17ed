package dev.mvstat.jobs.bench;

import dev.mvstat.gaussian.Batches;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.mixture.MixtureFitter;
import dev.mvstat.mixture.MixtureSettings;
import dev.mvstat.mixture.MixtureStatistics;
import dev.mvstat.moments.ColumnMoments;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.spark.CachedBatches;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench mixture}: mixtures of K = {@value #K} Gaussians on rows drawn from such a mixture
 * ({@link GeneratedRows#mixture}), this project's fit (natural steps: EM iterations on growing
 * mini-batches, one k-means++ start) against MLlib's {@code GaussianMixture} (EM, its defaults),
 * both from the same cached rows. Prints each side's mean log-likelihood per row and time, and the
 * time this project took to first come within {@value #REACHED} per row of MLlib's final
 * log-likelihood (or above it), its shuffled blocks' caching included. One run of each side.
 */
final class MixtureBench {

    static final int K = 5;

    /** MLlib's log-likelihood per row counts as reached within this. */
    static final double REACHED = 1e-6;

    private MixtureBench() {}

    static void run(BenchJob.Setup s) {
        JavaRDD<double[]> rows = GeneratedRows.mixture(s, s.rows(), s.cols(), K).cache();
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false);
        Dataset<Row> vectors = s.spark()
                .createDataFrame(rows.map(r -> RowFactory.create(Vectors.dense(r))), schema)
                .cache();
        try {
            rows.count();
            vectors.count();
            long start = System.nanoTime();
            GaussianMixtureModel mllib =
                    new GaussianMixture().setK(K).setSeed(s.seed()).fit(vectors);
            double mllibSeconds = seconds(start);
            double mllibLogLikelihood = mllib.summary().logLikelihood() / s.rows();

            start = System.nanoTime();
            MixtureFit fit;
            Timed timed;
            try (CachedBatches batches = CachedBatches.of(rows.mapToPair(r -> new Tuple2<>(0, r)), 1, s.seed())) {
                timed = new Timed(batches, mllibLogLikelihood, start);
                fit = MixtureFitter.fit(
                        timed,
                        MixtureSettings.of(
                                K, FitSettings.defaults(OptimizerKind.NATURAL).withSeed(s.seed())));
            }
            double oursSeconds = seconds(start);
            System.out.printf(
                    Locale.ROOT,
                    "mixture of %d Gaussians, %d x %d cached rows drawn from one%n"
                            + "  MLlib GaussianMixture  %8.3f s  mean log-likelihood %.6f (%d iterations)%n"
                            + "  mvstat (natural, EM)   %8.3f s  mean log-likelihood %.6f (%d epochs, converged %s)%n"
                            + "  mvstat came within 1e-6 per row of MLlib's log-likelihood after %.3f s: %.1fx faster%n",
                    K,
                    s.rows(),
                    s.cols(),
                    mllibSeconds,
                    mllibLogLikelihood,
                    mllib.summary().numIter(),
                    oursSeconds,
                    fit.meanLogLikelihood(),
                    fit.epochs(),
                    fit.converged(),
                    timed.reached,
                    mllibSeconds / timed.reached);
        } finally {
            vectors.unpersist(true);
            rows.unpersist(true);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Batches that note when a start's log-likelihood of all rows first reached the target. */
    private static final class Timed extends ForwardingBatches {
        private final double target;
        private final long start;
        private final double logJacobian;
        private final long rows;
        private double reached = Double.NaN;

        Timed(Batches inner, double target, long start) {
            super(inner);
            this.target = target;
            this.start = start;
            ColumnMoments moments = inner.columnMoments()[0];
            this.logJacobian = Standardization.of(moments).logJacobian();
            this.rows = moments.count();
        }

        @Override
        public <T extends Serializable> List<T> map(PartFunction<T> function) {
            List<T> out = super.map(function);
            if (Double.isNaN(reached) && !out.isEmpty() && out.get(0) instanceof MixtureStatistics[]) {
                List<MixtureStatistics[]> parts =
                        out.stream().map(p -> (MixtureStatistics[]) p).toList();
                for (MixtureStatistics start : MixtureStatistics.sum(parts)) {
                    if (start.rows() == rows && -start.meanNll() - logJacobian >= target - REACHED) {
                        reached = seconds(this.start);
                    }
                }
            }
            return out;
        }
    }
}
