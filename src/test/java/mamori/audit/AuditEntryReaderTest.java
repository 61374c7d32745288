package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// The streaming reading of a whole entry gives what Jackson's tree and data binding give for the
/// same text (the way entries were read before), details' value types included.
class AuditEntryReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PREV = new byte[32];

    @Test
    void readsEveryFieldAsTheTreeAndDataBindingRead() throws Exception {
        List<AuditEvent> events = List.of(
                AuditEvent.of(AuditAction.LOGIN),
                AuditEvent.of(AuditAction.STOP).person("p-1").session("s-2").camera("c-3")
                        .range(new RecordingRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-01T00:04:00.5Z")))
                        .detail("watchedSeconds", 180).detail("big", 12_345_678_901L).detail("ok", true).detail("no", false).detail("none", null),
                AuditEvent.of(AuditAction.PLAY).person("山田").detail("purpose", "転倒事故の確認 \"引用\" \\ \n")
                        .detail("nested", Map.of("list", List.of(1, "two", List.of(), Map.of("k", -3)))));
        long seq = 40;
        for (AuditEvent event : events) {
            String canonical = AuditEntryFormat.canonical(seq++, Instant.parse("2026-10-02T03:04:05.123456Z"), 987_654_321L, "run-9", "T-2",
                    event, PREV, "key-1");
            // Numbers the log does not write itself, as another writer might.
            String others = "\"huge\":123456789012345678901234,\"ratio\":1.5e0";
            canonical = canonical.contains("\"details\":{}") ? canonical.replace("\"details\":{}", "\"details\":{" + others + "}")
                    : canonical.replace("\"details\":{", "\"details\":{" + others + ",");
            var row = new AuditEntryStore.SignedRow(seq, canonical.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2}, new byte[] {3});
            AuditEntry streamed = AuditEntryReader.read(row);
            JsonNode node = JSON.readTree(row.canonical());
            assertEquals(node.path("seq").asLong(), streamed.seq());
            assertEquals(Instant.parse(node.path("time").asText()), streamed.recordedAt());
            assertEquals(node.path("monotonic").asLong(), streamed.monotonicNanos());
            assertEquals("run-9", streamed.runId());
            assertEquals("T-2", streamed.terminalId());
            assertEquals(text(node, "person"), streamed.personId());
            assertEquals(text(node, "session"), streamed.sessionId());
            assertEquals(event.action(), streamed.action());
            assertEquals(text(node, "camera"), streamed.cameraId());
            assertEquals(event.range(), streamed.range());
            Map<?, ?> bound = JSON.convertValue(node.path("details"), Map.class);
            assertEquals(bound, streamed.details());
            assertEquals(String.valueOf(bound), String.valueOf(streamed.details()));
            assertEquals(types(bound), types(streamed.details()), canonical);
            assertArrayEquals(PREV, streamed.prevHash());
            assertEquals("key-1", streamed.keyId());
            assertEquals(canonical, streamed.canonical());
        }
    }

    @Test
    void refusesWhatIsNotAnEntry() {
        for (String text : List.of("[]", "{\"seq\":1", "{\"seq\":1}", "{\"action\":\"NOPE\",\"time\":\"2026-10-02T03:04:05Z\",\"prev\":\"00\"}",
                "{\"action\":\"PLAY\",\"time\":\"yesterday\",\"prev\":\"00\"}", "{\"action\":\"PLAY\",\"time\":\"2026-10-02T03:04:05Z\",\"prev\":\"00\"} x",
                "{\"action\":\"PLAY\",\"time\":\"2026-10-02T03:04:05Z\",\"prev\":\"00\",\"range\":{\"from\":\"2026-10-02T03:04:05Z\"}}")) {
            var row = new AuditEntryStore.SignedRow(1, text.getBytes(StandardCharsets.UTF_8), new byte[0], new byte[0]);
            assertThrows(AuditEntryFormat.MalformedEntryException.class, () -> AuditEntryReader.read(row), text);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
    }

    /// The value types all the way down, so that an Integer read as a Long shows.
    private static String types(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(k).append('=').append(types(v)).append(','));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AuditEntryReaderTest::types).toList().toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
