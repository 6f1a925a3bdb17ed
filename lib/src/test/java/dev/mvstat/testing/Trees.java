package dev.mvstat.testing;

import dev.mvstat.linkage.Edges;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on spanning trees. */
public final class Trees {

    private Trees() {}

    /** The same edges in any order and orientation, weights bitwise equal. */
    public static void assertSameTree(Edges expected, Edges actual) {
        assertEquals(expected.size(), actual.size(), "edges");
        Edges e = expected.sorted();
        Edges a = actual.sorted();
        for (int i = 0; i < e.size(); i++) {
            String edge = "edge " + i + " {" + e.u(i) + ", " + e.v(i) + "}";
            assertEquals(Math.min(e.u(i), e.v(i)), Math.min(a.u(i), a.v(i)), edge);
            assertEquals(Math.max(e.u(i), e.v(i)), Math.max(a.u(i), a.v(i)), edge);
            assertEquals(e.weight(i), a.weight(i), edge + ", weight bitwise");
        }
    }
}
