package dev.mvstat.linalg;

import java.util.Arrays;

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 8.5), with the rotation of an entry skipped once it is negligible
 * next to its diagonal pair ({@code |a_pq| <= eps sqrt(|a_pp a_qq|)}), the threshold under which
 * Jacobi computes the eigenvalues of a positive definite matrix to high relative accuracy (Demmel
 * and Veselic, "Jacobi's method is more accurate than QR", 1992). O(d^3) per sweep, a handful of
 * sweeps: meant for the driver-side d x d matrices of this library (d up to a few hundred).
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;
    private static final double EPSILON = Math.ulp(1.0);

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
        boolean rotated = true;
        for (int sweep = 0; rotated; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException("Jacobi eigenvalue iteration did not converge in " + MAX_SWEEPS + " sweeps");
            }
            rotated = false;
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    rotated |= rotate(m, d, p, q);
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

    /** One Jacobi rotation that zeroes m[p][q], unless it is already negligible; returns whether it rotated. */
    private static boolean rotate(double[] m, int d, int p, int q) {
        double apq = m[p * d + q];
        double app = m[p * d + p];
        double aqq = m[q * d + q];
        if (Math.abs(apq) <= EPSILON * Math.sqrt(Math.abs(app * aqq)) || apq == 0) {
            m[p * d + q] = 0;
            m[q * d + p] = 0;
            return false;
        }
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
        return true;
    }
}
