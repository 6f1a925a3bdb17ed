package dev.mvstat.moments;

import java.util.Arrays;
import java.util.List;

/** Column names in a one-line message: the first {@value #SHOWN}, then how many more there are. */
public final class Names {

    /** The most names a message lists. */
    static final int SHOWN = 20;

    private Names() {}

    /**
     * @param columns all column names
     * @param indices the positions of the columns to name
     * @return e.g. {@code [a, b, c]}, or {@code [a, b, ... and 7171 more]} past {@value #SHOWN} names
     */
    public static String listed(List<String> columns, int[] indices) {
        List<String> shown =
                Arrays.stream(indices).limit(SHOWN).mapToObj(columns::get).toList();
        String list = String.join(", ", shown);
        return "[" + list + (indices.length > SHOWN ? ", ... and " + (indices.length - SHOWN) + " more" : "") + "]";
    }
}
