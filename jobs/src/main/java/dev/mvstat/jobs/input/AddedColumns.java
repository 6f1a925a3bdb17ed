package dev.mvstat.jobs.input;

import dev.mvstat.spark.DistributedMahalanobis;

import java.util.Set;

/**
 * The columns mvstat's jobs add to the rows they write (scores/, labels/). When such output is read
 * again without {@code --columns}, they are not taken for data.
 */
public final class AddedColumns {

    /** A row's 0-based input position, when there is no {@code --id-column}. */
    public static final String ROW_INDEX = "row_index";
    /** A row's flat cluster in labels/. */
    public static final String CLUSTER = "cluster";
    /** Every added column. */
    static final Set<String> ALL = Set.of(
            ROW_INDEX,
            CLUSTER,
            DistributedMahalanobis.DISTANCE,
            DistributedMahalanobis.P_VALUE,
            DistributedMahalanobis.OUTLIER);

    private AddedColumns() {}
}
