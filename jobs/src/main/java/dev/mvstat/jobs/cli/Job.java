package dev.mvstat.jobs.cli;

import org.apache.spark.sql.SparkSession;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One job of the command line: {@code submit.sh <name> [options]}. */
public interface Job {

    /** Options every data job accepts. */
    Set<String> COMMON_OPTIONS =
            Set.of("input", "format", "columns", "features-col", "output", "overwrite", "on-invalid", "id-column");

    /** @return the job name on the command line */
    String name();

    /** @return a one-line description for the usage text */
    String description();

    /** @return the options this job accepts besides {@code --config} */
    Set<String> options();

    /**
     * Runs the job.
     *
     * @throws JobException for a failure the user can act on
     */
    void run(SparkSession spark, Options options);

    /** @return the common options plus {@code extra} */
    static Set<String> withCommon(String... extra) {
        Set<String> all = new HashSet<>(COMMON_OPTIONS);
        all.addAll(List.of(extra));
        return Set.copyOf(all);
    }
}
