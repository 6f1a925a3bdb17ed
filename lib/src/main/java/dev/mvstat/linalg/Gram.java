package dev.mvstat.linalg;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

import java.lang.management.ManagementFactory;

/**
 * Symmetric rank-k update {@code G += (A - 1 c^T)^T (A - 1 c^T)} of a block of rows, optionally
 * centered on a vector {@code c}: the inner kernel of every co-moment pass. An instance holds a block
 * of up to {@code maxRows} rows of {@code d} columns, filled by its callers through {@link #setRow},
 * in the layout its kernel reads; it is not thread-safe.
 *
 * <p>{@code G} is the upper triangle of a symmetric d x d matrix packed column by column: entry
 * (i, j), i &lt;= j, at {@code i + j (j + 1) / 2} ({@link #columnOffset}), the packed storage of
 * BLAS {@code dspr} and LAPACK's {@code "U"} routines: d (d + 1) / 2 doubles, so d up to 65,535.
 *
 * <p>Three kernels: native BLAS through {@code dev.ludovic.netlib} when a native library is loaded,
 * on the block row-major, computing G in square tiles ({@code dsyrk} on the diagonal, {@code dgemm}
 * above it) into a scratch of one tile that is added into the packed triangle; and otherwise a
 * pure-Java kernel on the block column-major (columns padded apart, so that they do not compete for
 * the same cache sets), which computes 3 x 3 tiles of {@code G} as dot products over the block
 * with 9 accumulators held in registers (register blocking, as in Goto and van de Geijn,
 * "Anatomy of high-performance matrix multiplication", TOMS 2008). The accumulators are SIMD
 * vectors of the Vector API ({@link VectorTiles}) when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector}, its C2 compiler and fused multiply-add instructions;
 * else scalars, with fused multiply-adds where the CPU has them. The choice is made once per JVM
 * and can be forced with the system property {@code mvstat.blas=java|native}.
 */
public final class Gram {

    /** Which kernel {@link #addTo} uses in this JVM: native BLAS, or Java with vector or scalar tiles. */
    public enum Kernel {
        NATIVE,
        JAVA_VECTOR,
        JAVA_SCALAR
    }

    /** Computes a full TILE x TILE tile of G at (i, j) from a column-major block. */
    @FunctionalInterface
    interface TileKernel {
        void tile(double[] a, int lda, int rows, int d, int i, int j, double[] g);
    }

    private static final int TILE = 3;
    /** Side of the native kernel's tiles of G, and of its scratch. */
    private static final int BLAS_TILE = 256;
    /** Doubles between the Java kernel's block columns beyond the block's rows (one cache line). */
    private static final int COLUMN_PADDING = 8;
    /** The longest array a JVM allocates (some reserve header words in the largest int). */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Whether the Java kernels use fused multiply-adds: only where the JIT emits the instruction (else they are slow). */
    private static final boolean FUSED = vmFlag("UseFMA");

    private static final Kernel KERNEL = chooseKernel();
    /** The Java kernel's full tiles; the vector ones are linked only when chosen. */
    private static final TileKernel TILES = KERNEL == Kernel.JAVA_VECTOR ? VectorTiles::tile : Gram::tile;

    /** Number of columns. */
    private final int d;
    /** Most rows of a block. */
    private final int maxRows;
    /**
     * The block as the kernel reads it: column-major for Java; row-major for native, with one spare
     * row, since netlib's bounds check of {@code dsyrk} counts {@code lda} values for each row from
     * the tile's offset.
     */
    private final double[] block;
    /** The Java kernel's column stride in {@link #block}. */
    private final int columnStride;
    /** The native kernel's scratch for one tile of G; empty for Java. */
    private final double[] tile;

    /**
     * @param d       number of columns
     * @param maxRows most rows a block will have
     */
    public Gram(int d, int maxRows) {
        this.d = d;
        this.maxRows = maxRows;
        this.columnStride = maxRows + COLUMN_PADDING;
        boolean blas = KERNEL == Kernel.NATIVE;
        this.block = new double
                [blas ? Math.multiplyExact(d, maxRows + 1) : Math.multiplyExact(tiledColumns(d), columnStride)];
        int side = Math.min(d, BLAS_TILE);
        this.tile = new double[blas ? side * side : 0];
    }

    /**
     * Copies one row into the block.
     *
     * @param r      a row index below {@code maxRows}
     * @param values d values; not modified
     */
    public void setRow(int r, double[] values) {
        if (KERNEL == Kernel.NATIVE) {
            System.arraycopy(values, 0, block, r * d, d);
        } else {
            for (int j = 0; j < d; j++) {
                block[j * columnStride + r] = values[j];
            }
        }
    }

