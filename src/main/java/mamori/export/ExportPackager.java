package mamori.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;
import mamori.audit.RecordingRange;
import mamori.crypto.Ed25519Keys;
import mamori.crypto.KeyVault;
import mamori.export.IsoBoxes.MalformedBoxException;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// Turns the plain MP4 of an approved export into its package: the MP4 signed to the ONVIF Export
/// File Format with the terminal's RSA key, the manifest signed with the terminal's Ed25519 key,
/// both public keys, and a note on how to check it, in a ZIP encrypted with WinZip AES-256 under a
/// fresh passphrase (see docs/decisions/0022).
///
/// One pass over the video: its bytes are hashed and encrypted as they are read; the ONVIF
/// signature input and the file's own SHA-256 share that pass (the signature box comes last).
/// The package is written under a temporary name in the staging directory and moved into place
/// at the end; on failure or cancel nothing is left behind.
public final class ExportPackager {

    static final String VIDEO = PackageLayout.VIDEO;
    static final String MANIFEST = PackageLayout.MANIFEST;
    static final String MANIFEST_SIGNATURE = PackageLayout.MANIFEST_SIGNATURE;
    static final String MANIFEST_KEY = PackageLayout.MANIFEST_KEY;
    static final String CERTIFICATE = PackageLayout.CERTIFICATE;
    static final String NOTE = PackageLayout.NOTE;
    static final List<String> ENTRIES = PackageLayout.ENTRIES;

    private static final Pattern EXPORT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int CHUNK = 1 << 20;

    private final KeyVault.CertifiedKey rsaKey;
    private final Ed25519PrivateKeyParameters manifestKey;
    private final Clock clock;
    private final SecureRandom random;

    /// `rsaKey` from [KeyVault#rsaCertifiedKey]; `manifestKey` the terminal's current audit key.
    public ExportPackager(KeyVault.CertifiedKey rsaKey, Ed25519PrivateKeyParameters manifestKey, Clock clock, SecureRandom random) {
        if (!(rsaKey.privateKey() instanceof java.security.interfaces.RSAPrivateKey)) {
            throw new IllegalArgumentException("the ONVIF export signature needs an RSA key");
        }
        this.rsaKey = rsaKey;
        this.manifestKey = manifestKey;
        this.clock = clock;
        this.random = random;
    }

    /// Packs `plainMp4` (the transcoded export of `order`) into `<exportId>.zip` in
    /// `stagingDirectory`. Progress goes 0..1; once `cancelled` answers true the work stops, the
    /// partial file is removed and an [ExportCancelledException] is thrown.
    public ExportPackage pack(ExportOrder order, Path plainMp4, List<ExportSource> sources, List<RecordingRange> gaps,
            Path stagingDirectory, DoubleConsumer progress, BooleanSupplier cancelled) throws ExportException {
        if (!EXPORT_ID.matcher(order.exportId()).matches()) {
            throw new ExportException("The export id cannot name a file: " + order.exportId());
        }
        Path target = stagingDirectory.resolve(order.exportId() + ".zip");
        if (Files.exists(target)) {
            throw new ExportException("A package for export " + order.exportId() + " already exists");
        }
        char[] passphrase = ExportPassphrase.generate(random);
        Path partial = null;
        try {
            Files.createDirectories(stagingDirectory);
            partial = Files.createTempFile(stagingDirectory, "." + order.exportId() + "-", ".zip.partial");
            String sha256 = write(order, plainMp4, sources, gaps, partial, passphrase, progress, cancelled);
            long bytes = Files.size(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            progress.accept(1.0);
            return new ExportPackage(order.exportId(), target, sha256, bytes, passphrase);
        } catch (InterruptedIOException e) {
            java.util.Arrays.fill(passphrase, '\0');
            throw new ExportCancelledException("The export " + order.exportId() + " was cancelled; nothing was kept");
        } catch (IOException e) {
            java.util.Arrays.fill(passphrase, '\0');
            throw new ExportException("The export package could not be written: " + e.getMessage(), e);
        } catch (MalformedBoxException e) {
            java.util.Arrays.fill(passphrase, '\0');
            throw new ExportException("The transcoded video is not a well-formed MP4: " + e.getMessage(), e);
        } catch (GeneralSecurityException | CryptoException e) {
            java.util.Arrays.fill(passphrase, '\0');
            throw new ExportException("The export could not be signed: " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the temporary name starts with a dot and holds only ciphertext
                }
            }
        }
    }

