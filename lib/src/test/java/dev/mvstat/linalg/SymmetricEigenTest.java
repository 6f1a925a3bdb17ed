package dev.mvstat.linalg;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SymmetricEigenTest {

    @Test
    void handChecked() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3; a diagonal matrix its diagonal.
        assertArrayEquals(new double[] {1, 3}, SymmetricEigen.eigenvalues(new double[] {2, 1, 1, 2}, 2), 1e-15);
        assertArrayEquals(new double[] {-1, 0, 5}, SymmetricEigen.eigenvalues(new double[] {5, 0, 0, 0, -1, 0, 0, 0, 0}, 3), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3", "collinear", "offset"})
    void matchesNumpy(String name) {
        var ref = TestData.reference(name);
        double[] cov = TestData.doubles(ref.get("covariance"));
        int d = (int) Math.round(Math.sqrt(cov.length));
        assertCloseRelative(TestData.doubles(ref.get("eigenvalues")), SymmetricEigen.eigenvalues(cov, d), 1e-12,
                name + " eigenvalues");
    }
}
