package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/// The quick reading of entry times gives exactly what `Instant.parse` gives, or its exception.
class CanonicalInstantTest {

    @Test
    void timesAsTheLogWritesThemReadAsInstantParseReadsThem() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(instant, CanonicalInstant.parse(instant.toString()), instant.toString());
        }
    }

    @Test
    void anyOtherShapeGetsInstantParsesAnswer() {
        List<String> texts = List.of("2026-02-29T00:00:00Z", "2024-02-29T23:59:59.999Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-12-07T24:00:00Z", "2026-12-07T23:60:00Z", "2026-12-07T23:59:60Z", "2026-12-07T01:02:03.4Z", "2026-12-07T01:02:03.45Z",
                "2026-12-07t01:02:03Z", "2026-12-07T01:02:03z", "2026-12-07T01:02:03+09:00", "+12026-12-07T01:02:03Z", "2026-12-07T01:02:03.-12Z",
                "2026-1a-07T01:02:03Z", "", "2026-12-07T01:02:03.123456789Z", "0000-01-01T00:00:00Z", "2026-12-07 01:02:03Z", "٢٠٢٦-12-07T01:02:03Z");
        for (String text : texts) {
            assertEquals(outcome(() -> Instant.parse(text)), outcome(() -> CanonicalInstant.parse(text)), text);
        }
    }

    private static String outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return String.valueOf(parse.get());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
