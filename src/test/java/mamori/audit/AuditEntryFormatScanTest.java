package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/// The strict scan reads what the log writes, and whenever it reads a text at all it reads the
/// same fields as the general JSON parser; everything else is left to that parser's verdict.
class AuditEntryFormatScanTest {

    private static final byte[] PREV = new byte[32];

    private static List<String> texts() {
        List<AuditEvent> events = List.of(
                AuditEvent.of(AuditAction.PLAY),
                AuditEvent.of(AuditAction.SEEK).person("person-1").session("session-2").camera("camera-3")
                        .detail("from", "00:12:00").detail("to", 42).detail("ok", true).detail("none", null),
                AuditEvent.of(AuditAction.PLAY).camera("c").range(new RecordingRange(Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2026-12-01T01:00:00Z"))).detail("list", List.of(1, -2, "x", Map.of("k", List.of()))),
                AuditEvent.of(AuditAction.PLAY).person("山田").detail("note", "quote \" and \\ and\nnew line"),
                AuditEvent.of(AuditAction.PLAY).detail("big", -123_456_789_012_345_678L).detail("zero", 0),
                AuditEvent.of(AuditAction.PLAY).person("山田").camera("玄関カメラ").detail("purpose", "転倒事故の確認 é ü 🎥")
                        .detail("ラベル", List.of("夜間", 3)));
        List<String> texts = new ArrayList<>();
        long seq = 1;
        for (AuditEvent event : events) {
            texts.add(AuditEntryFormat.canonical(seq++, Instant.parse("2026-12-07T01:02:03.456789Z"), -5 + seq * 1_000_000_007L,
                    "run-1", "T-1", event, PREV, "k1"));
        }
        return texts;
    }

    @Test
    void theScanReadsWhatTheLogWritesWithoutEscapesInAsciiAndUtf8() throws Exception {
        List<String> texts = texts();
        byte[] japanese = texts.get(5).getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = fields(japanese);
        assertNotNull(fields);
        assertEquals("山田", fields.get("person"));
        assertEquals("玄関カメラ", fields.get("camera"));
        assertSame(AuditEntryFormat.parseAnyForm(japanese), AuditEntryFormat.parse(japanese), texts.get(5));
        assertNotNull(fields(texts.get(0).getBytes(StandardCharsets.UTF_8)));
        assertNotNull(fields(texts.get(1).getBytes(StandardCharsets.UTF_8)));
        assertNotNull(fields(texts.get(2).getBytes(StandardCharsets.UTF_8)));
        assertNotNull(fields(texts.get(4).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyTextTheScanReadsGivesTheGeneralParsersFieldsAndTheSameVerdicts() throws Exception {
        Random random = new Random(7);
        int scanned = 0;
        int declined = 0;
        for (String original : texts()) {
            byte[] bytes = original.getBytes(StandardCharsets.UTF_8);
            for (int round = 0; round < 4_000; round++) {
                byte[] changed = round == 0 ? bytes.clone() : mutate(bytes, random);
                Map<String, String> fields = fields(changed);
                Object viaJackson = outcome(() -> AuditEntryFormat.parseAnyForm(changed));
                Object viaEither = outcome(() -> AuditEntryFormat.parse(changed));
                assertSame(viaJackson, viaEither, new String(changed, StandardCharsets.UTF_8));
                if (fields == null) {
                    declined++;
                } else {
                    scanned++;
                }
            }
        }
        assertTrue(scanned > 1_000, "the scan read " + scanned);
        assertTrue(declined > 1_000, "the scan declined " + declined);
    }

    @Test
    void illFormedUtf8IsLeftToTheGeneralParser() {
        String text = texts().get(5);
        int at = text.indexOf("山田");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int offset = new String(bytes, StandardCharsets.UTF_8).substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        byte[][] wrong = {
            {(byte) 0xc0, (byte) 0xaf, 'x'},              // overlong '/'
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},      // a surrogate
            {(byte) 0xe5, (byte) 0xb1, 'x'},              // a sequence cut short
            {(byte) 0xf5, (byte) 0x80, (byte) 0x80},      // above U+10FFFF
            {(byte) 0x80, 'x', 'y'},                      // a lone continuation byte
        };
        for (byte[] replacement : wrong) {
            byte[] changed = bytes.clone();
            System.arraycopy(replacement, 0, changed, offset, replacement.length);
            assertEquals(null, fields(changed), java.util.HexFormat.of().formatHex(replacement));
            assertSame(outcome(() -> AuditEntryFormat.parseAnyForm(changed)), outcome(() -> AuditEntryFormat.parse(changed)),
                    java.util.HexFormat.of().formatHex(replacement));
        }
    }

    private static void assertSame(Object expected, Object actual, String text) {
        if (expected instanceof AuditEntryFormat.ParsedEntry want && actual instanceof AuditEntryFormat.ParsedEntry got) {
            assertEquals(want.seq(), got.seq(), text);
            assertEquals(want.timeText(), got.timeText(), text);
            assertEquals(want.terminalId(), got.terminalId(), text);
            assertEquals(want.personId(), got.personId(), text);
            assertEquals(want.sessionId(), got.sessionId(), text);
            assertEquals(want.action(), got.action(), text);
            assertEquals(want.cameraId(), got.cameraId(), text);
            assertArrayEquals(want.prevHash(), got.prevHash(), text);
            assertEquals(want.keyId(), got.keyId(), text);
        } else {
            assertEquals(String.valueOf(expected), String.valueOf(actual), text);
        }
    }

    @FunctionalInterface
    private interface Parse {
        AuditEntryFormat.ParsedEntry run() throws AuditEntryFormat.MalformedEntryException;
    }

    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (AuditEntryFormat.MalformedEntryException e) {
            return "malformed: " + e.getMessage();
        }
    }

    private static final byte[] ALPHABET = "{}[]\":,0123456789-nulltruefalse\\ \u00e9aZ".getBytes(StandardCharsets.UTF_8);

    /// One to three edits: a byte replaced (often by JSON punctuation), removed, or inserted.
    private static byte[] mutate(byte[] bytes, Random random) {
        byte[] text = bytes.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(text.length);
            byte with = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
            switch (random.nextInt(3)) {
                case 0 -> text[at] = with;
                case 1 -> {
                    byte[] shorter = new byte[text.length - 1];
                    System.arraycopy(text, 0, shorter, 0, at);
                    System.arraycopy(text, at + 1, shorter, at, text.length - at - 1);
                    text = shorter;
                }
                default -> {
                    byte[] longer = new byte[text.length + 1];
                    System.arraycopy(text, 0, longer, 0, at);
                    longer[at] = with;
                    System.arraycopy(text, at, longer, at + 1, text.length - at);
                    text = longer;
                }
            }
        }
        return text;
    }

    /// The top-level texts by key (and `seq`) that the strict scan reads, or null when it declines.
    private static Map<String, String> fields(byte[] text) {
        String[] values = AuditEntryFormat.CanonicalScan.values(text);
        if (values == null) {
            return null;
        }
        Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 0; i < AuditEntryFormat.CanonicalScan.KEYS.length; i++) {
            if (values[i] != null) {
                fields.put(AuditEntryFormat.CanonicalScan.KEYS[i], values[i]);
            }
        }
        return fields;
    }
}
