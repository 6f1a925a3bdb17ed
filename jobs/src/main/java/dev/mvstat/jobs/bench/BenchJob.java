package dev.mvstat.jobs.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.linalg.Gram;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedSpearman;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.mllib.stat.Statistics;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;
import java.util.stream.IntStream;

/**
 * {@code bench covariance}: runs this project and the baseline a Spark user would reach for on the
 * same generated data in the same JVM (so with the same BLAS) and prints times and their ratio.
 * Scenarios ({@code --scenario}): {@code cached} (co-moments of cached rows vs MLlib
 * {@code RowMatrix.computeCovariance} of the same cached vectors, then the {@link PassFloor} of the
 * pass on this host), {@code parquet} and {@code csv} (the covariance job end to end on a file vs
 * VectorAssembler + computeCovariance + Statistics.corr, then the read alone,
 * {@link FileCovarianceBench}), {@code spearman} (vs {@code Statistics.corr(rdd, "spearman")}),
 * {@code grouped} (the {@code mvstat_covariance} aggregate per key vs a filter and
 * {@code computeCovariance} per key, {@link GroupedCovarianceBench}), or {@code all} of these; and,
 * each at sizes of its own, {@code scaling} (this project alone at doubling widths,
 * {@link WidthScalingBench}) and {@code wide} (an {@code array<double>} column of {@code --cols}
 * entries, {@link WideCovarianceBench}). Each time is the median of {@code --repeat} runs after one
 * warm-up run; this project's runs and the baseline's alternate, so that a drift in the host's
 * speed during the run weighs on both alike. {@code bench gaussian} and {@code bench mixture} time
 * the fits ({@link GaussianBench}, {@link MixtureBench}).
 */
public final class BenchJob implements Job {

    /** Runs a job from its command line in a session and returns its exit code: the entry point's. */
    private final ToIntBiFunction<SparkSession, String[]> launcher;

    /** @param launcher runs a job from its command line and returns its exit code */
    public BenchJob(ToIntBiFunction<SparkSession, String[]> launcher) {
        this.launcher = launcher;
    }

    /** The scenarios of each subject. */
    private static final Map<String, String[]> SCENARIOS = Map.of(
            "covariance", new String[] {"cached", "parquet", "csv", "spearman", "scaling", "grouped", "wide", "all"},
            "mahalanobis", new String[] {"cached", "parquet", "ml", "all"},
            "cluster", new String[] {"lowdim", "blocked", "prim", "hdbscan", "all"},
            "gaussian", new String[] {"epoch", "converge", "all"},
            "mixture", new String[] {"mllib", "all"});