    /**
     * Number of doubles of the packed upper triangle of a d x d matrix.
     *
     * @param d the matrix's order
     * @return d (d + 1) / 2
     * @throws IllegalArgumentException if that is more than a Java array holds (d above 65,535)
     */
    public static int packedLength(int d) {
        long length = columnOffset(d);
        if (length > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("the packed triangle of " + d + " columns needs " + length
                    + " doubles, more than a Java array holds");
        }
        return (int) length;
    }

    /** @return the index in a packed upper triangle of its column j's first entry (0, j): j (j + 1) / 2 */
    public static long columnOffset(int j) {
        return j * (j + 1L) / 2;
    }

    /**
     * The full symmetric matrix of a packed upper triangle, every entry divided by {@code divisor}.
     *
     * @param g       the packed upper triangle of a d x d matrix; not modified
     * @param d       the matrix's order
     * @param divisor divides every entry
     * @return row-major d x d (a new array)
     * @throws IllegalArgumentException if d x d doubles are more than a Java array holds (d above 46,340)
     */
    public static double[] unpack(double[] g, int d, double divisor) {
        if ((long) d * d > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("a full " + d + " x " + d + " matrix is more than a Java array holds");
        }
        double[] full = new double[d * d];
        for (int j = 0; j < d; j++) {
            int column = (int) columnOffset(j);
            for (int i = 0; i <= j; i++) {
                double v = g[column + i] / divisor;
                full[i * d + j] = v;
                full[j * d + i] = v;
            }
        }
        return full;
    }

    /** @return the kernel chosen for this JVM */
    public static Kernel kernel() {
        return KERNEL;
    }

