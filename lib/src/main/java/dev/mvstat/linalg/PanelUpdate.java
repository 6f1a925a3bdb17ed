package dev.mvstat.linalg;

/**
 * The inner kernel of the blocked factorizations here ({@link Cholesky}, and {@link SymmetricEigen}'s
 * reduction): rows of a row-major matrix less a combination of the rows of a panel,
 * {@code t_j -= sum_k c_k p_kj}, as axpys over contiguous entries that the JIT vectorizes, four
 * rows of the panel at a time; {@link VectorPanelUpdate} blocks four target rows in SIMD registers.
 */
final class PanelUpdate {

    private PanelUpdate() {}

    /**
     * {@code target[offset + j] -= sum_{k < count} coefficients[first + k * stride] panel[k * d + j]}
     * for j from {@code from} to {@code end - 1}.
     */
    static void subtract(
            double[] target,
            int offset,
            double[] coefficients,
            int first,
            int stride,
            int count,
            double[] panel,
            int d,
            int from,
            int end) {
        int k = 0;
        for (; k + 3 < count; k += 4) {
            int p0 = k * d, p1 = p0 + d, p2 = p1 + d, p3 = p2 + d;
            int c = first + k * stride;
            double c0 = coefficients[c], c1 = coefficients[c + stride];
            double c2 = coefficients[c + 2 * stride], c3 = coefficients[c + 3 * stride];
            for (int j = from; j < end; j++) {
                target[offset + j] -= c0 * panel[p0 + j] + c1 * panel[p1 + j] + c2 * panel[p2 + j] + c3 * panel[p3 + j];
            }
        }
        for (; k < count; k++) {
            int p = k * d;
            double c = coefficients[first + k * stride];
            for (int j = from; j < end; j++) {
                target[offset + j] -= c * panel[p + j];
            }
        }
    }
}
