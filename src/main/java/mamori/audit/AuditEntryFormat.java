package mamori.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// The canonical text of an entry, version 1: one JSON object, keys sorted, no white space,
/// UTF-8, times as ISO-8601 UTC with microseconds, hashes in lower-case hex:
///
/// `{"action":..,"camera":..,"details":{..},"key":..,"monotonic":..,"person":..,"prev":..,
/// "range":null|{"from":..,"to":..},"run":..,"seq":..,"session":..,"terminal":..,"time":..,"v":1}`
///
/// The entry hash is SHA-256 of these bytes; the Merkle leaf is SHA-256(0x00 || these bytes).
/// The text is stored as written and exported as written, so nobody ever has to re-serialise JSON
/// byte-for-byte to check a hash (see README, "Audit log export format").
public final class AuditEntryFormat {

    public static final int VERSION = 1;
    static final int HASH_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final HexFormat HEX = HexFormat.of();

    private AuditEntryFormat() {
    }

    /// The canonical text of an entry with these fields.
    static String canonical(long seq, Instant time, long monotonicNanos, String runId, String terminalId, AuditEvent event,
            byte[] prevHash, String keyId) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("action", event.action().name());
        fields.put("camera", event.cameraId().orElse(null));
        fields.put("details", event.details());
        fields.put("key", keyId);
        fields.put("monotonic", monotonicNanos);
        fields.put("person", event.personId().orElse(null));
        fields.put("prev", HEX.formatHex(prevHash));
        fields.put("range", event.range().map(range -> {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("from", range.from().toString());
            span.put("to", range.to().toString());
            return span;
        }).orElse(null));
        fields.put("run", runId);
        fields.put("seq", seq);
        fields.put("session", event.sessionId().orElse(null));
        fields.put("terminal", terminalId);
        fields.put("time", time.toString());
        fields.put("v", VERSION);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit entry could not be written as JSON", e);
        }
    }

    public static byte[] entryHash(String canonical) {
        return sha256().digest(canonical.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /// The fields of a canonical text, for checking the stored columns and the chain against it.
    /// Throws [MalformedEntryException] when the text is not a version-1 entry.
    static ParsedEntry parse(String canonical) throws MalformedEntryException {
        return parse(canonical.getBytes(StandardCharsets.UTF_8));
    }

    static ParsedEntry parse(byte[] canonical) throws MalformedEntryException {
        JsonNode root;
        try {
            root = JSON.readTree(canonical);
        } catch (JsonProcessingException e) {
            throw new MalformedEntryException("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedEntryException("not readable: " + e.getMessage());
        }
        if (root == null || !root.isObject() || root.path("v").asInt(-1) != VERSION) {
            throw new MalformedEntryException("not a version " + VERSION + " entry");
        }
        Iterator<String> names = root.fieldNames();
        int count = 0;
        while (names.hasNext()) {
            names.next();
            count++;
        }
        if (count != 14) {
            throw new MalformedEntryException("expected 14 fields, found " + count);
        }
        try {
            byte[] prev = HEX.parseHex(text(root, "prev"));
            if (prev.length != HASH_BYTES) {
                throw new MalformedEntryException("prev is not a SHA-256 hash");
            }
            AuditAction action = AuditAction.valueOf(text(root, "action"));
            return new ParsedEntry(root.path("seq").asLong(-1), Instant.parse(text(root, "time")), text(root, "terminal"),
                    optional(root, "person"), optional(root, "session"), action, optional(root, "camera"), prev,
                    text(root, "key"));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new MalformedEntryException(e.getMessage());
        }
    }

    private static String text(JsonNode root, String field) throws MalformedEntryException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new MalformedEntryException("field '" + field + "' missing or not text");
        }
        return node.asText();
    }

    private static Optional<String> optional(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    /// The fields of a canonical entry that verification compares.
    record ParsedEntry(long seq, Instant time, String terminalId, Optional<String> personId, Optional<String> sessionId,
            AuditAction action, Optional<String> cameraId, byte[] prevHash, String keyId) {
    }

    /// A canonical text that is not a well-formed version-1 entry.
    static final class MalformedEntryException extends Exception {
        MalformedEntryException(String message) {
            super(message);
        }
    }
}
