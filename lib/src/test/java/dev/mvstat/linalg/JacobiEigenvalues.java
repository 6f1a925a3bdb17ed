package dev.mvstat.linalg;

import java.util.Arrays;

/**
 * The reference for {@link SymmetricEigen}: eigenvalues by the cyclic Jacobi method (Golub and Van
 * Loan, Matrix Computations, 4th ed., section 8.5), an algorithm independent of Householder
 * reduction and QL. A rotation is skipped once its entry is negligible next to its diagonal pair
 * ({@code |a_pq| <= eps sqrt(|a_pp a_qq|)}), as in Demmel and Veselic, "Jacobi's method is more
 * accurate than QR", 1992. O(d^3) per sweep: for test matrices of a few hundred rows.
 */
final class JacobiEigenvalues {

    private static final int MAX_SWEEPS = 100;
    private static final double EPSILON = Math.ulp(1.0);

    private JacobiEigenvalues() {}

    /** @return the eigenvalues of the d x d row-major symmetric {@code a}, ascending */
    static double[] of(double[] a, int d) {
        double[] m = a.clone();
        boolean rotated = true;
        for (int sweep = 0; rotated; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException(
                        "Jacobi eigenvalue iteration did not converge in " + MAX_SWEEPS + " sweeps");
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
