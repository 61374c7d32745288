package mamori.export;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/// The entries of an export package, shared by the packager and the verifier (kept apart from the
/// packager so that `mamori export verify` does not load the signing side).
final class PackageLayout {

    static final String VIDEO = "export.mp4";
    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_SIGNATURE = "manifest.json.sig";
    static final String MANIFEST_KEY = "manifest-key.pem";
    static final String CERTIFICATE = "certificate.pem";
    static final String NOTE = "VERIFY.txt";
    static final List<String> ENTRIES = List.of(VIDEO, MANIFEST, MANIFEST_SIGNATURE, MANIFEST_KEY, CERTIFICATE, NOTE);

    private PackageLayout() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
