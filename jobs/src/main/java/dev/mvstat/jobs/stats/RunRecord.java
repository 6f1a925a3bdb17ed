package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.output.Versions;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** What summary.json says of a run: parameters, input, row counts, stage timings and warnings. */
public final class RunRecord {

    private final String job;
    private final Map<String, String> parameters;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public RunRecord(String job, Map<String, String> parameters) {
        this.job = job;
        this.parameters = parameters;
    }

    /** Runs and times one stage. */
    public <T> T stage(String name, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            stageSeconds.merge(name, (System.nanoTime() - start) / 1e9, Double::sum);
        }
    }

    /** Runs and times one stage that returns nothing. */
    public void stage(String name, Runnable work) {
        stage(name, () -> {
            work.run();
            return null;
        });
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    /**
     * @param results the job's own fields, written after the common ones, or null for none
     * @return the summary.json object for a run over {@code input}
     */
    public RunSummary summary(SparkSession spark, InputSummary input, Object results) {
        List<String> all = new ArrayList<>(input.warnings());
        all.addAll(warnings);
        return new RunSummary(
                job,
                parameters,
                input.path(),
                input.format().name().toLowerCase(Locale.ROOT),
                input.rowsRead(),
                input.rowsUsed(),
                input.rowsRejected(),
                input.columns(),
                stageSeconds,
                all,
                Versions.library(),
                spark.version(),
                results);
    }
}
