package mamori.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
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
        List<ExportSource> sources, Video video, String certificateSha256, String manifestKeyId) {

    public static final String FORMAT = "mamori-export-manifest/1";
    static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public ExportManifest {
        cameras = List.copyOf(cameras);
        sources = List.copyOf(sources);
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
            entry.put("file", source.fileName());
            entry.put("span", span(source.span()));
            entry.put("sha256", source.sha256());
            sourceList.add(entry);
        }
        fields.put("sources", sourceList);
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
        try {
            return JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The manifest could not be written as JSON", e);
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
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("the manifest is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " manifest");
        }
        try {
            List<String> cameras = new ArrayList<>();
            for (JsonNode camera : array(root, "cameras")) {
                cameras.add(camera.textValue());
            }
            List<ExportSource> sources = new ArrayList<>();
            for (JsonNode source : array(root, "sources")) {
                sources.add(new ExportSource(text(source, "file"), span(source.get("span")), text(source, "sha256")));
            }
            JsonNode video = object(root, "video");
            ExportManifest manifest = new ExportManifest(text(root, "exportId"), text(root, "terminal"), cameras,
                    span(root.get("span")), text(root, "purpose"), text(root, "recipient"), person(object(root, "requester")),
                    person(object(root, "approver")), Instant.parse(text(root, "approvedAt")), bool(root, "masksLifted"),
                    Instant.parse(text(root, "createdAt")), sources,
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

    private static RecordingRange span(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a span is missing");
        }
        return new RecordingRange(Instant.parse(text(node, "from")), Instant.parse(text(node, "to")));
    }

    private static Person person(JsonNode node) {
        return new Person(text(node, "id"), text(node, "name"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not text");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not true/false");
        }
        return value.booleanValue();
    }

    private static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.size() > 10_000) {
            throw new IllegalArgumentException("'" + field + "' is missing or too long");
        }
        return value;
    }
}
