package dev.mvstat.jobs.cli;

import org.apache.spark.sql.SparkSession;

import java.util.List;

/** One job of the command line: {@code submit.sh <name> [options]}. */
public interface Job {

    /** @return the job name on the command line */
    String name();

    /** @return a one-line description for the usage text */
    String description();

    /** @return the options this job accepts besides the {@link Options#GLOBAL} ones */
    List<OptionSpec> options();

    /** @return the arguments of an example run, after {@code submit.sh <name>} */
    String example();

    /**
     * Checks what the options ask for together (contradictory or incomplete combinations), without
     * data and before Spark starts; {@link Options#parse} has checked each value alone. Nothing by
     * default.
     *
     * @throws JobException (usage) naming what is wrong
     */
    default void check(Options options) {}

    /**
     * Runs the job, its options {@linkplain #check checked}.
     *
     * @return what it did, for the one line printed on success ("wrote DIR (150 rows, 4 columns)")
     * @throws JobException for a failure the user can act on
     */
    String run(SparkSession spark, Options options);
}
