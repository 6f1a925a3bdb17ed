package dev.mvstat.linkage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Partitions.assertSamePartition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DendrogramTest {

    /** @return the dendrogram of points on a line */
    private static Dendrogram ofLine(double... xs) {
        List<double[]> rows = Arrays.stream(xs).mapToObj(x -> new double[] {x}).toList();
        return Dendrogram.of(BruteForcePrim.tree(rows), xs.length);
    }

    /** @return the linkage matrix, one row (left, right, distance, size) per merge */
    private static double[][] linkage(Dendrogram d) {
        return IntStream.range(0, d.merges())
                .mapToObj(i -> new double[] {d.left(i), d.right(i), d.distance(i), d.size(i)})
                .toArray(double[][]::new);
    }

    private static IllegalArgumentException rejected(Edges tree, int n) {
        return assertThrows(IllegalArgumentException.class, () -> Dendrogram.of(tree, n));
    }

    @Test
    void handCheckedAgainstScipyWithAZeroDistance() {
        // scipy 1.10, X = [[0], [1], [3], [3]]: linkage(X, "single") and fcluster.
        Dendrogram d = ofLine(0, 1, 3, 3);
        assertEquals(4, d.observations());
        assertEquals(3, d.merges());
        assertArrayEquals(new double[][] {{2, 3, 0, 2}, {0, 1, 1, 2}, {4, 5, 2, 4}}, linkage(d));
        assertArrayEquals(new int[] {1, 1, 1, 1}, d.clustersOf(1));
        assertArrayEquals(new int[] {1, 1, 2, 2}, d.clustersOf(2));
        assertArrayEquals(new int[] {1, 2, 3, 3}, d.clustersOf(3));
        for (int k : new int[] {4, 5, 10}) {
            assertArrayEquals(new int[] {1, 2, 3, 4}, d.clustersOf(k), "k = " + k + " >= n: singletons");
        }
        assertArrayEquals(new int[] {1, 2, 3, 3}, d.clustersAtDistance(0));
        assertArrayEquals(new int[] {1, 2, 3, 3}, d.clustersAtDistance(0.5));
        assertArrayEquals(new int[] {1, 1, 2, 2}, d.clustersAtDistance(1));
        assertArrayEquals(new int[] {1, 1, 1, 1}, d.clustersAtDistance(2));
    }

    @Test
    void tiesAtTheCutGiveFewerClusters() {
        // scipy 1.10, X = [[0], [1], [2], [3]]: every merge at distance 1.
        Dendrogram d = ofLine(0, 1, 2, 3);
        assertArrayEquals(new double[][] {{0, 1, 1, 2}, {2, 4, 1, 3}, {3, 5, 1, 4}}, linkage(d));
        for (int k = 1; k <= 3; k++) {
            assertArrayEquals(new int[] {1, 1, 1, 1}, d.clustersOf(k), "k = " + k);
        }
        assertArrayEquals(new int[] {1, 2, 3, 4}, d.clustersOf(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void matchesScipy(String name) {
        List<double[]> rows = TestData.rows(name);
        JsonNode reference = TestData.reference(name);
        Dendrogram d = Dendrogram.of(BruteForcePrim.tree(rows), rows.size());
        double[] z = TestData.doubles(reference.get("linkage_single_euclidean"));
        assertEquals(4 * d.merges(), z.length, "linkage rows");
        double[] expected =
                IntStream.range(0, d.merges()).mapToDouble(i -> z[4 * i + 2]).toArray();
        double[] actual =
                IntStream.range(0, d.merges()).mapToDouble(d::distance).toArray();
        assertCloseRelative(expected, actual, 1e-9, name + " merge distances");
        int[] labels = Arrays.stream(TestData.doubles(reference.get("labels_k3")))
                .mapToInt(x -> (int) x)
                .toArray();
        assertSamePartition(labels, d.clustersOf(3));
    }

    @Test
    void oneObservationHasNoMerges() {
        Dendrogram d = Dendrogram.of(new Edges(), 1);
        assertEquals(1, d.observations());
        assertEquals(0, d.merges());
        assertArrayEquals(new int[] {1}, d.clustersOf(1));
        assertArrayEquals(new int[] {1}, d.clustersOf(3));
        assertArrayEquals(new int[] {1}, d.clustersAtDistance(0));
    }

    @Test
    void rejectsWhatIsNotASpanningTree() {
        Edges path = new Edges();
        path.add(0, 1, 1);
        path.add(1, 2, 1);
        IllegalArgumentException tooFew = rejected(path, 4);
        assertEquals("expected 3 edges for 4 observations, actual 2", tooFew.getMessage());
        Edges cycle = new Edges();
        cycle.addAll(path);
        cycle.add(2, 0, 1);
        IllegalArgumentException isolated = rejected(cycle, 4);
        assertEquals("expected edges connecting all 4 observations, actual 2 components", isolated.getMessage());
        Edges undefined = new Edges();
        undefined.add(0, 1, Double.NaN);
        assertTrue(rejected(undefined, 2).getMessage().contains("actual NaN"));
        assertTrue(rejected(new Edges(), 0).getMessage().contains("actual n = 0"));
    }

    @Test
    void rejectsBadCuts() {
        Dendrogram d = ofLine(0, 1, 3, 3);
        for (int k : new int[] {0, -2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.clustersOf(k));
            assertTrue(e.getMessage().contains("actual k = " + k), e.getMessage());
        }
        for (double t : new double[] {-0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.clustersAtDistance(t));
            assertTrue(e.getMessage().contains("actual t = " + t), e.getMessage());
        }
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        Dendrogram d = ofLine(0, 1, 3, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(d);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Dendrogram copy = (Dendrogram) in.readObject();
            assertArrayEquals(linkage(d), linkage(copy));
            assertArrayEquals(d.clustersOf(2), copy.clustersOf(2));
        }
    }
}
