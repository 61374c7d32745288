package mamori.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
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

    /// Reads the top-level fields with a streaming parser (the tree parser was the largest cost of
    /// verifying a million entries); nested `details` and `range` are skipped, not interpreted.
    /// Stricter than a tree: duplicate keys and unknown fields are refused.
    static ParsedEntry parse(byte[] canonical) throws MalformedEntryException {
        String[] exact = CanonicalScan.values(canonical);
        if (exact != null) {
            return build(Long.parseLong(exact[CanonicalScan.SEQ]), exact);
        }
        return parseAnyForm(canonical);
    }

    /// The general parser: any JSON the strict scan declined, with its exact reason when it is not an entry.
    static ParsedEntry parseAnyForm(byte[] canonical) throws MalformedEntryException {
        String[] texts = new String[CanonicalScan.KEYS.length];
        long seq = -1;
        int version = -1;
        int fields = 0;
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(canonical)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new MalformedEntryException("not a JSON object");
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                var token = parser.nextToken();
                fields++;
                switch (name) {
                    case "seq" -> seq = token == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "v" -> version = token == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                    case "monotonic" -> parser.skipChildren();
                    case "details", "range" -> parser.skipChildren();
                    case "action", "camera", "key", "person", "prev", "run", "session", "terminal", "time" -> {
                        if (token == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                            int at = CanonicalScan.index(name);
                            if (texts[at] != null) {
                                throw new MalformedEntryException("field '" + name + "' appears twice");
                            }
                            texts[at] = parser.getText();
                        } else if (token != com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                            throw new MalformedEntryException("field '" + name + "' is not text");
                        }
                    }
                    default -> throw new MalformedEntryException("unknown field '" + name + "'");
                }
            }
            if (parser.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new MalformedEntryException("trailing content after the entry");
            }
        } catch (java.io.IOException e) {
            throw new MalformedEntryException("not JSON: " + e.getMessage());
        }
        if (version != VERSION) {
            throw new MalformedEntryException("not a version " + VERSION + " entry");
        }
        if (fields != 14) {
            throw new MalformedEntryException("expected 14 fields, found " + fields);
        }
        return build(seq, texts);
    }

    /// `texts`: the top-level texts at their keys' positions in [CanonicalScan#KEYS].
    private static ParsedEntry build(long seq, String[] texts) throws MalformedEntryException {
        try {
            byte[] prev = HEX.parseHex(required(texts, CanonicalScan.PREV));
            if (prev.length != HASH_BYTES) {
                throw new MalformedEntryException("prev is not a SHA-256 hash");
            }
            return new ParsedEntry(seq, required(texts, CanonicalScan.TIME), required(texts, CanonicalScan.TERMINAL),
                    Optional.ofNullable(texts[CanonicalScan.PERSON]), Optional.ofNullable(texts[CanonicalScan.SESSION]),
                    AuditAction.valueOf(required(texts, CanonicalScan.ACTION)), Optional.ofNullable(texts[CanonicalScan.CAMERA]), prev,
                    required(texts, CanonicalScan.KEY));
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException(e.getMessage());
        }
    }

    /// The strict reading of a text in exactly the form [#canonical] writes (keys in order, no
    /// white space, strings without escapes, plain integers, `"v":1`): a few byte comparisons
    /// instead of a JSON parser. It returns the top-level texts (and `seq`) only for texts the
    /// general parser would read to the same fields; anything else (null) goes to [#parseAnyForm],
    /// which gives the verdict.
    static final class CanonicalScan {
        private static final int MAX_DEPTH = 16;
        private static final int MAX_DIGITS = 18;
        /// In the written order, which is alphabetical ([#index] searches it).
        static final String[] KEYS = {"action", "camera", "details", "key", "monotonic", "person", "prev", "range",
            "run", "seq", "session", "terminal", "time", "v"};
        private static final byte[][] PREFIXES = new byte[KEYS.length][];

        static {
            for (int i = 0; i < KEYS.length; i++) {
                PREFIXES[i] = ((i == 0 ? "{\"" : ",\"") + KEYS[i] + "\":").getBytes(StandardCharsets.US_ASCII);
            }
        }

        private final byte[] text;
        private int at;

        private CanonicalScan(byte[] text) {
            this.text = text;
        }

        static final int ACTION = index("action");
        static final int CAMERA = index("camera");
        static final int KEY = index("key");
        static final int PERSON = index("person");
        static final int PREV = index("prev");
        static final int SEQ = index("seq");
        static final int SESSION = index("session");
        static final int TERMINAL = index("terminal");
        static final int TIME = index("time");

        /// The position of `key` in the written order.
        static int index(String key) {
            return java.util.Arrays.binarySearch(KEYS, key);
        }

        /// The top-level texts (and `seq`) at their keys' positions in [#KEYS], null where the
        /// value is null or not kept; or null when the text is not in the written form. No map:
        /// fast verification reads a million of these.
        static String[] values(byte[] text) {
            return new CanonicalScan(text).scan();
        }

        private String[] scan() {
            String[] texts = new String[KEYS.length];
            for (int i = 0; i < KEYS.length; i++) {
                if (!expect(PREFIXES[i])) {
                    return null;
                }
                boolean read = switch (KEYS[i]) {
                    case "details", "range" -> value(0);
                    case "monotonic" -> integer(true) != null;
                    case "seq" -> (texts[i] = integer(false)) != null;
                    case "v" -> expect(ONE);
                    case "camera", "person", "session" -> expect(NULL) || (texts[i] = string()) != null;
                    default -> (texts[i] = string()) != null;
                };
                if (!read) {
                    return null;
                }
            }
            return at == text.length - 1 && text[at] == '}' ? texts : null;
        }

        private static final byte[] ONE = {'1'};
        private static final byte[] NULL = {'n', 'u', 'l', 'l'};
        private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
        private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

        private boolean expect(byte[] bytes) {
            if (text.length - at < bytes.length || !java.util.Arrays.equals(text, at, at + bytes.length, bytes, 0, bytes.length)) {
                return false;
            }
            at += bytes.length;
            return true;
        }

        /// A string without escapes or control characters (printable ASCII and well-formed UTF-8
        /// sequences, which every JSON parser decodes alike), or null.
        private String string() {
            if (at >= text.length || text[at] != '"') {
                return null;
            }
            int start = ++at;
            boolean ascii = true;
            while (at < text.length) {
                byte b = text[at];
                if (b == '"') {
                    String value = new String(text, start, at - start, ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
                    at++;
                    return value;
                }
                if (b < 0) {
                    int sequence = utf8Sequence(at);
                    if (sequence == 0) {
                        return null;
                    }
                    ascii = false;
                    at += sequence;
                    continue;
                }
                if (b < 0x20 || b == '\\' || b == 0x7f) {
                    return null;
                }
                at++;
            }
            return null;
        }

        /// The length of the well-formed UTF-8 sequence of 2 to 4 bytes at `from` (RFC 3629: no
        /// overlong forms, no surrogates, nothing above U+10FFFF), or 0.
        private int utf8Sequence(int from) {
            int lead = text[from] & 0xff;
            int length;
            int low = 0x80;
            int high = 0xbf;
            if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
                low = lead == 0xe0 ? 0xa0 : 0x80;
                high = lead == 0xed ? 0x9f : 0xbf;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
                low = lead == 0xf0 ? 0x90 : 0x80;
                high = lead == 0xf4 ? 0x8f : 0xbf;
            } else {
                return 0;
            }
            if (text.length - from < length) {
                return 0;
            }
            int second = text[from + 1] & 0xff;
            if (second < low || second > high) {
                return 0;
            }
            for (int i = from + 2; i < from + length; i++) {
                int next = text[i] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return 0;
                }
            }
            return length;
        }

        /// `0` or a digit string without a leading zero (and, when allowed, a minus sign), or null.
        private String integer(boolean signed) {
            int start = at;
            if (signed && at < text.length && text[at] == '-') {
                at++;
            }
            int digitsStart = at;
            while (at < text.length && text[at] >= '0' && text[at] <= '9') {
                at++;
            }
            int digits = at - digitsStart;
            if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && text[digitsStart] == '0')) {
                return null;
            }
            return new String(text, start, at - start, StandardCharsets.US_ASCII);
        }

        /// A value made of such strings, integers, booleans, nulls, arrays and objects.
        private boolean value(int depth) {
            if (at >= text.length || depth > MAX_DEPTH) {
                return false;
            }
            switch (text[at]) {
                case '"' -> {
                    return string() != null;
                }
                case 'n' -> {
                    return expect(NULL);
                }
                case 't' -> {
                    return expect(TRUE);
                }
                case 'f' -> {
                    return expect(FALSE);
                }
                case '{' -> {
                    return members(depth, '}', true);
                }
                case '[' -> {
                    return members(depth, ']', false);
                }
                default -> {
                    return integer(true) != null;
                }
            }
        }

        private boolean members(int depth, char close, boolean named) {
            at++;
            if (at < text.length && text[at] == close) {
                at++;
                return true;
            }
            while (true) {
                if (named) {
                    if (string() == null || at >= text.length || text[at] != ':') {
                        return false;
                    }
                    at++;
                }
                if (!value(depth + 1) || at >= text.length) {
                    return false;
                }
                if (text[at] == close) {
                    at++;
                    return true;
                }
                if (text[at] != ',') {
                    return false;
                }
                at++;
            }
        }
    }

    private static String required(String[] texts, int key) throws MalformedEntryException {
        String value = texts[key];
        if (value == null) {
            throw new MalformedEntryException("field '" + CanonicalScan.KEYS[key] + "' missing or not text");
        }
        return value;
    }

    /// `timeText` is parsed only when asked for: fast verification never needs it, and the hash
    /// already covers the text.
    record ParsedEntry(long seq, String timeText, String terminalId, Optional<String> personId, Optional<String> sessionId,
            AuditAction action, Optional<String> cameraId, byte[] prevHash, String keyId) {

        /// The entry's time, or empty when the text is not an ISO-8601 instant.
        Optional<Instant> time() {
            try {
                return Optional.of(CanonicalInstant.parse(timeText));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /// A canonical text that is not a well-formed version-1 entry.
    static final class MalformedEntryException extends Exception {
        MalformedEntryException(String message) {
            super(message);
        }
    }
}
