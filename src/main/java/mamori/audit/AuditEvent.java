package mamori.audit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// What a service asks the log to record: who did what to which camera's recording. The log adds
/// the sequence number, the times, the terminal, the chain and the signature.
///
/// `details` holds strings, whole numbers, booleans, nulls, lists and maps of those only (no
/// floating point: its text form is not canonical), and never a secret.
public record AuditEvent(AuditAction action, Optional<String> personId, Optional<String> sessionId,
        Optional<String> cameraId, Optional<RecordingRange> range, Map<String, Object> details) {

    /// Detail names that suggest a secret is about to be logged; refused outright.
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "private", "pin", "token");

    public AuditEvent {
        details = canonicalDetails(details);
    }

    public static AuditEvent of(AuditAction action) {
        return new AuditEvent(action, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    public AuditEvent person(String id) {
        return new AuditEvent(action, Optional.of(id), sessionId, cameraId, range, details);
    }

    public AuditEvent session(String id) {
        return new AuditEvent(action, personId, Optional.of(id), cameraId, range, details);
    }

    public AuditEvent camera(String id) {
        return new AuditEvent(action, personId, sessionId, Optional.of(id), range, details);
    }

    public AuditEvent range(RecordingRange recording) {
        return new AuditEvent(action, personId, sessionId, cameraId, Optional.of(recording), details);
    }

    public AuditEvent detail(String name, Object value) {
        Map<String, Object> more = new TreeMap<>(details);
        more.put(name, value);
        return new AuditEvent(action, personId, sessionId, cameraId, range, more);
    }

    private static Map<String, Object> canonicalDetails(Map<String, ?> details) {
        Map<String, Object> sorted = new TreeMap<>();
        for (var entry : details.entrySet()) {
            String name = entry.getKey();
            for (String word : name.split("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")) {
                if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("Audit details must never carry secrets; refused detail '" + name + "'");
                }
            }
            sorted.put(name, canonicalValue(name, entry.getValue()));
        }
        return java.util.Collections.unmodifiableMap(sorted);
    }

    private static Object canonicalValue(String name, Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean flag -> flag;
            case Integer number -> number.longValue();
            case Long number -> number;
            case Enum<?> constant -> constant.name();
            case java.time.Instant instant -> instant.toString();
            case Map<?, ?> map -> {
                Map<String, Object> nested = new TreeMap<>();
                for (var entry : map.entrySet()) {
                    nested.put(String.valueOf(entry.getKey()), canonicalValue(name, entry.getValue()));
                }
                yield java.util.Collections.unmodifiableMap(nested);
            }
            case List<?> list -> list.stream().map(item -> canonicalValue(name, item)).toList();
            default -> throw new IllegalArgumentException("Audit detail '" + name + "' has an unsupported type "
                    + value.getClass().getName() + " (strings, whole numbers, booleans, lists and maps only)");
        };
    }
}
