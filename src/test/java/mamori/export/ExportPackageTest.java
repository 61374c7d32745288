package mamori.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mamori.audit.RecordingRange;
import mamori.crypto.Ed25519Keys;
import mamori.crypto.KeyVault;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.export.ExportRejectedException.Reason;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The export package end to end on a real MP4 made by FFmpeg: packed, opened by the real `7z`,
/// checked by the real `openssl` commands the README gives, verified, and rejected after one
/// changed byte in the video, the manifest or either signature.
class ExportPackageTest {

    static final Instant NOW = Instant.parse("2026-12-06T09:30:00Z");
    static final Instant START = Instant.parse("2026-12-05T01:00:00Z");

    @TempDir
    static Path shared;

    static KeyVault.CertifiedKey rsaKey;
    static Ed25519PrivateKeyParameters manifestKey;
    static Path plainMp4;
    static byte[] plainBytes;

    @TempDir
    Path staging;

    @BeforeAll
    static void makeKeysAndVideo() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        KeyVault vault = KeyVault.openOrCreate(shared.resolve("keys.p12"), shared.resolve("keys.pw"), Optional.empty(), new SecureRandom(),
                clock);
        rsaKey = vault.rsaCertifiedKey("export-rsa", "Mamori terminal T-1 export");
        manifestKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        plainMp4 = shared.resolve("plain.mp4");
        new TestPatternRecorder(new RecordingFormat(320, 180, 5, 2, 80_000), ZoneId.of("Asia/Tokyo"))
                .record(plainMp4, "cam-1", "Entrance", START, 15, frames -> { });
        plainBytes = Files.readAllBytes(plainMp4);
    }

    static ExportOrder order(String id) {
        return new ExportOrder(id, "T-1", "cam-1", new RecordingRange(START, START.plusSeconds(3)), "Police request 2026-117",
                "Kanagawa Prefectural Police", "p-req", "山田 花子", "p-app", "佐藤 一郎", NOW.minusSeconds(600), false);
    }

    static List<ExportSource> sources() {
        return List.of(ExportSource.file("cam-1-20261205-0100.mp4", new RecordingRange(START, START.plusSeconds(60)), "ab".repeat(32)));
    }

    ExportPackager packager() {
        return new ExportPackager(rsaKey, manifestKey, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    }

    ExportPackage pack(String id) throws ExportException {
        return packager().pack(order(id), plainMp4, sources(), List.of(), staging, p -> { }, () -> false);
    }

    static ExportVerifier.VerifiedExport verify(Path file, char[] passphrase) throws Exception {
        return new ExportVerifier().verify(file, passphrase, Optional.empty());
    }

    @Test
    void aPackedExportVerifiesAndSaysWhoAnswersForIt() throws Exception {
        ExportPackage made = pack("EX-1");
        assertEquals(staging.resolve("EX-1.zip"), made.file());
        assertEquals(List.of(made.file()), Files.list(staging).toList(), "only the package is left in the staging directory");
        assertTrue(new String(made.passphrase()).matches("([2-9A-HJ-NP-Z]{4}-){4}[2-9A-HJ-NP-Z]{4}"), new String(made.passphrase()));
        assertEquals(Files.size(made.file()), made.bytes());
        assertEquals(HexFormat.of().formatHex(ExportPackager.sha256().digest(Files.readAllBytes(made.file()))), made.sha256());

        var verified = new ExportVerifier().verify(made.file(), made.passphrase(),
                Optional.of(manifestKey.generatePublicKey().getEncoded()));
        ExportManifest manifest = verified.manifest();
        assertEquals("EX-1", manifest.exportId());
        assertEquals(List.of("cam-1"), manifest.cameras());
        assertEquals(new ExportManifest.Person("p-req", "山田 花子"), manifest.requester());
        assertEquals(new ExportManifest.Person("p-app", "佐藤 一郎"), manifest.approver());
        assertEquals("Kanagawa Prefectural Police", manifest.recipient());
        assertEquals(sources(), manifest.sources());
        assertTrue(manifest.video().signatureOffset() > plainBytes.length
                && manifest.video().signatureOffset() + 384 < manifest.video().bytes(), "the signature box is appended");
        assertEquals(384, manifest.video().signatureLength(), "RSA 3072");
        assertEquals("T-1", verified.exportUnit());
        assertEquals(NOW, verified.exportTime());
        assertTrue(verified.exportOperator().contains("佐藤 一郎"), verified.exportOperator());
        assertEquals(Ed25519Keys.keyId(manifestKey.generatePublicKey().getEncoded()), verified.manifestKeyId());
    }

    @Test
    void sevenZipOpensThePackageWithThePassphraseOnlyAndOpensslChecksBothSignatures() throws Exception {
        ExportPackage made = pack("EX-7Z");
        Path out = staging.resolve("out");
        Run wrong = run(staging, "7z", "x", "-pWRONG-PASS-WORD-XXXX-YYYY", "-o" + staging.resolve("wrong"), made.file().toString());
        assertNotEquals(0, wrong.status(), wrong.output());
        Run opened = run(staging, "7z", "x", "-p" + new String(made.passphrase()), "-o" + out, made.file().toString());
        assertEquals(0, opened.status(), opened.output());
        for (String name : ExportPackager.ENTRIES) {
            assertTrue(Files.exists(out.resolve(name)), name);
        }
        byte[] video = Files.readAllBytes(out.resolve("export.mp4"));
        assertArrayEquals(plainBytes, java.util.Arrays.copyOf(video, plainBytes.length), "the signature is appended, nothing moves");
        ExportManifest manifest = ExportManifest.parse(Files.readAllBytes(out.resolve("manifest.json")));
        String note = Files.readString(out.resolve("VERIFY.txt"));
        assertTrue(note.contains("7z x") && note.contains("openssl dgst") && note.contains("検証"), note);

        // The README's openssl-only commands, as VERIFY.txt gives them for this package
        Run openssl = run(out, "bash", "-euo", "pipefail", "-c",
                VerifyNote.commands(manifest.video().signatureOffset(), manifest.video().signatureLength()));
        assertEquals(0, openssl.status(), openssl.output());
        assertTrue(openssl.output().contains("Signature Verified Successfully"), openssl.output());
        assertTrue(openssl.output().contains(manifest.video().sha256() + "  export.mp4"), openssl.output());
        assertTrue(openssl.output().contains(manifest.certificateSha256() + "  -"), openssl.output());
        assertTrue(openssl.output().strip().endsWith("Verified OK"), openssl.output());

        // the signed video still plays
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(out.resolve("export.mp4").toFile())) {
            grabber.start();
            assertEquals("h264", grabber.getVideoCodecName());
            assertTrue(grabber.grabImage() != null);
            grabber.stop();
        }

        // and openssl refuses the video once one byte of it changed
        video[plainBytes.length / 2] ^= 1;
        Files.write(out.resolve("export.mp4"), video);
        Run changed = run(out, "bash", "-euo", "pipefail", "-c",
                VerifyNote.commands(manifest.video().signatureOffset(), manifest.video().signatureLength()));
        assertNotEquals(0, changed.status(), changed.output());
        assertTrue(changed.output().contains("Verification failure"), changed.output());
    }

    @Test
    void aChangedByteInTheEncryptedVideoIsCaught() throws Exception {
        ExportPackage made = pack("EX-C");
        byte[] zip = Files.readAllBytes(made.file());
        zip[30 + "export.mp4".length() + 11 + 18 + 1000] ^= 0x10;
        Files.write(made.file(), zip);
        assertRejected(Reason.PACKAGE_DAMAGED, made.file(), made.passphrase());
    }

    @Test
    void aChangedByteInTheVideoRepackedWithThePassphraseIsCaught() throws Exception {
        ExportPackage made = pack("EX-V");
        Map<String, byte[]> entries = entries(made);
        entries.get("export.mp4")[plainBytes.length / 2] ^= 1;
        var e = assertRejected(Reason.MP4_CHANGED, repack(made, entries), made.passphrase());
        assertTrue(e.getMessage().contains("export.mp4 was changed"), e.getMessage());
    }

    @Test
    void aChangedByteInTheVideoSignatureIsCaught() throws Exception {
        ExportPackage made = pack("EX-S");
        Map<String, byte[]> entries = entries(made);
        ExportManifest manifest = ExportManifest.parse(entries.get("manifest.json"));
        entries.get("export.mp4")[(int) manifest.video().signatureOffset() + 100] ^= 1;
        assertRejected(Reason.MP4_SIGNATURE_BAD, repack(made, entries), made.passphrase());
    }

    @Test
    void aChangedByteInTheManifestOrItsSignatureIsCaught() throws Exception {
        ExportPackage made = pack("EX-M");
        Map<String, byte[]> entries = entries(made);
        byte[] manifest = entries.get("manifest.json").clone();
        String text = new String(manifest, StandardCharsets.UTF_8);
        int at = text.indexOf("Kanagawa");
        entries.get("manifest.json")[text.substring(0, at).getBytes(StandardCharsets.UTF_8).length] = 'T';
        assertRejected(Reason.MANIFEST_SIGNATURE_BAD, repack(made, entries), made.passphrase());

        entries.put("manifest.json", (text.replace(",", ", ")).getBytes(StandardCharsets.UTF_8));
        assertRejected(Reason.MANIFEST_CHANGED, repack(made, entries), made.passphrase());

        entries.put("manifest.json", manifest);
        entries.get("manifest.json.sig")[10] ^= 1;
        assertRejected(Reason.MANIFEST_SIGNATURE_BAD, repack(made, entries), made.passphrase());
    }

    @Test
    void anotherCertificateOrAnotherTerminalKeyIsCaught() throws Exception {
        ExportPackage made = pack("EX-K");
        var other = new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded();
        var e = assertThrows(ExportRejectedException.class, () -> new ExportVerifier().verify(made.file(), made.passphrase(), Optional.of(other)));
        assertEquals(Reason.UNKNOWN_KEY, e.reason());

        Map<String, byte[]> entries = entries(made);
        KeyVault vault = KeyVault.openOrCreate(staging.resolve("k.p12"), staging.resolve("k.pw"), Optional.empty(), new SecureRandom(),
                Clock.systemUTC());
        var stranger = vault.rsaCertifiedKey("other", "Somebody else");
        entries.put("certificate.pem", ExportPackager.certificatePem(stranger.certificate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        assertRejected(Reason.HASH_MISMATCH, repack(made, entries), made.passphrase());
    }

    @Test
    void aWrongPassphraseATruncatedZipAndGarbageAreRefused() throws Exception {
        ExportPackage made = pack("EX-P");
        assertRejected(Reason.WRONG_PASSPHRASE, made.file(), "2222-3333-4444-5555-6666".toCharArray());

        byte[] zip = Files.readAllBytes(made.file());
        for (int cut : new int[] {0, 10, 22, zip.length / 2, zip.length - 23, zip.length - 1}) {
            Path truncated = staging.resolve("cut-" + cut + ".zip");
            Files.write(truncated, java.util.Arrays.copyOf(zip, cut));
            assertRejected(Reason.MALFORMED_PACKAGE, truncated, made.passphrase());
        }
        Path garbage = staging.resolve("garbage.zip");
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        Files.write(garbage, random);
        assertRejected(Reason.MALFORMED_PACKAGE, garbage, made.passphrase());

        Map<String, byte[]> entries = entries(made);
        entries.put("export.mp4", random);
        assertRejected(Reason.HASH_MISMATCH, repack(made, entries), made.passphrase());
    }

    @Test
    void anAddedOrAMissingEntryIsRefused() throws Exception {
        ExportPackage made = pack("EX-E");
        Map<String, byte[]> entries = entries(made);
        entries.put("invoice.pdf.exe", new byte[] {1, 2, 3});
        var added = assertRejected(Reason.MALFORMED_PACKAGE, repack(made, entries), made.passphrase());
        assertTrue(added.getMessage().contains("invoice.pdf.exe"), added.getMessage());
        entries.remove("invoice.pdf.exe");
        entries.remove("VERIFY.txt");
        assertRejected(Reason.MALFORMED_PACKAGE, repack(made, entries), made.passphrase());
    }

    @Test
    void garbageBoxesNeverCrashTheReaders() throws Exception {
        ExportPackage made = pack("EX-G");
        byte[] video = entries(made).get("export.mp4");
        byte[] meta = java.util.Arrays.copyOfRange(video, plainBytes.length, video.length);
        OnvifExportSignature.read(meta);
        Random random = new Random(42);
        for (int round = 0; round < 3000; round++) {
            byte[] mutated = meta.clone();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                mutated[random.nextInt(Math.min(mutated.length, 200))] = (byte) random.nextInt();
            }
            try {
                OnvifExportSignature.read(mutated);
            } catch (IsoBoxes.MalformedBoxException expected) {
                // refused, as it should be
            }
            byte[] file = new byte[plainBytes.length / 8 + mutated.length];
            System.arraycopy(video, 0, file, 0, 40);
            System.arraycopy(mutated, 0, file, file.length - mutated.length, mutated.length);
            SignedMp4Check check = new SignedMp4Check(file.length);
            check.accept(file, 0, random.nextInt(file.length));
            check.problem();
        }
        Path notMp4 = staging.resolve("not.mp4");
        byte[] noise = new byte[5000];
        random.nextBytes(noise);
        Files.write(notMp4, noise);
        var e = assertThrows(ExportException.class, () -> packager().pack(order("EX-N"), notMp4, sources(), List.of(), staging, p -> { }, () -> false));
        assertTrue(e.getMessage().contains("not a well-formed MP4"), e.getMessage());
        assertEquals(java.util.Set.of(made.file(), notMp4), java.util.Set.copyOf(Files.list(staging).toList()), "no partial file left");
    }

    @Test
    void aZipWithRandomlyChangedHeaderBytesIsRefusedNeverCrashes() throws Exception {
        ExportPackage made = pack("EX-Z");
        byte[] zip = Files.readAllBytes(made.file());
        Random random = new Random(11);
        Path mutated = staging.resolve("mutated.zip");
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            byte[] copy = zip.clone();
            int changes = 1 + random.nextInt(3);
            for (int i = 0; i < changes; i++) {
                // the central directory and end record, or a local header
                int at = random.nextBoolean() ? copy.length - 1 - random.nextInt(700) : random.nextInt(60);
                copy[at] = (byte) random.nextInt();
            }
            Files.write(mutated, copy);
            try {
                verify(mutated, made.passphrase());
            } catch (ExportRejectedException e) {
                refused++;
            }
        }
        assertTrue(refused > 250, refused + " of 300 refused (a change in an unused field, e.g. a time stamp, may be accepted)");
    }

    @Test
    void aCancelledPackLeavesNothingBehind() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Double> progress = new java.util.ArrayList<>();
        assertThrows(ExportCancelledException.class,
                () -> packager().pack(order("EX-X"), plainMp4, sources(), List.of(), staging, progress::add, () -> calls.incrementAndGet() > 0));
        assertEquals(List.of(), Files.list(staging).toList());
        assertFalse(Files.exists(staging.resolve("EX-X.zip")));
    }

    @Test
    void thePassphraseHasAHundredBitsFromAnUnambiguousAlphabet() {
        assertEquals(32, ExportPassphrase.ALPHABET.length());
        assertEquals(32, ExportPassphrase.ALPHABET.chars().distinct().count());
        assertFalse(ExportPassphrase.ALPHABET.contains("0") || ExportPassphrase.ALPHABET.contains("O")
                || ExportPassphrase.ALPHABET.contains("1") || ExportPassphrase.ALPHABET.contains("I"));
        char[] one = ExportPassphrase.generate(new SecureRandom());
        assertEquals(24, one.length);
        assertEquals(20, new String(one).replace("-", "").length(), "20 characters of 5 bits");
    }

    static ExportRejectedException assertRejected(Reason reason, Path file, char[] passphrase) {
        var e = assertThrows(ExportRejectedException.class, () -> verify(file, passphrase));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    static Map<String, byte[]> entries(ExportPackage made) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var zip = WinZipAes.Reader.open(made.file(), new java.util.HashSet<>(ExportPackager.ENTRIES))) {
            for (var entry : zip.entries()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                zip.read(entry, made.passphrase(), out::write, () -> false);
                entries.put(entry.name(), out.toByteArray());
            }
        }
        return entries;
    }

    /// The package written again with the same passphrase after an edit: what someone who knows the
    /// passphrase could do.
    Path repack(ExportPackage made, Map<String, byte[]> entries) throws IOException {
        Path file = staging.resolve("repacked-" + System.nanoTime() + ".zip");
        try (OutputStream out = Files.newOutputStream(file)) {
            var zip = new WinZipAes.Writer(out, made.passphrase(), new SecureRandom(), NOW);
            for (var entry : entries.entrySet()) {
                zip.entry(entry.getKey(), entry.getValue());
            }
            zip.finish();
        }
        return file;
    }

    record Run(int status, String output) {
    }

    static Run run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }
}
