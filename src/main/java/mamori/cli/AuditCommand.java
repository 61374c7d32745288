package mamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.app.Mamori;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLogDamagedException;
import mamori.audit.AuditVerifier;
import mamori.audit.VerificationMode;
import mamori.audit.VerifiedLog;
import mamori.crypto.Ed25519Keys;

/// `mamori audit verify` and `mamori audit export`.
final class AuditCommand {

    /// Exit status of `audit verify` when the log is damaged (2 is a usage error, 1 another failure).
    static final int DAMAGED = 3;

    private final PrintStream out;
    private final PrintStream err;

    AuditCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("audit takes: verify | export");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "verify" -> verify(rest);
            case "export" -> export(rest);
            default -> throw new UsageException("audit takes: verify | export, not '" + args.getFirst() + "'");
        };
    }

    private int verify(List<String> args) throws Exception {
        VerificationMode mode = VerificationMode.FULL;
        Optional<Path> publicKey = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--fast" -> mode = VerificationMode.FAST;
                case "--full" -> mode = VerificationMode.FULL;
                case "--public-key" -> publicKey = Optional.of(Path.of(value(args, ++i, "--public-key")));
                default -> throw new UsageException("audit verify takes [--fast|--full] [--public-key PEM-FILE], not '" + args.get(i) + "'");
            }
        }
        VerificationMode chosen = mode;
        Optional<Path> keyFile = publicKey;
        return ServicesCommand.withServices(mamori -> {
            Map<String, byte[]> trusted = trustedKeys(mamori, keyFile);
            var verifier = new AuditVerifier(mamori.auditEntries(), trusted);
            long started = System.nanoTime();
            try {
                VerifiedLog verified = verifier.verify(chosen, Optional.empty());
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf("intact: %d entries (last %d), %s verification in %.2f s%n", verified.entries(), verified.lastSeq(),
                        chosen.name().toLowerCase(java.util.Locale.ROOT), seconds);
                out.println("head hash:   " + HexFormat.of().formatHex(verified.headHash()));
                out.println("merkle root: " + HexFormat.of().formatHex(verified.merkleRoot()));
                record(mamori, chosen, "intact", verified.entries(), Optional.empty());
                return 0;
            } catch (AuditLogDamagedException damage) {
                err.println("DAMAGED: " + damage.getMessage());
                record(mamori, chosen, "damaged", damage.seq(), Optional.of(damage.damage().name()));
                return DAMAGED;
            }
        });
    }

    /// A verification run is itself an event of the log (written after the check, so it never
    /// changes what was checked).
    private void record(Mamori mamori, VerificationMode mode, String result, long count, Optional<String> damage) {
        try {
            AuditEvent event = AuditEvent.of(AuditAction.LOG_VERIFICATION_RUN).detail("mode", mode).detail("result", result)
                    .detail(damage.isPresent() ? "first_bad_entry" : "entries", count);
            if (damage.isPresent()) {
                event = event.detail("damage", damage.get());
            }
            mamori.auditLog().append(event);
        } catch (Exception e) {
            err.println("mamori: the verification run could not be recorded in the log: " + e.getMessage());
        }
    }

    private static Map<String, byte[]> trustedKeys(Mamori mamori, Optional<Path> keyFile) throws IOException {
        if (keyFile.isPresent()) {
            byte[] raw = Ed25519Keys.fromPem(Files.readString(keyFile.get()));
            return Map.of(Ed25519Keys.keyId(raw), raw);
        }
        byte[] own = mamori.auditLog().key().publicKey();
        return Map.of(Ed25519Keys.keyId(own), own);
    }

    private int export(List<String> args) throws Exception {
        Optional<Path> output = Optional.empty();
        String format = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--format" -> format = value(args, ++i, "--format");
                case "--output" -> output = Optional.of(Path.of(value(args, ++i, "--output")));
                default -> throw new UsageException("audit export takes --format jsonl [--output FILE], not '" + args.get(i) + "'");
            }
        }
        if (!"jsonl".equals(format)) {
            throw new UsageException("audit export needs --format jsonl (the only format)");
        }
        Optional<Path> target = output;
        return ServicesCommand.withServices(mamori -> {
            ObjectMapper json = new ObjectMapper();
            long[] lines = {0};
            Writer writer = target.isPresent() ? Files.newBufferedWriter(target.get(), StandardCharsets.UTF_8)
                    : new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try {
                List<IOException> failures = new ArrayList<>();
                mamori.auditEntries().scan(entry -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("seq", entry.seq());
                    line.put("canonical", entry.canonical());
                    line.put("hash", HexFormat.of().formatHex(entry.entryHash()));
                    line.put("key", entry.keyId());
                    line.put("signature", Base64.getEncoder().encodeToString(entry.signature()));
                    try {
                        writer.write(json.writeValueAsString(line));
                        writer.write('\n');
                        lines[0]++;
                        return true;
                    } catch (IOException e) {
                        failures.add(e);
                        return false;
                    }
                });
                if (!failures.isEmpty()) {
                    throw failures.getFirst();
                }
            } finally {
                // Standard output stays open for whatever the process prints next.
                if (target.isPresent()) {
                    writer.close();
                } else {
                    writer.flush();
                }
            }
            if (target.isPresent()) {
                out.println("exported " + lines[0] + " entries to " + target.get());
            }
            return 0;
        });
    }

    private static String value(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }
}
