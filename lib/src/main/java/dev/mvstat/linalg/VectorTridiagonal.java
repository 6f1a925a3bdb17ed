package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SymmetricEigen#multiplyRow} with SIMD vectors: the product's axpy and the dot product in
 * a single loop, so that the row is loaded once. Uses the incubating Vector API, so it is loaded
 * only when the JVM runs with {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorTridiagonal {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorTridiagonal() {}

    /** {@link SymmetricEigen#multiplyRow}. */
    static double multiplyRow(double[] m, int row, int r, int d, double[] v, int offset, double[] product) {
        double vr = v[offset + r];
        DoubleVector scale = DoubleVector.broadcast(SPECIES, vr);
        DoubleVector sum = DoubleVector.zero(SPECIES);
        int j = r + 1;
        for (int end = j + SPECIES.loopBound(d - j); j < end; j += SPECIES.length()) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, m, row + j);
            x.fma(scale, DoubleVector.fromArray(SPECIES, product, j)).intoArray(product, j);
            sum = x.fma(DoubleVector.fromArray(SPECIES, v, offset + j), sum);
        }
        double dot = m[row + r] * vr + sum.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            double x = m[row + j];
            product[j] += vr * x;
            dot += x * v[offset + j];
        }
        return dot;
    }
}
