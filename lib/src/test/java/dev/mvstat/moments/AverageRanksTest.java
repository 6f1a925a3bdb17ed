package dev.mvstat.moments;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AverageRanksTest {

    @Test
    void tiesShareTheMeanOfTheirRanks() {
        // scipy.stats.rankdata([1, 2, 2, 2, 5, 7, 7]) = [1, 3, 3, 3, 5, 6.5, 6.5]
        double[] sorted = {1, 2, 2, 2, 5, 7, 7};
        assertEquals(1.0, AverageRanks.of(sorted, 1));
        assertEquals(3.0, AverageRanks.of(sorted, 2));
        assertEquals(5.0, AverageRanks.of(sorted, 5));
        assertEquals(6.5, AverageRanks.of(sorted, 7));
        assertEquals(4, AverageRanks.countBelow(sorted, 5));
        assertEquals(5, AverageRanks.countAtMost(sorted, 5));
        assertEquals(0, AverageRanks.countAtMost(sorted, 0));
    }
}