    private static Kernel chooseKernel() {
        String forced = System.getProperty("mvstat.blas", "auto");
        if (forced.equals("java")) {
            return javaKernel();
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
        return nativeLoaded ? Kernel.NATIVE : javaKernel();
    }

    private static Kernel javaKernel() {
        return simdAvailable() ? Kernel.JAVA_VECTOR : Kernel.JAVA_SCALAR;
    }

    /**
     * Vector kernels need the incubating module and C2, which compiles Vector API calls to SIMD
     * instructions (interpreted or compiled by C1 they allocate an object per operation).
     *
     * @return whether this JVM runs Vector API kernels as SIMD instructions with fused multiply-adds
     */
    static boolean simdAvailable() {
        boolean vectorModule =
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean c2 = "4".equals(vmOption("TieredStopAtLevel")) && vmFlag("UseCompiler");
        return vectorModule && c2 && FUSED;
    }

    /**
     * Adds {@code sum_r (row_r - center)(row_r - center)^T} over the first {@code count} rows of the
     * block to the packed upper triangle {@code g}. The rows are centered in place: set them again
     * before the next call, unless {@code center} was null or zeros.
     *
     * @param count  number of rows of the block, at most {@code maxRows}
     * @param center d values subtracted from every row first; null for none
     * @param g      packed upper triangle of a d x d matrix ({@link #packedLength}); modified
     */
    public void addTo(int count, double[] center, double[] g) {
        if (count > maxRows) {
            throw new IllegalArgumentException("expected at most " + maxRows + " rows, actual " + count);
        }
        if (count == 0) {
            return;
        }
        if (KERNEL == Kernel.NATIVE) {
            if (center != null) {
                for (int r = 0; r < count; r++) {
                    int offset = r * d;
                    for (int j = 0; j < d; j++) {
                        block[offset + j] -= center[j];
                    }
                }
            }
            addBlasTiles(BLAS.getInstance(), BLAS_TILE, block, count, d, tile, g);
        } else {
            if (center != null) {
                for (int j = 0; j < d; j++) {
                    double c = center[j];
                    int offset = j * columnStride;
                    for (int r = 0; r < count; r++) {
                        block[offset + r] -= c;
                    }
                }
            }
            addTiles(TILES, block, columnStride, count, d, g);
        }
    }

    /**
     * The native kernel on a row-major block ({@code a[r * d + j]}, which BLAS reads as the
     * column-major d x rows matrix {@code X}, so that G += X X^T; a spare row after the block's
     * rows, see {@link #block}): for each tile of G of side
     * {@code side} on or above the diagonal, {@code dsyrk} (diagonal) or {@code dgemm} (above) into
     * {@code scratch}, whose upper part is then added into the packed triangle.
     */
    static void addBlasTiles(BLAS blas, int side, double[] a, int rows, int d, double[] scratch, double[] g) {
        for (int j0 = 0; j0 < d; j0 += side) {
            int width = Math.min(side, d - j0);
            for (int i0 = 0; i0 <= j0; i0 += side) {
                int height = Math.min(side, d - i0);
                if (i0 == j0) {
                    blas.dsyrk("U", "N", width, rows, 1.0, a, j0, d, 0.0, scratch, 0, height);
                } else {
                    blas.dgemm("N", "T", height, width, rows, 1.0, a, i0, d, a, j0, d, 0.0, scratch, 0, height);
                }
                for (int c = 0; c < width; c++) {
                    int j = j0 + c;
                    int column = (int) columnOffset(j) + i0;
                    int tileColumn = c * height;
                    for (int r = 0, last = Math.min(height - 1, j - i0); r <= last; r++) {
                        g[column + r] += scratch[tileColumn + r];
                    }
                }
            }
        }
    }

    /**
     * The pure-Java kernel on a column-major block ({@code a[j * lda + r]} is row r, column j) of
     * {@link #tiledColumns} columns, those from d on zero: tiles of G by {@code kernel}, the
     * entries of the zero columns dropped.
     */
    static void addTiles(TileKernel kernel, double[] a, int lda, int rows, int d, double[] g) {
        int columns = tiledColumns(d);
        for (int i = 0; i < columns; i += TILE) {
            for (int j = i; j < columns; j += TILE) {
                kernel.tile(a, lda, rows, d, i, j, g);
            }
        }
    }

    /** @return d rounded up to whole tiles: the Java kernel's block columns, zeros beyond d */
    static int tiledColumns(int d) {
        return (d + TILE - 1) / TILE * TILE;
    }

    /** A full 3 x 3 tile of G at (i, j): 9 dot products accumulated in scalar registers. */
    static void tile(double[] a, int lda, int rows, int d, int i, int j, double[] g) {
        tileRows(a, lda, 0, rows, d, i, j, g);
    }

    /** Adds rows {@code [from, rows)} of the block to a full 3 x 3 tile of G at (i, j), as {@link #tile}. */
    static void tileRows(double[] a, int lda, int from, int rows, int d, int i, int j, double[] g) {
        int a0 = i * lda, a1 = a0 + lda, a2 = a1 + lda;
        int b0 = j * lda, b1 = b0 + lda, b2 = b1 + lda;
        double s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0, s20 = 0, s21 = 0, s22 = 0;
        for (int r = from; r < rows; r++) {
            double x0 = a[a0 + r], x1 = a[a1 + r], x2 = a[a2 + r];
            double y0 = a[b0 + r], y1 = a[b1 + r], y2 = a[b2 + r];
            s00 = madd(x0, y0, s00);
            s01 = madd(x0, y1, s01);
            s02 = madd(x0, y2, s02);
            s10 = madd(x1, y0, s10);
            s11 = madd(x1, y1, s11);
            s12 = madd(x1, y2, s12);
            s20 = madd(x2, y0, s20);
            s21 = madd(x2, y1, s21);
            s22 = madd(x2, y2, s22);
        }
        store(g, d, i, j, s00, s01, s02, s10, s11, s12, s20, s21, s22);
    }

    /** {@code s + x * y}, fused where the CPU has the instruction; FUSED is a constant the JIT folds. */
    private static double madd(double x, double y, double s) {
        return FUSED ? Math.fma(x, y, s) : s + x * y;
    }

    /** Adds a tile's sums to the packed G; entries below the diagonal of a diagonal tile, and of the zero columns, are dropped. */
    static void store(
            double[] g,
            int d,
            int i,
            int j,
            double s00,
            double s01,
            double s02,
            double s10,
            double s11,
            double s12,
            double s20,
            double s21,
            double s22) {
        addColumn(g, d, i, j, s00, s10, s20);
        addColumn(g, d, i, j + 1, s01, s11, s21);
        addColumn(g, d, i, j + 2, s02, s12, s22);
    }

    /** Adds the sums of rows i, i + 1, i + 2 of column j (j &gt;= i) to the packed G, those on or above its diagonal. */
    private static void addColumn(double[] g, int d, int i, int j, double s0, double s1, double s2) {
        if (j >= d) {
            return;
        }
        int k = (int) columnOffset(j) + i;
        g[k] += s0;
        if (i + 1 <= j) {
            g[k + 1] += s1;
        }
        if (i + 2 <= j) {
            g[k + 2] += s2;
        }
    }

    private static boolean vmFlag(String name) {
        return Boolean.parseBoolean(vmOption(name));
    }

    /** @return the value of a HotSpot option, null on a JVM without it */
    private static String vmOption(String name) {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? null : hotspot.getVMOption(name).getValue();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
    }
}
