package mamori.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import mamori.audit.RecordingRange;
import mamori.crypto.Ed25519Keys;
import mamori.export.ExportManifest;
import mamori.export.ExportRejectedException;
import mamori.export.ExportSource;
import mamori.export.ExportVerifier;

/// `mamori export verify PACKAGE [--passphrase-file FILE] [--public-key PEM-FILE]`: what a recipient
/// runs on a package. Needs no data directory. The passphrase comes from the file's first line, or
/// else from the first line of standard input; it is never echoed.
final class ExportCommand {

    /// Exit status for a package that does not hold (as `audit verify`).
    static final int REJECTED = AuditCommand.DAMAGED;
    private static final String USAGE = "export verify PACKAGE.zip [--passphrase-file FILE] [--public-key PEM-FILE]";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    ExportCommand(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    int run(List<String> args) throws Exception {
        if (args.isEmpty() || !args.getFirst().equals("verify")) {
            throw new UsageException(USAGE);
        }
        Path packageFile = null;
        Path passphraseFile = null;
        Path publicKey = null;
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--passphrase-file" -> passphraseFile = Path.of(value(args, ++i, "--passphrase-file"));
                case "--public-key" -> publicKey = Path.of(value(args, ++i, "--public-key"));
                default -> {
                    if (args.get(i).startsWith("--") || packageFile != null) {
                        throw new UsageException(USAGE + ", not '" + args.get(i) + "'");
                    }
                    packageFile = Path.of(args.get(i));
                }
            }
        }
        if (packageFile == null) {
            throw new UsageException(USAGE);
        }
        Optional<byte[]> pinned = Optional.empty();
        if (publicKey != null) {
            try {
                pinned = Optional.of(Ed25519Keys.fromPem(Files.readString(publicKey, StandardCharsets.US_ASCII)));
            } catch (IllegalArgumentException | NoSuchFileException e) {
                throw new UsageException("--public-key needs a file with an Ed25519 public key in PEM form: " + publicKey);
            }
        }
        if (!Files.isRegularFile(packageFile)) {
            throw new UsageException("no package file " + packageFile);
        }
        char[] passphrase = passphrase(passphraseFile);
        try {
            long started = System.nanoTime();
            ExportVerifier.VerifiedExport verified = new ExportVerifier().verify(packageFile, passphrase, pinned);
            print(verified, pinned.isPresent(), (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (ExportRejectedException e) {
            err.println("REJECTED (" + e.reason() + "): " + e.getMessage());
            return REJECTED;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private char[] passphrase(Path file) throws IOException, UsageException {
        String line;
        if (file != null) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                line = reader.readLine();
            } catch (NoSuchFileException e) {
                throw new UsageException("no passphrase file " + file);
            }
        } else {
            line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        }
        if (line == null || line.isBlank()) {
            throw new UsageException("the package's passphrase is needed: --passphrase-file FILE or on standard input");
        }
        return line.strip().toCharArray();
    }

    private void print(ExportVerifier.VerifiedExport verified, boolean pinned, double seconds) {
        ExportManifest m = verified.manifest();
        out.printf(Locale.ROOT, "verified: export %s (%.2f s): manifest signature, ONVIF video signature and every hash hold%n",
                m.exportId(), seconds);
        out.println("  camera:        " + String.join(", ", m.cameras()));
        out.println("  span:          " + m.span().from() + " .. " + m.span().to());
        out.println("  purpose:       " + m.purpose());
        out.println("  recipient:     " + m.recipient());
        out.println("  requested by:  " + m.requester().name() + " (" + m.requester().id() + ")");
        out.println("  approved by:   " + m.approver().name() + " (" + m.approver().id() + ") at " + m.approvedAt());
        out.println("  masks lifted:  " + (m.masksLifted() ? "yes" : "no"));
        out.println("  made:          " + m.createdAt() + " on terminal " + m.terminalId());
        out.println("  manifest key:  " + verified.manifestKeyId()
                + (pinned ? " (the pinned key)" : " (not pinned: compare manifest-key.pem with the key the facility publishes)"));
        out.println("  video:         " + m.video().file() + ", " + m.video().bytes() + " bytes, SHA-256 " + m.video().sha256());
        out.println("  video signer:  " + verified.certificateSubject() + ", certificate SHA-256 " + m.certificateSha256());
        for (ExportSource source : m.sources()) {
            String kind = switch (source.kind()) {
                case FILE -> "";
                case REPLAY -> "ONVIF replay ";
            };
            out.println("  source:        " + kind + source.name() + " " + source.span().from() + " .. " + source.span().to() + " SHA-256 "
                    + source.sha256());
        }
        for (RecordingRange gap : m.gaps()) {
            out.println("  gap:           " + gap.from() + " .. " + gap.to() + " (no recording: left out)");
        }
    }

    private static String value(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }
}
