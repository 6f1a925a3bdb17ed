package dev.mvstat.jobs.stats;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.List;

/** The reports' systematic samples: every k-th row of a distributed list, with its position, collected. */
public final class SystematicSample {

    private SystematicSample() {}

    /** @return the rows at positions 0, step, 2 step, ..., each with its position */
    public static <T> List<Tuple2<T, Long>> of(JavaRDD<T> rows, long step) {
        return rows.zipWithIndex().filter(t -> t._2() % step == 0).collect();
    }
}
