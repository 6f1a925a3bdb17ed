package dev.mvstat.linalg;

import dev.ludovic.netlib.blas.JavaBLAS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /** The packed upper triangle g equals the full row-major expected one, and nothing else was written. */
    private static void assertUpperEquals(double[] expectedFull, int d, double[] g, String what) {
        assertEquals(Gram.packedLength(d), g.length, what + ": packed length");
        assertArrayEquals(expectedFull, Gram.unpack(g, d, 1.0), 0.0, what);
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
        double[] scalar = new double[Gram.packedLength(d)];
        Gram.addTiles(Gram::tile, a, lda, rows, d, scalar);
        assertUpperEquals(expected, d, scalar, "scalar tiles");
        double[] vector = new double[Gram.packedLength(d)];
        Gram.addTiles(VectorTiles::tile, a, lda, rows, d, vector);
        assertUpperEquals(expected, d, vector, "vector tiles");
    }

    /**
     * The BLAS kernel's tiling, on the pure-Java BLAS (the same netlib interface and bounds checks
     * as the native one): tiles of side 4 cover whole, partial and diagonal tiles of small
     * matrices, side 256 the default on two or three tiles a side.
     */
    @ParameterizedTest
    @CsvSource({"1,1,4", "3,5,4", "4,4,4", "5,7,4", "13,3,4", "16,9,4", "300,17,256", "513,2,256"})
    void blasTilesEqualTheDefinition(int d, int rows, int side) {
        double[] a = Arrays.copyOf(integers(d * 29L + rows, rows * d), (rows + 1) * d);
        double[] expected = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < rows; r++) {
                    expected[i * d + j] += a[r * d + i] * a[r * d + j];
                }
            }
        }
        double[] g = new double[Gram.packedLength(d)];
        int scratchSide = Math.min(side, d);
        Gram.addBlasTiles(JavaBLAS.getInstance(), side, a, rows, d, new double[scratchSide * scratchSide], g);
        assertUpperEquals(expected, d, g, "BLAS tiles");
    }

    /** Fills the block's first {@code rows} rows from row-major {@code a}. */
    private static void fill(Gram gram, double[] a, int rows, int d) {
        for (int r = 0; r < rows; r++) {
            gram.setRow(r, Arrays.copyOfRange(a, r * d, (r + 1) * d));
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
        double[] g = new double[Gram.packedLength(d)];
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
        double[] g = new double[Gram.packedLength(d)];
        fill(gram, a, rows, d);
        gram.addTo(rows, center, g);
        assertUpperEquals(expected, d, g, Gram.kernel().toString());
    }

    @Test
    void rejectsAnOversizedBlock() {
        assertThrows(IllegalArgumentException.class, () -> new Gram(2, 4).addTo(5, null, new double[3]));
    }

    @Test
    void packedIndicesDoNotOverflow() {
        assertEquals(0, Gram.columnOffset(0));
        assertEquals(3, Gram.columnOffset(2));
        assertEquals(15, Gram.packedLength(5));
        // j (j + 1) is past the int range from j = 46,341 on.
        assertEquals(2_147_385_345L, Gram.columnOffset(65_534));
        assertEquals(16_384 * 16_385 / 2, Gram.packedLength(16_384));
        assertEquals(2_147_450_880, Gram.packedLength(65_535));
        assertThrows(IllegalArgumentException.class, () -> Gram.packedLength(65_536));
        assertThrows(IllegalArgumentException.class, () -> Gram.unpack(new double[0], 46_341, 1.0));
    }

    @Test
    void unpackMirrorsAndDivides() {
        // [[1, 2, 4], [2, 3, 5], [4, 5, 6]] packed by columns: (0,0) (0,1) (1,1) (0,2) (1,2) (2,2).
        double[] full = Gram.unpack(new double[] {1, 2, 3, 4, 5, 6}, 3, 2.0);
        assertArrayEquals(new double[] {0.5, 1, 2, 1, 1.5, 2.5, 2, 2.5, 3}, full, 0.0);
    }
}
