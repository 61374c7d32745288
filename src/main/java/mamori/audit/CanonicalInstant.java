package mamori.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/// Reads the times entries are written with (`Instant.toString()`: `YYYY-MM-DDTHH:MM:SS`, then no
/// fraction or 3, 6 or 9 digits of one, then `Z`) with plain digit arithmetic.
///
/// A report reads two or three such times per entry; `Instant.parse` goes through the general
/// formatter, slow to run and, in a JVM that has not made a report yet, one of its largest
/// methods to compile. Anything not in exactly that shape, or out of range, goes to
/// `Instant.parse`, so the result (or the exception) is always the one `Instant.parse` gives.
final class CanonicalInstant {

    private CanonicalInstant() {
    }

    static Instant parse(String text) {
        Instant fast = exact(text);
        return fast != null ? fast : Instant.parse(text);
    }

    private static Instant exact(String text) {
        int length = text.length();
        if (length != 20 && length != 24 && length != 27 && length != 30) {
            return null;
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z' || (length > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fraction = length > 20 ? digits(text, 20, length - 21) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || fraction < 0) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        int nanos = switch (length) {
            case 24 -> fraction * 1_000_000;
            case 27 -> fraction * 1_000;
            default -> fraction;
        };
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /// The decimal value of `count` ASCII digits at `from`, or -1 when one is not a digit.
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
