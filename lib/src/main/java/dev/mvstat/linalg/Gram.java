package dev.mvstat.linalg;

import dev.ludovic.netlib.blas.BLAS;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.ludovic.netlib.blas.NativeBLAS;

import java.lang.management.ManagementFactory;

/**
 * Symmetric rank-k update {@code G += (A - 1 c^T)^T (A - 1 c^T)} of a block of rows, optionally
 * centered on a vector {@code c}: the inner kernel of every co-moment pass. An instance holds a block
 * of up to {@code maxRows} rows of {@code d} columns, filled by its callers through {@link #row},
 * and the kernel's workspace; it is not thread-safe.
 *
 * <p>Each row is its own array, so that callers fill it, and the kernel centers it, with loops the
 * JIT vectorizes. {@code G} is a d x d matrix of which only the upper triangle in column-major
 * order ({@code g[i + j * d]}, i &lt;= j) is read and written: the layout of BLAS
 * {@code dsyrk("U", ...)}.
 *
 * <p>Three kernels: native BLAS {@code dsyrk} through {@code dev.ludovic.netlib} when a native
 * library is loaded, on the centered rows packed row-major; and otherwise a pure-Java kernel on
 * the rows centered and packed column-major (columns padded apart, so that they do not compete for
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
    public enum Kernel { NATIVE, JAVA_VECTOR, JAVA_SCALAR }

    /** Computes a full TILE x TILE tile of G at (i, j) from a column-major block. */
    @FunctionalInterface
    interface TileKernel {
        void tile(double[] a, int lda, int rows, int d, int i, int j, double[] g);
    }

    private static final int TILE = 3;
    /** Doubles between the Java kernel's packed columns beyond the block's rows (one cache line). */
    private static final int COLUMN_PADDING = 8;
    /** Whether the Java kernels use fused multiply-adds: only where the JIT emits the instruction (else they are slow). */
    private static final boolean FUSED = vmFlag("UseFMA");
    private static final Kernel KERNEL = chooseKernel();
    /** The Java kernel's full tiles; the vector ones are linked only when chosen. */
    private static final TileKernel TILES = KERNEL == Kernel.JAVA_VECTOR ? VectorTiles::tile : Gram::tile;

    /** Number of columns. */
    private final int d;
    /** The block's rows, each of d values. */
    private final double[][] rows;
    /** The centered block as the kernel reads it: row-major for native, column-major for Java. */
    private final double[] packed;
    /** The Java kernel's column stride in {@link #packed}. */
    private final int columnStride;
    /** The center of an uncentered update. */
    private final double[] zero;

    /**
     * @param d       number of columns
     * @param maxRows most rows a block will have
     */
    public Gram(int d, int maxRows) {
        this.d = d;
        this.rows = new double[maxRows][d];
        this.columnStride = maxRows + COLUMN_PADDING;
        this.packed = new double[KERNEL == Kernel.NATIVE ? d * maxRows : tiledColumns(d) * columnStride];
        this.zero = new double[d];
    }

    /**
     * @param r a row index below {@code maxRows}
     * @return the array of row r of the block, for the caller to fill with d values
     */
    public double[] row(int r) {
        return rows[r];
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
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean c2 = "4".equals(vmOption("TieredStopAtLevel")) && vmFlag("UseCompiler");
        return vectorModule && c2 && FUSED;
    }

    /**
     * Adds {@code sum_r (row_r - center)(row_r - center)^T} over the first {@code count} rows to
     * the upper triangle of {@code g}.
     *
     * @param count  number of rows of the block, at most {@code maxRows}
     * @param center d values subtracted from every row first; null for none
     * @param g      d x d accumulator, upper triangle column-major; modified
     */
    public void addTo(int count, double[] center, double[] g) {
        if (count > rows.length) {
            throw new IllegalArgumentException("expected at most " + rows.length + " rows, actual " + count);
        }
        if (count == 0) {
            return;
        }
        double[] c = center == null ? zero : center;
        if (KERNEL == Kernel.NATIVE) {
            for (int r = 0; r < count; r++) {
                double[] row = rows[r];
                int offset = r * d;
                for (int j = 0; j < d; j++) {
                    packed[offset + j] = row[j] - c[j];
                }
            }
            // Row-major count x d is column-major d x count: G += A A^T in BLAS terms.
            BLAS.getInstance().dsyrk("U", "N", d, count, 1.0, packed, d, 1.0, g, d);
        } else {
            for (int r = 0; r < count; r++) {
                double[] row = rows[r];
                for (int j = 0; j < d; j++) {
                    packed[j * columnStride + r] = row[j] - c[j];
                }
            }
            addTiles(TILES, packed, columnStride, count, d, g);
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

    /** @return d rounded up to whole tiles: the Java kernel's packed columns, zeros beyond d */
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
            s00 = madd(x0, y0, s00); s01 = madd(x0, y1, s01); s02 = madd(x0, y2, s02);
            s10 = madd(x1, y0, s10); s11 = madd(x1, y1, s11); s12 = madd(x1, y2, s12);
            s20 = madd(x2, y0, s20); s21 = madd(x2, y1, s21); s22 = madd(x2, y2, s22);
        }
        store(g, d, i, j, s00, s01, s02, s10, s11, s12, s20, s21, s22);
    }

    /** {@code s + x * y}, fused where the CPU has the instruction; FUSED is a constant the JIT folds. */
    private static double madd(double x, double y, double s) {
        return FUSED ? Math.fma(x, y, s) : s + x * y;
    }

    /** Adds a tile's sums to G; entries below the diagonal of a diagonal tile, and of the zero columns, are dropped. */
    static void store(double[] g, int d, int i, int j, double s00, double s01, double s02,
                              double s10, double s11, double s12, double s20, double s21, double s22) {
        add(g, d, i, j, s00); add(g, d, i, j + 1, s01); add(g, d, i, j + 2, s02);
        add(g, d, i + 1, j, s10); add(g, d, i + 1, j + 1, s11); add(g, d, i + 1, j + 2, s12);
        add(g, d, i + 2, j, s20); add(g, d, i + 2, j + 1, s21); add(g, d, i + 2, j + 2, s22);
    }

    private static void add(double[] g, int d, int i, int j, double s) {
        if (i <= j && j < d) {
            g[i + j * d] += s;
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