    private static final String SUBJECTS = "covariance|mahalanobis|cluster|gaussian|mixture";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String description() {
        return "bench covariance|mahalanobis|cluster|gaussian|mixture [--scenario ...] [--rows N] [--cols D] (see README)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.checked(Options.SUBJECT, "SUBJECT", "what to benchmark", SUBJECTS, BenchJob::checkSubject)
                        .asRequired(),
                OptionSpec.text(
                        "scenario",
                        "NAME",
                        "covariance: cached|parquet|csv|spearman|scaling|grouped|wide|all; mahalanobis: cached|parquet|ml|all;"
                                + " cluster: lowdim|blocked|prim|hdbscan|all; gaussian: epoch|converge|all; mixture: mllib|all"),
                size("rows", "rows of the generated data"),
                size("cols", "columns of the generated data"),
                size("spearman-cols", "columns of the Spearman scenario"),
                size("partitions", "partitions of the generated data"),
                size("repeat", "timed runs of each measurement (the median is reported)"),
                size("seed", "seed of the generated data"),
                OptionSpec.text("work-dir", "DIR", "where generated files and job outputs go")
                        .asRequired());
    }

    @Override
    public String example() {
        return "covariance --scenario cached --rows 100000 --cols 50";
    }

    private static void checkSubject(String subject) {
        if (!SCENARIOS.containsKey(subject)) {
            throw JobException.usage("name what to benchmark: bench " + SUBJECTS + " [options], not '" + subject + "'");
        }
    }

    private static OptionSpec size(String name, String meaning) {
        return OptionSpec.integer(name, "N", meaning, 1, "a positive integer").asRequired();
    }

    /** Checks the scenario against the subject, and the sizes against the scenario. */
    @Override
    public void check(Options options) {
        String subject = options.get(Options.SUBJECT);
        String scenario = options.require("scenario");
        if (!Arrays.asList(SCENARIOS.get(subject)).contains(scenario)) {
            throw JobException.usage("--scenario of bench " + subject + " must be one of "
                    + String.join("|", SCENARIOS.get(subject)) + ", got '" + scenario + "'");
        }
        if (options.integer("rows") < 4 || options.integer("cols") < 4) {
            throw JobException.usage("bench needs --rows and --cols of at least 4");
        }
        if (scenario.equals("scaling")) {
            WidthScalingBench.checkWidth(options.integer("cols"));
        }
    }

    @Override
    public String run(SparkSession spark, Options options) {
        String subject = options.get(Options.SUBJECT);
        String scenario = options.require("scenario");
        Setup s = new Setup(
                spark,
                launcher,
                positive(options, "rows"),
                positive(options, "cols"),
                positive(options, "spearman-cols"),
                positive(options, "partitions"),
                positive(options, "repeat"),
                positive(options, "seed"),
                options.require("work-dir"));
        measure(s, subject, scenario);
        return "bench " + subject + " --scenario " + scenario + " done";
    }

    /** Runs and prints the measurements of a scenario of {@code subject}. */
    private static void measure(Setup s, String subject, String scenario) {
        System.out.printf(
                Locale.ROOT,
                "bench " + subject + ": master %s, %d partitions; BLAS: netlib %s, mvstat kernel %s%n",
                s.spark.sparkContext().master(),
                s.partitions,
                BLAS.getInstance().getClass().getSimpleName(),
                Gram.kernel());
        boolean all = scenario.equals("all");
        if (subject.equals("mahalanobis")) {
            MahalanobisBench.run(s, all || scenario.equals("cached"), all || scenario.equals("parquet"));
            if (all || scenario.equals("ml")) {
                OutlierModelBench.run(s);
            }
            return;
        }
        if (subject.equals("cluster")) {
            ClusterBench.run(s, scenario);
            return;
        }
        if (subject.equals("gaussian")) {
            GaussianBench.run(s, scenario);
            return;
        }
        if (subject.equals("mixture")) {
            MixtureBench.run(s);
            return;
        }
        if (all || scenario.equals("cached")) {
            cached(s);
        }
        if (all || scenario.equals("parquet")) {
            FileCovarianceBench.run(s, GeneratedFile.PARQUET);
        }
        if (all || scenario.equals("csv")) {
            FileCovarianceBench.run(s, GeneratedFile.CSV);
        }
        if (all || scenario.equals("spearman")) {
            spearman(s);
        }
        if (scenario.equals("scaling")) {
            WidthScalingBench.run(s);
        }
        if (all || scenario.equals("grouped")) {
            GroupedCovarianceBench.run(s);
        }
        if (scenario.equals("wide")) {
            WideCovarianceBench.run(s);
        }
    }

    static int positive(Options options, String name) {
        return Math.toIntExact(options.integer(name));
    }

    /** The benchmark's session, the entry point's job launcher and the parameters. */
    record Setup(
            SparkSession spark,
            ToIntBiFunction<SparkSession, String[]> launcher,
            int rows,
            int cols,
            int spearmanCols,
            int partitions,
            int repeat,
            long seed,
            String workDir) {
        JavaSparkContext sc() {
            return JavaSparkContext.fromSparkContext(spark.sparkContext());
        }
    }

    private static void cached(Setup s) {
        Timing t = onCached(
                s,
                generate(s, s.rows, s.cols),
                rows -> DistributedCovariance.coMoments(rows).covariance(),
                generate(s, s.rows, s.cols).map(Vectors::dense),
                vectors -> new RowMatrix(vectors.rdd()).computeCovariance());
        report(
                "cached " + s.rows + " x " + s.cols + ", covariance",
                s.rows,
                s.cols,
                t,
                "MLlib RowMatrix.computeCovariance");
        PassFloor.report(s, t.baseline());
    }

    /** Caches the data, times the work on it, and unpersists it. */
    static <T> double onCached(Setup s, JavaRDD<T> data, Function<JavaRDD<T>, ?> work) {
        JavaRDD<T> cached = data.cache();
        cached.count();
        try {
            return median(s, () -> work.apply(cached));
        } finally {
            cached.unpersist(true);
        }
    }

    /**
     * Caches both sides' copies of the same generated data (this project's rows, the baseline's
     * vectors), times the two alternately, and unpersists them.
     */
    static <T, U> Timing onCached(
            Setup s,
            JavaRDD<T> ourData,
            Function<JavaRDD<T>, ?> ours,
            JavaRDD<U> baselineData,
            Function<JavaRDD<U>, ?> baseline) {
        JavaRDD<T> ourCached = ourData.cache();
        JavaRDD<U> baselineCached = baselineData.cache();
        ourCached.count();
        baselineCached.count();
        try {
            return alternating(s, () -> ours.apply(ourCached), () -> baseline.apply(baselineCached));
        } finally {
            ourCached.unpersist(true);
            baselineCached.unpersist(true);
        }
    }

    /** Runs one of the jobs as its command line would. */
    static int runJob(Setup s, String... args) {
        int code = s.launcher.applyAsInt(s.spark, args);
        if (code != 0) {
            throw new IllegalStateException(args[0] + " job failed with exit code " + code);
        }
        return code;
    }

    static List<String> columnNames(int d) {
        return IntStream.range(0, d).mapToObj(j -> "x" + j).toList();
    }

    private static void spearman(Setup s) {
        Timing t = onCached(
                s,
                generate(s, s.rows, s.spearmanCols),
                DistributedSpearman::correlation,
                generate(s, s.rows, s.spearmanCols).map(Vectors::dense),
                vectors -> Statistics.corr(vectors.rdd(), "spearman"));
        report(
                "cached " + s.rows + " x " + s.spearmanCols + ", Spearman",
                s.rows,
                s.spearmanCols,
                t,
                "MLlib Statistics.corr(rdd, \"spearman\")");
    }

    /** Seeded rows with correlated columns on different offsets and scales. */
    static JavaRDD<double[]> generate(Setup s, int n, int d) {
        return GeneratedRows.rows(s, n, random -> {
            double[] row = new double[d];
            double previous = 0;
            for (int j = 0; j < d; j++) {
                double z = random.nextGaussian();
                row[j] = 100.0 * j + (1 + j % 5) * (z + 0.5 * previous);
                previous = z;
            }
            return row;
        });
    }

    /** Median seconds of this project's work and of the baseline's on the same data. */
    record Timing(double ours, double baseline) {}

    /** The median seconds of {@code --repeat} runs of the work, after one warm-up run. */
    static double median(Setup s, Supplier<?> work) {
        work.get();
        double[] times = new double[s.repeat];
        for (int i = 0; i < s.repeat; i++) {
            times[i] = seconds(work);
        }
        return median(times);
    }

    /** Like {@link #median(Setup, Supplier)} for both sides, their runs alternating. */
    static Timing alternating(Setup s, Supplier<?> ours, Supplier<?> baseline) {
        ours.get();
        baseline.get();
        double[] ourTimes = new double[s.repeat];
        double[] baselineTimes = new double[s.repeat];
        for (int i = 0; i < s.repeat; i++) {
            ourTimes[i] = seconds(ours);
            baselineTimes[i] = seconds(baseline);
        }
        return new Timing(median(ourTimes), median(baselineTimes));
    }

    private static double seconds(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Floating-point operations of a co-moment pass: n d (d + 1) / 2 multiply-adds. */
    static double gflops(long n, int d, double seconds) {
        return (double) n * d * (d + 1) / seconds / 1e9;
    }

    static void report(String what, long n, int d, Timing t, String baselineName) {
        System.out.printf(
                Locale.ROOT,
                "%s%n  mvstat   %7.3f s  %6.2f M rows/s  %6.2f GFLOP/s%n"
                        + "  baseline %7.3f s  (%s)%n  ratio    %.1fx faster%n",
                what,
                t.ours(),
                n / t.ours() / 1e6,
                gflops(n, d, t.ours()),
                t.baseline(),
                baselineName,
                t.baseline() / t.ours());
    }

    static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
