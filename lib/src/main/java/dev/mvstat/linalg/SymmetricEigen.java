package dev.mvstat.linalg;

import java.util.Arrays;

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 8.5). Jacobi rotations are slower than tridiagonal QR for large
 * matrices, O(d^3) per sweep, but they compute small eigenvalues to high relative accuracy
 * (Demmel and Veselic 1992), which is what a rank or conditioning report needs. Meant for the
 * driver-side d x d matrices of this library (d up to a few hundred).
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    private SymmetricEigen() {
    }

    /**
     * @param a d x d row-major symmetric matrix; not modified
     * @param d order of the matrix
     * @return the eigenvalues in ascending order
     */
    public static double[] eigenvalues(double[] a, int d) {
        if (a.length != d * d) {
            throw new IllegalArgumentException("expected a " + d + " x " + d + " matrix, actual "
                    + a.length + " entries");
        }
        double[] m = a.clone();
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonalNorm(m, d) > 0; sweep++) {
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    rotate(m, d, p, q);
                }
            }
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = m[i * d + i];
        }
        Arrays.sort(values);
        return values;
    }

    /** Sum of squares below the diagonal, set to zero once negligible next to the diagonal. */
    private static double offDiagonalNorm(double[] m, int d) {
        double off = 0;
        double diag = 0;
        for (int i = 0; i < d; i++) {
            diag += m[i * d + i] * m[i * d + i];
            for (int j = 0; j < i; j++) {
                off += m[i * d + j] * m[i * d + j];
            }
        }
        return off <= 1e-34 * diag ? 0 : off;
    }

    /** One Jacobi rotation that zeroes m[p][q]. */
    private static void rotate(double[] m, int d, int p, int q) {
        double apq = m[p * d + q];
        if (apq == 0) {
            return;
        }
        double app = m[p * d + p];
        double aqq = m[q * d + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < d; k++) {
            double mkp = m[k * d + p];
            double mkq = m[k * d + q];
            m[k * d + p] = c * mkp - s * mkq;
            m[k * d + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < d; k++) {
            double mpk = m[p * d + k];
            double mqk = m[q * d + k];
            m[p * d + k] = c * mpk - s * mqk;
            m[q * d + k] = s * mpk + c * mqk;
        }
        m[p * d + q] = 0;
        m[q * d + p] = 0;
    }
}
