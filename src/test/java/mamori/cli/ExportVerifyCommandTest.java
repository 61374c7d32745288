package mamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mamori.audit.RecordingRange;
import mamori.crypto.Ed25519Keys;
import mamori.crypto.KeyVault;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.export.ExportOrder;
import mamori.export.ExportPackage;
import mamori.export.ExportPackager;
import mamori.export.ExportSource;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `mamori export verify` as a recipient runs it: a separate process, the passphrase on standard
/// input or in a file, the terminal key pinned; exit 0 valid, 3 rejected, 2 usage.
class ExportVerifyCommandTest {

    @TempDir
    static Path work;

    static ExportPackage made;
    static Path terminalKey;
    static Path otherKey;

    @BeforeAll
    static void makePackage() throws Exception {
        Instant now = Instant.parse("2026-12-06T09:30:00Z");
        Instant start = Instant.parse("2026-12-05T01:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        var vault = KeyVault.openOrCreate(work.resolve("k.p12"), work.resolve("k.pw"), Optional.empty(), new SecureRandom(), clock);
        var manifestKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        Path plain = work.resolve("plain.mp4");
        new TestPatternRecorder(new RecordingFormat(320, 180, 5, 2, 80_000), ZoneId.of("Asia/Tokyo"))
                .record(plain, "cam-2", "Lobby", start, 10, frames -> { });
        var order = new ExportOrder("EX-CLI", "T-9", "cam-2", new RecordingRange(start, start.plusSeconds(2)), "警察からの照会",
                "神奈川県警察", "p-r", "Requester Name", "p-a", "Approver Name", now.minusSeconds(60), true);
        made = new ExportPackager(vault.rsaCertifiedKey("rsa", "T-9 export"), manifestKey, clock, new SecureRandom())
                .pack(order, plain, List.of(ExportSource.file("seg.mp4", new RecordingRange(start, start.plusSeconds(60)), "cd".repeat(32)),
                        ExportSource.replay(java.net.URI.create("rtsp://10.0.0.5:554/recording/7"),
                                new RecordingRange(start.plusSeconds(60), start.plusSeconds(90)), "ef".repeat(32))),
                        List.of(new RecordingRange(start.plusSeconds(20), start.plusSeconds(25))),
                        work.resolve("staging"), p -> { }, () -> false);
        terminalKey = work.resolve("terminal.pem");
        Files.writeString(terminalKey, Ed25519Keys.toPem(manifestKey.generatePublicKey().getEncoded()));
        otherKey = work.resolve("other.pem");
        Files.writeString(otherKey, Ed25519Keys.toPem(new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded()));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run mamori(String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void aValidPackageWithThePassphraseOnStandardInputPrintsWhoRequestedAndApprovedWhat() throws Exception {
        Run run = mamori(new String(made.passphrase()) + "\n", "export", "verify", made.file().toString(), "--public-key",
                terminalKey.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("verified: export EX-CLI"), run.out());
        for (String expected : List.of("camera:        cam-2", "purpose:       警察からの照会", "recipient:     神奈川県警察",
                "requested by:  Requester Name (p-r)", "approved by:   Approver Name (p-a) at 2026-12-06T09:29:00Z",
                "masks lifted:  yes", "span:          2026-12-05T01:00:00Z .. 2026-12-05T01:00:02Z", "(the pinned key)", "seg.mp4",
                "source:        ONVIF replay rtsp://10.0.0.5:554/recording/7 2026-12-05T01:01:00Z .. 2026-12-05T01:01:30Z SHA-256 efef",
                "gap:           2026-12-05T01:00:20Z .. 2026-12-05T01:00:25Z (no recording: left out)")) {
            assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
        }
        assertFalse(run.out().contains(new String(made.passphrase())) || run.err().contains(new String(made.passphrase())),
                "the passphrase is never echoed");
    }

    @Test
    void aWrongPassphraseOrAnotherTerminalsKeyIsRejectedWithStatus3() throws Exception {
        Path wrong = work.resolve("wrong.txt");
        Files.writeString(wrong, "2222-3333-4444-5555-6666\n");
        Run bad = mamori("", "export", "verify", made.file().toString(), "--passphrase-file", wrong.toString());
        assertEquals(3, bad.status(), bad.out() + bad.err());
        assertTrue(bad.err().contains("REJECTED (WRONG_PASSPHRASE)"), bad.err());

        Path right = work.resolve("right.txt");
        Files.writeString(right, new String(made.passphrase()) + "\n");
        Run other = mamori("", "export", "verify", made.file().toString(), "--passphrase-file", right.toString(), "--public-key",
                otherKey.toString());
        assertEquals(3, other.status(), other.out() + other.err());
        assertTrue(other.err().contains("REJECTED (UNKNOWN_KEY)"), other.err());
    }

    @Test
    void usageErrorsExitWith2() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(List.of("export", "verify"), new PrintStream(out), new PrintStream(err)));
        assertEquals(2, Main.run(List.of("export"), new PrintStream(out), new PrintStream(err)));
        assertEquals(2, Main.run(List.of("export", "verify", made.file().toString(), "--public-key", work.resolve("none.pem").toString()),
                new PrintStream(out), new PrintStream(err)));
        assertEquals(2, Main.run(List.of("export", "verify", work.resolve("missing.zip").toString()), new PrintStream(out),
                new PrintStream(err)));
    }
}
