package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.output.OutputDirectory;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A run's input as its job reads it, cached ({@link #load}) or not ({@link #open}), timed in the
 * {@link RunRecord}. Whatever it caches, and whatever the job hands to {@link #releaseAtEnd}, is
 * released when the run ends, on every path ({@link #close}).
 */
public final class RunInput implements AutoCloseable {

    private final SparkSession spark;
    private final InputData.Request request;
    private final RunRecord run;
    private final Deque<Runnable> releases = new ArrayDeque<>();
    private BiConsumer<SparkSession, OutputDirectory> rejected;

    RunInput(SparkSession spark, InputData.Request request, RunRecord run) {
        this.spark = spark;
        this.request = request;
        this.run = run;
    }

    /**
     * Reads, validates and caches the input (stage {@code read_validate}).
     *
     * @param modelColumns as for {@link InputSource#open}
     */
    public InputData load(List<String> modelColumns) {
        InputData in = run.stage("read_validate", () -> InputData.load(spark, request, modelColumns));
        releases.push(in::release);
        rejected = in::writeRejected;
        return in;
    }

    /**
     * Opens the input without reading it (stage {@code open}).
     *
     * @param modelColumns as for {@link InputSource#open}
     */
    public InputSource open(List<String> modelColumns) {
        InputSource source = run.stage("open", () -> InputSource.open(spark, request, modelColumns));
        rejected = source::writeRejected;
        return source;
    }

    /** Runs {@code release} when the run ends, before the input's own cache is released. */
    public void releaseAtEnd(Runnable release) {
        releases.push(release);
    }

    /** With {@code --on-invalid skip}, writes the rejected rows of the input read into {@code rejected/}. */
    void writeRejected(OutputDirectory out) {
        rejected.accept(spark, out);
    }

    /** Releases what was cached, the last first. */
    @Override
    public void close() {
        while (!releases.isEmpty()) {
            releases.pop().run();
        }
    }
}
