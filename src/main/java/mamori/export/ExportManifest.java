package mamori.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mamori.audit.RecordingRange;

/// The manifest of an export package, version 1: what left the building, why, for whom, on whose
/// request and approval, made from which recordings, and the hashes that bind it to the video and
/// the signing certificate. Its canonical text (one JSON object, keys sorted at every level, no
/// white space, UTF-8, times ISO-8601 UTC, hashes lower-case hex) is what the terminal's Ed25519
/// key signs, as `manifest.json.sig` (64 raw bytes) beside it.
public record ExportManifest(String exportId, String terminalId, List<String> cameras, RecordingRange span, String purpose,
        String recipient, Person requester, Person approver, Instant approvedAt, boolean masksLifted, Instant createdAt,
        List<ExportSource> sources, List<RecordingRange> gaps, Video video, String certificateSha256, String manifestKeyId) {

    public static final String FORMAT = "mamori-export-manifest/1";
    static final int MAX_BYTES = 1024 * 1024;

    /// Jackson's streaming layer only: the same output as the audit log's sorted-keys ObjectMapper,
    /// without loading data binding (about 500 classes) in `mamori export verify`.
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_DEPTH = 8;

    public ExportManifest {
        cameras = List.copyOf(cameras);
        sources = List.copyOf(sources);
        gaps = List.copyOf(gaps);
    }

    /// A person who answers for the export.
    public record Person(String id, String name) {
    }

    /// The signed MP4 in the package: its size and SHA-256, the SHA-256 of its ONVIF signature input
    /// (the file with the signature bytes zero) and where the signature bytes are.
    public record Video(String file, long bytes, String sha256, String signatureInputSha256, long signatureOffset,
            int signatureLength) {
    }

    /// The canonical text, as signed.
    public byte[] canonical() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("format", FORMAT);
        fields.put("exportId", exportId);
        fields.put("terminal", terminalId);
        fields.put("cameras", cameras);
        fields.put("span", span(span));
        fields.put("purpose", purpose);
        fields.put("recipient", recipient);
        fields.put("requester", person(requester));
        fields.put("approver", person(approver));
        fields.put("approvedAt", approvedAt.toString());
        fields.put("masksLifted", masksLifted);
        fields.put("createdAt", createdAt.toString());
        List<Map<String, Object>> sourceList = new ArrayList<>();
        for (ExportSource source : sources) {
            Map<String, Object> entry = new TreeMap<>();
            entry.put(source.kind().manifestKey(), source.name());
            entry.put("span", span(source.span()));
            entry.put("sha256", source.sha256());
            sourceList.add(entry);
        }
        fields.put("sources", sourceList);
        // Only when there are any: manifests of exports without gaps keep the form they had.
        if (!gaps.isEmpty()) {
            fields.put("gaps", gaps.stream().map(ExportManifest::span).toList());
        }
        Map<String, Object> videoFields = new TreeMap<>();
        videoFields.put("file", video.file());
        videoFields.put("bytes", video.bytes());
        videoFields.put("sha256", video.sha256());
        videoFields.put("signatureInputSha256", video.signatureInputSha256());
        videoFields.put("signatureOffset", video.signatureOffset());
        videoFields.put("signatureLength", video.signatureLength());
        fields.put("video", videoFields);
        fields.put("certificateSha256", certificateSha256);
        fields.put("manifestKeyId", manifestKeyId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(generator, fields);
        } catch (IOException e) {
            throw new IllegalStateException("The manifest could not be written as JSON", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case Map<?, ?> map -> {
                generator.writeStartObject();
                for (var entry : new TreeMap<>(map).entrySet()) {
                    generator.writeFieldName((String) entry.getKey());
                    write(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            case List<?> list -> {
                generator.writeStartArray();
                for (Object item : list) {
                    write(generator, item);
                }
                generator.writeEndArray();
            }
            case String text -> generator.writeString(text);
            case Boolean bool -> generator.writeBoolean(bool);
            case Long number -> generator.writeNumber(number);
            case Integer number -> generator.writeNumber(number);
            default -> throw new IllegalArgumentException("not a manifest value: " + value.getClass());
        }
    }

    /// One JSON value: objects as maps (a repeated key refused), arrays as lists, strings, whole
    /// numbers as longs, booleans; no nulls, no fractions; nesting and sizes bounded.
    private static Object read(JsonParser parser, JsonToken token, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the manifest nests too deeply");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    Object value = read(parser, parser.nextToken(), depth + 1);
                    if (map.put(name, value) != null || map.size() > 100) {
                        throw new IllegalArgumentException("repeated or too many fields");
                    }
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(read(parser, next, depth + 1));
                    if (list.size() > 10_000) {
                        throw new IllegalArgumentException("an array is too long");
                    }
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            default -> throw new IllegalArgumentException("unexpected " + token + " in the manifest");
        }
    }

    private static Map<String, Object> span(RecordingRange range) {
        Map<String, Object> span = new TreeMap<>();
        span.put("from", range.from().toString());
        span.put("to", range.to().toString());
        return span;
    }

    private static Map<String, Object> person(Person person) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("id", person.id());
        fields.put("name", person.name());
        return fields;
    }

    /// Reads a canonical manifest; throws [IllegalArgumentException] when `text` is not exactly the
    /// canonical text of a version-1 manifest (a field missing, added, reordered or re-spaced).
    public static ExportManifest parse(byte[] text) {
        if (text.length > MAX_BYTES) {
            throw new IllegalArgumentException("the manifest is larger than " + MAX_BYTES + " bytes");
        }
        Object parsed;
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("the manifest is empty");
            }
            parsed = read(parser, first, 0);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the manifest has text after its object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the manifest is not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("not a " + FORMAT + " manifest");
        }
        if (!FORMAT.equals(root.get("format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " manifest");
        }
        try {
            List<String> cameras = new ArrayList<>();
            for (Object camera : array(root, "cameras")) {
                cameras.add((String) camera);
            }
            List<ExportSource> sources = new ArrayList<>();
            for (Object item : array(root, "sources")) {
                Map<?, ?> source = (Map<?, ?>) item;
                // A source is a segment file ("file") or an ONVIF replay ("replay", decision 0039), not both.
                ExportSource.Kind kind = source.containsKey(ExportSource.Kind.REPLAY.manifestKey())
                        && !source.containsKey(ExportSource.Kind.FILE.manifestKey()) ? ExportSource.Kind.REPLAY : ExportSource.Kind.FILE;
                sources.add(new ExportSource(kind, text(source, kind.manifestKey()), span(source.get("span")), text(source, "sha256")));
            }
            List<RecordingRange> gaps = new ArrayList<>();
            if (root.containsKey("gaps")) {
                for (Object gap : array(root, "gaps")) {
                    gaps.add(span(gap));
                }
            }
            Map<?, ?> video = object(root, "video");
            ExportManifest manifest = new ExportManifest(text(root, "exportId"), text(root, "terminal"), cameras,
                    span(root.get("span")), text(root, "purpose"), text(root, "recipient"), person(object(root, "requester")),
                    person(object(root, "approver")), Instant.parse(text(root, "approvedAt")), bool(root, "masksLifted"),
                    Instant.parse(text(root, "createdAt")), sources, gaps,
                    new Video(text(video, "file"), number(video, "bytes"), text(video, "sha256"), text(video, "signatureInputSha256"),
                            number(video, "signatureOffset"), Math.toIntExact(number(video, "signatureLength"))),
                    text(root, "certificateSha256"), text(root, "manifestKeyId"));
            if (!Arrays.equals(manifest.canonical(), text)) {
                throw new IllegalArgumentException("the manifest is not in its canonical form");
            }
            return manifest;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the manifest does not hold the expected fields: " + e.getMessage(), e);
        }
    }

    private static RecordingRange span(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a span is missing");
        }
        return new RecordingRange(Instant.parse(text(map, "from")), Instant.parse(text(map, "to")));
    }

    private static Person person(Map<?, ?> node) {
        return new Person(text(node, "id"), text(node, "name"));
    }

    private static String text(Map<?, ?> node, String field) {
        if (!(node.get(field) instanceof String value)) {
            throw new IllegalArgumentException("'" + field + "' is missing or not text");
        }
        return value;
    }

    private static long number(Map<?, ?> node, String field) {
        if (!(node.get(field) instanceof Long value)) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return value;
    }

    private static boolean bool(Map<?, ?> node, String field) {
        if (!(node.get(field) instanceof Boolean value)) {
            throw new IllegalArgumentException("'" + field + "' is missing or not true/false");
        }
        return value;
    }

    private static Map<?, ?> object(Map<?, ?> node, String field) {
        if (!(node.get(field) instanceof Map<?, ?> value)) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static List<?> array(Map<?, ?> node, String field) {
        if (!(node.get(field) instanceof List<?> value)) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a list");
        }
        return value;
    }
}
