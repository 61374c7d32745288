package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mamori.crypto.Ed25519Keys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The export format is checked by a second, independent implementation: the auditor's script in
/// docs/audit (Python 3 with Debian's python3-cryptography), run as a real process.
@Tag("system")
class AuditExportScriptTest {

    private static final Path SCRIPT = Path.of("docs/audit/verify_export.py");

    @TempDir
    Path dir;

    private record Run(int status, String output) {
    }

    private static Run script(Path export, Path key) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), export.toString(), key.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    @Test
    void theAuditorsScriptAcceptsAnExportAndAgreesOnTheRoot() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(9))) {
            fixture.appendViews(25);
            fixture.log.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person("p-1")
                    .detail("setting", "カメラ名").detail("old", "正面玄関").detail("new", "正面玄関 \"北\""));
            Path export = dir.resolve("log.jsonl");
            try (var writer = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
                assertEquals(26, AuditExport.writeJsonl(fixture.store, writer));
            }
            Path key = dir.resolve("key.pem");
            Files.writeString(key, Ed25519Keys.toPem(fixture.key.publicKey()));
            VerifiedLog verified = fixture.verifier().verify(VerificationMode.FULL, Optional.empty());

            Run run = script(export, key);
            assertEquals(0, run.status(), run.output());
            assertTrue(run.output().contains("intact: 26 entries"), run.output());
            assertTrue(run.output().contains("merkle root: " + HexFormat.of().formatHex(verified.merkleRoot())), run.output());
            assertTrue(run.output().contains("head hash:   " + HexFormat.of().formatHex(verified.headHash())), run.output());

            // The same export with one entry's text edited, and with one line removed.
            List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
            Path edited = dir.resolve("edited.jsonl");
            lines.set(9, lines.get(9).replace("\\\"action\\\":\\\"PLAY\\\"", "\\\"action\\\":\\\"PAUSE\\\""));
            Files.write(edited, lines, StandardCharsets.UTF_8);
            Run editedRun = script(edited, key);
            assertEquals(1, editedRun.status(), editedRun.output());
            assertTrue(editedRun.output().startsWith("BAD entry 10"), editedRun.output());

            List<String> shortened = Files.readAllLines(export, StandardCharsets.UTF_8);
            shortened.remove(4);
            Path removed = dir.resolve("removed.jsonl");
            Files.write(removed, shortened, StandardCharsets.UTF_8);
            Run removedRun = script(removed, key);
            assertEquals(1, removedRun.status());
            assertTrue(removedRun.output().startsWith("BAD entry 5"), removedRun.output());
        }
    }
}
