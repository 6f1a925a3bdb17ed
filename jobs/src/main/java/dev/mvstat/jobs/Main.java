package dev.mvstat.jobs;

import dev.mvstat.jobs.bench.BenchJob;
import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.Help;
import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.JobFailure;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.fit.FitGaussianJob;
import dev.mvstat.jobs.fit.FitMixtureJob;
import dev.mvstat.jobs.pipeline.PipelineJob;
import dev.mvstat.jobs.stats.ClusterJob;
import dev.mvstat.jobs.stats.CovarianceJob;
import dev.mvstat.jobs.stats.MahalanobisJob;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Entry point of the job jar: {@code spark-submit ... mvstat-jobs.jar <job> [options]}. Answers
 * {@code --help}, checks the options before Spark starts, then runs the job. Exits with the
 * documented codes: 0 success, 2 usage, 3 input data, 4 numerical, 1 anything else. Success prints
 * one line on stdout saying what was written; a failure prints one line on stderr saying what is
 * wrong (with {@code --verbose}, its stack trace too).
 */
public final class Main {

    private static final Map<String, Job> JOBS = List.of(
                    new CovarianceJob(),
                    new MahalanobisJob(),
                    new ClusterJob(),
                    new FitGaussianJob(),
                    new FitMixtureJob(),
                    new PipelineJob(),
                    new BenchJob(Main::run))
            .stream()
            .collect(Collectors.toMap(Job::name, Function.identity()));

    private static final Set<String> HELP = Set.of("--help", "-h", "help");
    /**
     * System property that makes {@link #main} answer help and check the options only, without
     * starting Spark: submit.sh runs that first in a plain JVM, so that a usage error costs no Spark start.
     */
    static final String CHECK_ONLY = "mvstat.checkOnly";

    private Main() {}

    public static void main(String[] args) {
        int code = launch(args, Boolean.getBoolean(CHECK_ONLY) ? (job, options) -> 0 : Main::runInOwnSession);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs a job in an existing session (tests, embedding applications).
     *
     * @param args the job name, then its options
     * @return the exit code
     */
    public static int run(SparkSession spark, String... args) {
        return launch(args, (job, options) -> run(spark, job, options));
    }

    /**
     * Answers help and usage errors (each option's value, then the job's {@link Job#check}), then
     * hands the parsed options to {@code runner}.
     *
     * @param runner runs the job with its checked options and returns the exit code; never called
     *               for help or a usage error
     * @return the exit code
     */
    static int launch(String[] args, BiFunction<Job, Options, Integer> runner) {
        if (args.length == 0) {
            System.err.println(Help.jobs(JOBS.values()));
            return ExitCode.USAGE.code();
        }
        if (HELP.contains(args[0])) {
            System.out.println(Help.jobs(JOBS.values()));
            return ExitCode.SUCCESS.code();
        }
        Job job = JOBS.get(args[0]);
        if (job == null) {
            System.err.println("mvstat: error: unknown job '" + args[0] + "'\n" + Help.jobs(JOBS.values()));
            return ExitCode.USAGE.code();
        }
        List<String> jobArgs = Arrays.asList(args).subList(1, args.length);
        if (jobArgs.contains("--help") || jobArgs.contains("-h")) {
            System.out.println(Help.job(job));
            return ExitCode.SUCCESS.code();
        }
        Options options;
        try {
            options = Options.parse(job.name(), jobArgs, job.options());
            job.check(options);
        } catch (JobException e) {
            return fail(job, e, null);
        }
        return runner.apply(job, options);
    }

    private static int runInOwnSession(Job job, Options options) {
        SparkSession.Builder builder = SparkSession.builder().appName("mvstat " + job.name());
        if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return run(spark, job, options);
        } finally {
            spark.stop();
        }
    }

    /** Runs a job, printing its line on success, or mapping its failure to an exit code and one line. */
    private static int run(SparkSession spark, Job job, Options options) {
        try {
            System.out.println("mvstat " + job.name() + ": " + job.run(spark, options));
            return ExitCode.SUCCESS.code();
        } catch (Exception e) { // including the checked SparkException that Scala code throws
            return fail(job, JobFailure.of(e), options.flag("verbose") ? e : null);
        }
    }

    /** @param cause printed as a stack trace before the line, or null */
    private static int fail(Job job, JobException failure, Exception cause) {
        if (cause != null) {
            cause.printStackTrace();
        }
        System.err.println("mvstat " + job.name() + ": error: " + failure.getMessage());
        return failure.exitCode().code();
    }
}
