package dev.mvstat.jobs;

import dev.mvstat.jobs.input.Decimal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimalTest {

    @Test
    void differencesAreExactBeforeRounding() {
        assertEquals(0.1, Decimal.parse("10000000.2").minus(Decimal.parse("10000000.1")));
        assertEquals(0.1, Decimal.parse("1000000000.6").minus(Decimal.parse("1000000000.5")));
        // The doubles nearest the same decimals are 0.1 only to about 8 digits.
        assertTrue(10000000.2 - 10000000.1 != 0.1);
        assertEquals(-2.75, Decimal.parse("-1.5").minus(Decimal.parse("1.25")));
        assertEquals(99000.0, Decimal.parse("1e5").minus(Decimal.parse("1000")));
        assertEquals(0.0, Decimal.parse("+3.0").minus(Decimal.parse("3")));
    }

    @Test
    void onlyPlainDecimalsParse() {
        assertNull(Decimal.parse("abc"));
        assertNull(Decimal.parse("."));
        assertNull(Decimal.parse("NaN"));
        assertNull(Decimal.parse("1234567890123456789"));
        assertNull(Decimal.parse("1e400"));
        assertEquals(new Decimal(12345, 2), Decimal.parse(" 123.45 "));
    }

    @Test
    void overflowingDifferenceIsNaN() {
        assertTrue(Double.isNaN(Decimal.parse("999999999999999999").minus(Decimal.parse("-0.0000000000000001"))));
    }
}
