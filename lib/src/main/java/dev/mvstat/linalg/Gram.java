package dev.mvstat.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * Symmetric rank-k update {@code G += A^T A} of a block of rows: the inner kernel of every
 * co-moment pass.
 *
 * <p>The block {@code A} holds {@code rows} rows of {@code d} columns in column-major order with
 * leading dimension {@code lda} ({@code a[j * lda + r]} is row r, column j), so each column is
 * contiguous. {@code G} is a
 * d x d matrix of which only the upper triangle in column-major order ({@code g[i + j * d]},
 * i &lt;= j) is read and written: the layout of BLAS {@code dsyrk("U", "T", ...)}.
 *
 * <p>Two implementations: native BLAS {@code dsyrk} through {@code dev.ludovic.netlib} when a
 * native library is loaded, and otherwise a pure-Java kernel that computes 4 x 4 tiles of
 * {@code G} as dot products over the block with 16 scalar accumulators (register blocking, as in
 * Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS 2008). The
 * choice is made once per JVM and can be forced with the system property
 * {@code mvstat.blas=java|native}.
 */
public final class Gram {

    /** Which kernel {@link #addTo} uses in this JVM. */
    public enum Kernel { NATIVE, JAVA }

    private static final int TILE = 4;
    private static final Kernel KERNEL = chooseKernel();

    private Gram() {
    }

    /** @return the kernel chosen for this JVM */
    public static Kernel kernel() {
        return KERNEL;
    }

    private static Kernel chooseKernel() {
        String forced = System.getProperty("mvstat.blas", "auto");
        if (forced.equals("java")) {
            return Kernel.JAVA;
        }
        boolean nativeLoaded;
        try {
            nativeLoaded = BLAS.getInstance() instanceof NativeBLAS;
        } catch (LinkageError e) {
            nativeLoaded = false;
        }
        if (forced.equals("native") && !nativeLoaded) {
            throw new IllegalStateException("mvstat.blas=native but no native BLAS could be loaded"
                    + " (install libopenblas0-pthread so that libblas.so.3 exists)");
        }
        return nativeLoaded ? Kernel.NATIVE : Kernel.JAVA;
    }

    /**
     * Adds {@code A^T A} to the upper triangle of {@code g}.
     *
     * @param a    the block, column-major, length at least {@code lda * d}; not modified
     * @param lda  distance between the starts of two columns in {@code a}, at least {@code rows}
     * @param rows number of rows in the block
     * @param d    number of columns
     * @param g    d x d accumulator, upper triangle column-major; modified
     */
    public static void addTo(double[] a, int lda, int rows, int d, double[] g) {
        if (rows == 0) {
            return;
        }
        if (KERNEL == Kernel.NATIVE) {
            BLAS.getInstance().dsyrk("U", "T", d, rows, 1.0, a, lda, 1.0, g, d);
        } else {
            addToJava(a, lda, rows, d, g);
        }
    }

    /** The pure-Java kernel, public so that tests and benchmarks can compare it with BLAS. */
    public static void addToJava(double[] a, int lda, int rows, int d, double[] g) {
        for (int i = 0; i < d; i += TILE) {
            for (int j = i; j < d; j += TILE) {
                if (i + TILE <= d && j + TILE <= d) {
                    tile(a, lda, rows, d, i, j, g);
                } else {
                    edge(a, lda, rows, d, i, j, g);
                }
            }
        }
    }

    /** A full 4 x 4 tile of G at (i, j), 16 dot products in registers. */
    private static void tile(double[] a, int lda, int rows, int d, int i, int j, double[] g) {
        int a0 = i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b0 = j * lda, b1 = b0 + lda, b2 = b1 + lda, b3 = b2 + lda;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int r = 0; r < rows; r++) {
            double x0 = a[a0 + r], x1 = a[a1 + r], x2 = a[a2 + r], x3 = a[a3 + r];
            double y0 = a[b0 + r], y1 = a[b1 + r], y2 = a[b2 + r], y3 = a[b3 + r];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        // Entries below the diagonal of a diagonal tile are computed and then ignored.
        add(g, d, i, j, s00); add(g, d, i, j + 1, s01); add(g, d, i, j + 2, s02); add(g, d, i, j + 3, s03);
        add(g, d, i + 1, j, s10); add(g, d, i + 1, j + 1, s11); add(g, d, i + 1, j + 2, s12); add(g, d, i + 1, j + 3, s13);
        add(g, d, i + 2, j, s20); add(g, d, i + 2, j + 1, s21); add(g, d, i + 2, j + 2, s22); add(g, d, i + 2, j + 3, s23);
        add(g, d, i + 3, j, s30); add(g, d, i + 3, j + 1, s31); add(g, d, i + 3, j + 2, s32); add(g, d, i + 3, j + 3, s33);
    }

    private static void add(double[] g, int d, int i, int j, double s) {
        if (i <= j) {
            g[i + j * d] += s;
        }
    }

    /** A tile cut by the matrix edge, one dot product at a time. */
    private static void edge(double[] a, int lda, int rows, int d, int i, int j, double[] g) {
        for (int ii = i; ii < Math.min(i + TILE, d); ii++) {
            for (int jj = Math.max(j, ii); jj < Math.min(j + TILE, d); jj++) {
                double s = 0;
                int p = ii * lda, q = jj * lda;
                for (int r = 0; r < rows; r++) {
                    s += a[p + r] * a[q + r];
                }
                g[ii + jj * d] += s;
            }
        }
    }
}
