package dev.mvstat.jobs.input;

import dev.mvstat.spark.DistributedMahalanobis;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The columns mvstat's jobs add to the rows they write (scores/, labels/, assignments/). When such
 * output is read again without {@code --columns}, they are not taken for data.
 */
public final class AddedColumns {

    /** A row's 0-based input position, when there is no {@code --id-column}. */
    public static final String ROW_INDEX = "row_index";
    /** A row's flat cluster in labels/. */
    public static final String CLUSTER = "cluster";
    /** A row's HDBSCAN* membership probability in labels/. */
    public static final String PROBABILITY = "probability";
    /** A row's HDBSCAN* GLOSH outlier score in labels/. */
    public static final String OUTLIER_SCORE = "outlier_score";
    /** A row's most likely mixture component in assignments/. */
    public static final String COMPONENT = "component";

    /** The named added columns. */
    private static final Set<String> NAMED = Set.of(
            ROW_INDEX,
            CLUSTER,
            PROBABILITY,
            OUTLIER_SCORE,
            COMPONENT,
            DistributedMahalanobis.DISTANCE,
            DistributedMahalanobis.P_VALUE,
            DistributedMahalanobis.OUTLIER);

    /** The per-component posterior probabilities of assignments/: {@code probability_0}, {@code probability_1}, ... */
    private static final Pattern COMPONENT_PROBABILITY = Pattern.compile("probability_[0-9]+");

    private AddedColumns() {}

    /** @return the column of component k's posterior probability in assignments/ */
    public static String probability(int k) {
        return "probability_" + k;
    }

    /** @return whether a job adds a column of this name */
    static boolean isAdded(String name) {
        return NAMED.contains(name) || COMPONENT_PROBABILITY.matcher(name).matches();
    }
}
