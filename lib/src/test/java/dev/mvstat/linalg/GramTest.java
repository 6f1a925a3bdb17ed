package dev.mvstat.linalg;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GramTest {

    @ParameterizedTest
    @CsvSource({"1,1", "3,5", "4,4", "5,7", "9,3", "13,256", "16,100"})
    void javaKernelEqualsTheDefinition(int d, int rows) {
        Random random = new Random(d * 31L + rows);
        int lda = rows + 3;
        double[] a = new double[lda * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt(21) - 10;
        }
        double[] g = new double[d * d];
        g[0] = 1;
        Gram.addToJava(a, lda, rows, d, g);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double expected = i == 0 && j == 0 ? 1 : 0;
                if (i <= j) {
                    for (int r = 0; r < rows; r++) {
                        expected += a[i * lda + r] * a[j * lda + r];
                    }
                }
                assertEquals(expected, g[i + j * d], 0.0, "G[" + i + "][" + j + "]");
            }
        }
    }
}
