package mamori.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// Reads a whole entry (details included) back from its signed text in one streaming pass.
///
/// A report reads every entry of its period: a tree of nodes per entry plus a data-binding
/// conversion of its details cost most of a report's time and, in a JVM that has not run a
/// report yet, most of the compiling (a large code path run 100,000 times). The streaming layer
/// gives the same values data binding would (objects as insertion-ordered maps, arrays as lists,
/// integers as `Integer`, `Long` or `BigInteger` by size, other numbers as `Double`).
final class AuditEntryReader {

    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private AuditEntryReader() {
    }

    static AuditEntry read(AuditEntryStore.SignedRow row) throws AuditEntryFormat.MalformedEntryException {
        try (JsonParser parser = JSON.createParser(row.canonical())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AuditEntryFormat.MalformedEntryException("cannot be read: not a JSON object");
            }
            Fields fields = new Fields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                fields.take(name, token, parser);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new AuditEntryFormat.MalformedEntryException("cannot be read: text after the entry");
            }
            return fields.entry(row);
        } catch (IOException | RuntimeException e) {
            throw new AuditEntryFormat.MalformedEntryException("cannot be read: " + e.getMessage());
        }
    }

    /// The top-level fields as they are met; a field given twice keeps its last value, as a tree would.
    private static final class Fields {
        private long seq;
        private String time;
        private long monotonic;
        private String run = "";
        private String terminal = "";
        private String person;
        private String session;
        private String action;
        private String camera;
        private Optional<RecordingRange> range = Optional.empty();
        private Map<String, Object> details = Map.of();
        private String prev;
        private String key = "";

        void take(String name, JsonToken token, JsonParser parser) throws IOException {
            switch (name) {
                case "seq" -> seq = parser.getValueAsLong();
                case "time" -> time = text(token, parser);
                case "monotonic" -> monotonic = parser.getValueAsLong();
                case "run" -> run = orEmpty(text(token, parser));
                case "terminal" -> terminal = orEmpty(text(token, parser));
                case "person" -> person = text(token, parser);
                case "session" -> session = text(token, parser);
                case "action" -> action = text(token, parser);
                case "camera" -> camera = text(token, parser);
                case "key" -> key = orEmpty(text(token, parser));
                case "prev" -> prev = text(token, parser);
                case "range" -> range = range(token, parser);
                case "details" -> {
                    Object value = value(token, parser);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
                    details = map;
                }
                default -> parser.skipChildren();
            }
        }

        AuditEntry entry(AuditEntryStore.SignedRow row) {
            if (time == null || action == null || prev == null) {
                throw new IllegalArgumentException("a field is missing");
            }
            return new AuditEntry(seq, CanonicalInstant.parse(time), monotonic, run, terminal, Optional.ofNullable(person),
                    Optional.ofNullable(session), AuditAction.valueOf(action), Optional.ofNullable(camera), range, details,
                    HEX.parseHex(prev), key, new String(row.canonical(), StandardCharsets.UTF_8), row.entryHash(), row.signature());
        }

        private static String orEmpty(String text) {
            return text == null ? "" : text;
        }
    }

    private static String text(JsonToken token, JsonParser parser) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static Optional<RecordingRange> range(JsonToken token, JsonParser parser) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Optional.empty();
        }
        String from = null;
        String to = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "from" -> from = text(value, parser);
                case "to" -> to = text(value, parser);
                default -> parser.skipChildren();
            }
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("the range lacks its start or end");
        }
        return Optional.of(new RecordingRange(CanonicalInstant.parse(from), CanonicalInstant.parse(to)));
    }

    private static Object value(JsonToken token, JsonParser parser) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, value(parser.nextToken(), parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(value(next, parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }
}
