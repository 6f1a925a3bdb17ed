package dev.mvstat.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GramTest {

    /** Small integers: every product and sum is exact, so each kernel must match to the bit. */
    private static double[] integers(long seed, int n) {
        Random random = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextInt(21) - 10;
        }
        return a;
    }

    private static void assertUpperEquals(double[] expectedFull, int d, double[] g, String what) {
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                assertEquals(expectedFull[i * d + j], g[i + j * d], 0.0, what + " G[" + i + "][" + j + "]");
            }
        }
    }

    /**
     * Both Java kernels, whichever this JVM uses for {@link Gram#addTo}: the tests run with
     * {@code --add-modules=jdk.incubator.vector}, so the vector one is always checked.
     */
    @ParameterizedTest
    @CsvSource({"1,1", "2,8", "3,5", "4,4", "5,7", "9,3", "13,256", "16,100", "6,1", "6,2", "6,3", "6,9", "100,37"})
    void javaKernelsEqualTheDefinition(int d, int rows) {
        int lda = rows + 3;
        double[] a = Arrays.copyOf(integers(d * 31L + rows, lda * d), lda * Gram.tiledColumns(d));
        double[] expected = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < rows; r++) {
                    expected[i * d + j] += a[i * lda + r] * a[j * lda + r];
                }
            }
        }
        double[] scalar = new double[d * d];
        Gram.addTiles(Gram::tile, a, lda, rows, d, scalar);
        assertUpperEquals(expected, d, scalar, "scalar tiles");
        double[] vector = new double[d * d];
        Gram.addTiles(VectorTiles::tile, a, lda, rows, d, vector);
        assertUpperEquals(expected, d, vector, "vector tiles");
    }

    /** Fills the block's first {@code rows} rows from row-major {@code a}. */
    private static void fill(Gram gram, double[] a, int rows, int d) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * d, gram.row(r), 0, d);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,5", "7,256", "16,100"})
    void blocksAccumulate(int d, int rows) {
        double[] a = integers(d * 17L + rows, rows * d);
        double[] expected = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < rows; r++) {
                    expected[i * d + j] += 2 * a[r * d + i] * a[r * d + j];
                }
            }
        }
        Gram gram = new Gram(d, 256);
        double[] g = new double[d * d];
        fill(gram, a, rows, d);
        gram.addTo(rows, null, g);
        fill(gram, a, rows, d);
        gram.addTo(rows, null, g);
        assertUpperEquals(expected, d, g, Gram.kernel().toString());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "4,9", "7,256", "16,100"})
    void centeredBlocksEqualTheDefinition(int d, int rows) {
        double[] a = integers(d * 13L + rows, rows * d);
        double[] center = integers(d, d);
        double[] expected = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < rows; r++) {
                    expected[i * d + j] += (a[r * d + i] - center[i]) * (a[r * d + j] - center[j]);
                }
            }
        }
        Gram gram = new Gram(d, 256);
        double[] g = new double[d * d];
        fill(gram, a, rows, d);
        gram.addTo(rows, center, g);
        assertUpperEquals(expected, d, g, Gram.kernel().toString());
    }

    @Test
    void rejectsAnOversizedBlock() {
        assertThrows(IllegalArgumentException.class, () -> new Gram(2, 4).addTo(5, null, new double[4]));
    }
}
