package dev.mvstat.jobs;

import dev.mvstat.jobs.bench.BenchJob;
import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.JobFailure;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.pipeline.PipelineJob;
import dev.mvstat.jobs.stats.ClusterJob;
import dev.mvstat.jobs.stats.CovarianceJob;
import dev.mvstat.jobs.stats.FitGaussianJob;
import dev.mvstat.jobs.stats.MahalanobisJob;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Entry point of the job jar: {@code spark-submit ... mvstat-jobs.jar <job> [options]}. Exits
 * with the documented codes: 0 success, 2 usage, 3 input data, 4 numerical, 1 anything else, and
 * prints one line saying what is wrong.
 */
public final class Main {

    private static final Map<String, Job> JOBS = List.of(
                    new CovarianceJob(),
                    new MahalanobisJob(),
                    new ClusterJob(),
                    new FitGaussianJob(),
                    new PipelineJob(),
                    new BenchJob(Main::run))
            .stream()
            .collect(Collectors.toMap(Job::name, Function.identity()));

    private Main() {}

    public static void main(String[] args) {
        int code = runWithOwnSession(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int runWithOwnSession(String[] args) {
        Job job = jobOf(args);
        if (job == null) {
            return usage(args);
        }
        Options options;
        try {
            options = parse(job, args); // before Spark starts: a usage error should cost nothing
        } catch (JobException e) {
            return fail(job, e);
        }
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

    /**
     * Runs a job in an existing session (tests, embedding applications).
     *
     * @param args the job name, then its options
     * @return the exit code
     */
    public static int run(SparkSession spark, String... args) {
        Job job = jobOf(args);
        if (job == null) {
            return usage(args);
        }
        try {
            return run(spark, job, parse(job, args));
        } catch (JobException e) {
            return fail(job, e);
        }
    }

    /** @return the job the first argument names, or null */
    private static Job jobOf(String[] args) {
        return args.length == 0 ? null : JOBS.get(args[0]);
    }

    private static Options parse(Job job, String[] args) {
        return Options.parse(job.name(), Arrays.asList(args).subList(1, args.length), job.options());
    }

    /** Runs a job and maps its failure to an exit code and one line ({@link JobFailure}). */
    private static int run(SparkSession spark, Job job, Options options) {
        try {
            job.run(spark, options);
            return ExitCode.SUCCESS.code();
        } catch (Exception e) { // including the checked SparkException that Scala code throws
            return fail(job, JobFailure.of(job.name(), e));
        }
    }

    private static int fail(Job job, JobException failure) {
        System.err.println("mvstat " + job.name() + ": error: " + failure.getMessage());
        return failure.exitCode().code();
    }

    private static int usage(String[] args) {
        String problem = args.length == 0 ? "no job named" : "unknown job '" + args[0] + "'";
        StringBuilder s = new StringBuilder("mvstat: error: " + problem + "\nusage: submit.sh <job> [options]; jobs:");
        JOBS.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(j -> s.append("\n  ").append(j.name()).append(": ").append(j.description()));
        System.err.println(s);
        return ExitCode.USAGE.code();
    }
}