    private String write(ExportOrder order, Path plainMp4, List<ExportSource> sources, List<RecordingRange> gaps, Path partial,
            char[] passphrase, DoubleConsumer progress, BooleanSupplier cancelled)
            throws IOException, MalformedBoxException, GeneralSecurityException, CryptoException {
        Instant now = clock.instant();
        byte[] certificateDer = rsaKey.certificate().getEncoded();
        byte[] manifestPublicKey = manifestKey.generatePublicKey().getEncoded();
        MessageDigest packageDigest = sha256();
        try (FileChannel input = FileChannel.open(plainMp4, StandardOpenOption.READ);
                FileChannel outputChannel = FileChannel.open(partial, StandardOpenOption.WRITE);
                OutputStream output = new java.security.DigestOutputStream(Channels.newOutputStream(outputChannel), packageDigest)) {
            List<Integer> tracks = OnvifExportSignature.trackIds(input);
            OnvifExportSignature.SignatureBox box = OnvifExportSignature.signatureBox(order, tracks, now, rsaKey.certificate());
            long plainSize = input.size();
            long videoSize = plainSize + box.meta().length;
            long signatureOffset = plainSize + box.signatureOffset();
            WinZipAes.Writer zip = new WinZipAes.Writer(output, passphrase, random, now);

            MessageDigest videoDigest = sha256();
            try (OutputStream video = zip.entry(VIDEO, videoSize)) {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                long done = 0;
                while (done < plainSize) {
                    if (cancelled.getAsBoolean()) {
                        throw new InterruptedIOException("cancelled");
                    }
                    buffer.clear();
                    int n = input.read(buffer, done);
                    if (n < 0) {
                        throw new IOException("the video became shorter while it was read");
                    }
                    videoDigest.update(buffer.array(), 0, n);
                    video.write(buffer.array(), 0, n);
                    done += n;
                    progress.accept(0.98 * done / plainSize);
                }
                MessageDigest signatureInput = SignedMp4Check.cloneOf(videoDigest);
                signatureInput.update(box.meta());
                byte[] signatureInputSha256 = signatureInput.digest();
                byte[] signature = OnvifExportSignature.sign(rsaKey.privateKey(), signatureInputSha256, random);
                byte[] signedMeta = box.withSignature(signature);
                videoDigest.update(signedMeta);
                video.write(signedMeta);

                HexFormat hex = HexFormat.of();
                var manifest = new ExportManifest(order.exportId(), order.terminalId(), List.of(order.cameraId()), order.span(),
                        order.purpose(), order.recipient(), new ExportManifest.Person(order.requesterId(), order.requesterName()),
                        new ExportManifest.Person(order.approverId(), order.approverName()), order.approvedAt(), order.masksLifted(),
                        now, sources, gaps,
                        new ExportManifest.Video(VIDEO, videoSize, hex.formatHex(videoDigest.digest()), hex.formatHex(signatureInputSha256),
                                signatureOffset, box.signatureLength()),
                        hex.formatHex(sha256().digest(certificateDer)), Ed25519Keys.keyId(manifestPublicKey));
                video.close();
                byte[] canonical = manifest.canonical();
                zip.entry(MANIFEST, canonical);
                zip.entry(MANIFEST_SIGNATURE, Ed25519Keys.sign(manifestKey, canonical));
                zip.entry(MANIFEST_KEY, Ed25519Keys.toPem(manifestPublicKey).getBytes(StandardCharsets.US_ASCII));
                zip.entry(CERTIFICATE, certificatePem(certificateDer).getBytes(StandardCharsets.US_ASCII));
                zip.entry(NOTE, VerifyNote.text(signatureOffset, box.signatureLength()).getBytes(StandardCharsets.UTF_8));
            }
            zip.finish();
            output.flush();
            outputChannel.force(true);
        }
        return HexFormat.of().formatHex(packageDigest.digest());
    }

    static String certificatePem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    static MessageDigest sha256() {
        return PackageLayout.sha256();
    }
}
