package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SymmetricEigen}'s pass over one row of the trailing matrix with SIMD vectors: the rank-2
 * update, the product's axpy and the dot product in a single loop, so that the row is loaded and
 * stored once. Uses the incubating Vector API, so it is loaded only when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorTridiagonal {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorTridiagonal() {
    }

    /** {@link SymmetricEigen#updateRow}. */
    static double updateRow(double[] m, int row, int r, int d, double[] u, double[] w, double[] v,
                            double[] product) {
        double ur = u[r], wr = w[r], vr = v[r];
        double diagonal = m[row + r] - (ur * w[r] + wr * u[r]);
        m[row + r] = diagonal;
        DoubleVector scale = DoubleVector.broadcast(SPECIES, vr);
        DoubleVector sum = DoubleVector.zero(SPECIES);
        int j = r + 1;
        for (int end = j + SPECIES.loopBound(d - j); j < end; j += SPECIES.length()) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, m, row + j).sub(
                    DoubleVector.fromArray(SPECIES, w, j).mul(ur).add(DoubleVector.fromArray(SPECIES, u, j).mul(wr)));
            x.intoArray(m, row + j);
            x.fma(scale, DoubleVector.fromArray(SPECIES, product, j)).intoArray(product, j);
            sum = x.fma(DoubleVector.fromArray(SPECIES, v, j), sum);
        }
        double dot = diagonal * vr + sum.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            double x = m[row + j] - (ur * w[j] + wr * u[j]);
            m[row + j] = x;
            product[j] += vr * x;
            dot += x * v[j];
        }
        return dot;
    }
}
