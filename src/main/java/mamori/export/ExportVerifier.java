package mamori.export;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import mamori.crypto.Ed25519Keys;
import mamori.export.ExportRejectedException.Reason;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// Checks an export package as a recipient would: opens it with the passphrase, checks the
/// manifest's Ed25519 signature (against the key pinned with `--public-key` when given), the
/// video's ONVIF RSASSA-PSS signature by the certificate the manifest names, and every hash and
/// size the manifest holds. One pass over the video, hashing while decrypting. Returns what the
/// manifest says only when everything holds; otherwise throws [ExportRejectedException] naming
/// what failed.
public final class ExportVerifier {

    private static final int MAX_SMALL_ENTRY = 1024 * 1024;

    /// What a verified package says.
    public record VerifiedExport(ExportManifest manifest, String manifestKeyId, String certificateSubject, String exportUnit,
            String exportOperator, Instant exportTime) {
    }

    public VerifiedExport verify(Path packageFile, char[] passphrase, Optional<byte[]> pinnedManifestKey)
            throws ExportRejectedException, IOException {
        return verify(packageFile, passphrase, pinnedManifestKey, () -> false);
    }

    public VerifiedExport verify(Path packageFile, char[] passphrase, Optional<byte[]> pinnedManifestKey, BooleanSupplier cancelled)
            throws ExportRejectedException, IOException {
        try (WinZipAes.Reader zip = WinZipAes.Reader.open(packageFile, new HashSet<>(PackageLayout.ENTRIES))) {
            Map<String, WinZipAes.Reader.Entry> entries = new HashMap<>();
            for (var entry : zip.entries()) {
                entries.put(entry.name(), entry);
            }
            for (String name : PackageLayout.ENTRIES) {
                if (!entries.containsKey(name)) {
                    throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, "the package has no " + name);
                }
            }
            byte[] manifestText = small(zip, entries.get(PackageLayout.MANIFEST), passphrase);
            byte[] signature = small(zip, entries.get(PackageLayout.MANIFEST_SIGNATURE), passphrase);
            byte[] keyPem = small(zip, entries.get(PackageLayout.MANIFEST_KEY), passphrase);
            byte[] certificatePem = small(zip, entries.get(PackageLayout.CERTIFICATE), passphrase);
            small(zip, entries.get(PackageLayout.NOTE), passphrase);

            byte[] manifestKey;
            try {
                manifestKey = Ed25519Keys.fromPem(new String(keyPem, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, "manifest-key.pem is not an Ed25519 public key");
            }
            if (pinnedManifestKey.isPresent() && !MessageDigest.isEqual(pinnedManifestKey.get(), manifestKey)) {
                throw new ExportRejectedException(Reason.UNKNOWN_KEY, "the manifest is signed by terminal key "
                        + Ed25519Keys.keyId(manifestKey) + ", not by the pinned key " + Ed25519Keys.keyId(pinnedManifestKey.get()));
            }
            if (!Ed25519Keys.verifies(new Ed25519PublicKeyParameters(manifestKey, 0), manifestText, signature)) {
                try {
                    ExportManifest.parse(manifestText);
                } catch (IllegalArgumentException e) {
                    throw new ExportRejectedException(Reason.MANIFEST_CHANGED,
                            "manifest.json was edited (" + e.getMessage() + ") and its signature does not match it");
                }
                throw new ExportRejectedException(Reason.MANIFEST_SIGNATURE_BAD,
                        "the manifest's signature does not verify: manifest.json or manifest.json.sig was changed");
            }
            ExportManifest manifest;
            try {
                manifest = ExportManifest.parse(manifestText);
            } catch (IllegalArgumentException e) {
                throw new ExportRejectedException(Reason.MANIFEST_CHANGED, "the signed manifest cannot be read: " + e.getMessage());
            }
            HexFormat hex = HexFormat.of();
            if (!manifest.manifestKeyId().equals(Ed25519Keys.keyId(manifestKey))) {
                throw new ExportRejectedException(Reason.HASH_MISMATCH, "the manifest names key " + manifest.manifestKeyId()
                        + " but is signed by " + Ed25519Keys.keyId(manifestKey));
            }
            X509Certificate certificate = certificate(certificatePem);
            byte[] certificateDer = encoded(certificate);
            if (!hex.formatHex(PackageLayout.sha256().digest(certificateDer)).equals(manifest.certificateSha256())) {
                throw new ExportRejectedException(Reason.HASH_MISMATCH, "certificate.pem is not the certificate the manifest names");
            }

            WinZipAes.Reader.Entry videoEntry = entries.get(PackageLayout.VIDEO);
            if (videoEntry.size() != manifest.video().bytes()) {
                throw new ExportRejectedException(Reason.HASH_MISMATCH, "export.mp4 has " + videoEntry.size() + " bytes, the manifest says "
                        + manifest.video().bytes());
            }
            SignedMp4Check video = new SignedMp4Check(videoEntry.size());
            try (BackgroundSink hashing = new BackgroundSink(video)) {
                zip.read(videoEntry, passphrase, hashing, cancelled);
                hashing.finish();
            }
            if (video.problem() != null) {
                throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, video.problem());
            }
            var readBack = video.readBack();
            if (!Arrays.equals(readBack.certificateDer(), certificateDer)) {
                throw new ExportRejectedException(Reason.MP4_SIGNATURE_BAD,
                        "the video is signed with a certificate other than the one the manifest names");
            }
            if (video.signatureOffset() != manifest.video().signatureOffset()
                    || readBack.signatureLength() != manifest.video().signatureLength()) {
                throw new ExportRejectedException(Reason.MP4_CHANGED, "the video's signature box is not where the manifest says");
            }
            if (!hex.formatHex(video.signatureInputSha256()).equals(manifest.video().signatureInputSha256())) {
                throw new ExportRejectedException(Reason.MP4_CHANGED, "export.mp4 was changed: its bytes are not those that were signed");
            }
            if (!OnvifExportSignature.verifies(certificate.getPublicKey(), hex.parseHex(manifest.video().signatureInputSha256()),
                    video.signature())) {
                throw new ExportRejectedException(Reason.MP4_SIGNATURE_BAD, "the video's ONVIF signature (RSASSA-PSS) does not verify");
            }
            if (!hex.formatHex(video.sha256()).equals(manifest.video().sha256())) {
                throw new ExportRejectedException(Reason.HASH_MISMATCH, "the SHA-256 of export.mp4 is not the manifest's");
            }
            return new VerifiedExport(manifest, Ed25519Keys.keyId(manifestKey), certificate.getSubjectX500Principal().getName(),
                    readBack.exportUnit(), readBack.operator(), readBack.exportTime());
        }
    }

    private static byte[] small(WinZipAes.Reader zip, WinZipAes.Reader.Entry entry, char[] passphrase)
            throws IOException, ExportRejectedException {
        if (entry.size() > MAX_SMALL_ENTRY) {
            throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, entry.name() + " is larger than " + MAX_SMALL_ENTRY + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) entry.size());
        zip.read(entry, passphrase, out::write, () -> false);
        return out.toByteArray();
    }

    private static X509Certificate certificate(byte[] pem) throws ExportRejectedException {
        try {
            var parsed = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (parsed.size() == 1 && parsed.iterator().next() instanceof X509Certificate certificate
                    && certificate.getPublicKey() instanceof java.security.interfaces.RSAPublicKey key
                    && key.getModulus().bitLength() >= 2048) {
                return certificate;
            }
        } catch (CertificateException e) {
            throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, "certificate.pem is not a certificate", e);
        }
        throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, "certificate.pem is not one RSA certificate of 2048 bits or more");
    }

    private static byte[] encoded(X509Certificate certificate) throws ExportRejectedException {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new ExportRejectedException(Reason.MALFORMED_PACKAGE, "certificate.pem cannot be read", e);
        }
    }
}
