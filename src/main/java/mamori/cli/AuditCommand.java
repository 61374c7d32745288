package mamori.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.app.Mamori;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditExport;
import mamori.audit.AuditLogDamagedException;
import mamori.audit.AuditVerifier;
import mamori.audit.CheckpointNote;
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
            throw new UsageException("audit takes: verify | export | checkpoint");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "verify" -> verify(rest);
            case "export" -> export(rest);
            case "checkpoint" -> checkpoint(rest);
            default -> throw new UsageException("audit takes: verify | export | checkpoint, not '" + args.getFirst() + "'");
        };
    }

    private int verify(List<String> args) throws Exception {
        VerificationMode mode = VerificationMode.FULL;
        Optional<Path> publicKey = Optional.empty();
        Optional<Path> checkpointFile = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--fast" -> mode = VerificationMode.FAST;
                case "--full" -> mode = VerificationMode.FULL;
                case "--public-key" -> publicKey = Optional.of(Path.of(value(args, ++i, "--public-key")));
                case "--checkpoint" -> checkpointFile = Optional.of(Path.of(value(args, ++i, "--checkpoint")));
                default -> throw new UsageException("audit verify takes [--fast|--full] [--public-key PEM-FILE] "
                        + "[--checkpoint FILE], not '" + args.get(i) + "'");
            }
        }
        VerificationMode chosen = mode;
        Optional<Path> keyFile = publicKey;
        Optional<Path> noteFile = checkpointFile;
        return ServicesCommand.withServices(mamori -> {
            Map<String, byte[]> trusted = trustedKeys(mamori, keyFile);
            Optional<AuditVerifier.TreeHead> held = Optional.empty();
            if (noteFile.isPresent()) {
                try {
                    var checkpoint = CheckpointNote.verify(Files.readString(noteFile.get(), StandardCharsets.UTF_8), trusted);
                    held = Optional.of(checkpoint.treeHead());
                    out.println("checkpoint: " + checkpoint.treeSize() + " entries at " + checkpoint.time() + " (signature verified)");
                } catch (CheckpointNote.CheckpointException e) {
                    err.println("DAMAGED: the checkpoint " + noteFile.get() + " is not valid: " + e.getMessage());
                    return DAMAGED;
                }
            }
            var verifier = new AuditVerifier(mamori.auditEntries(), trusted);
            long started = System.nanoTime();
            try {
                VerifiedLog verified = verifier.verify(chosen, held);
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

    private static Map<String, byte[]> trustedKeys(Mamori mamori, Optional<Path> keyFile) throws java.io.IOException {
        if (keyFile.isPresent()) {
            byte[] raw = Ed25519Keys.fromPem(Files.readString(keyFile.get()));
            return Map.of(Ed25519Keys.keyId(raw), raw);
        }
        return mamori.ownAuditKeys();
    }

    /// Makes a signed checkpoint now and prints it (or writes it to a file) to be kept elsewhere: on
    /// paper, on another machine. A later `audit verify --checkpoint` proves nothing was cut since.
    private int checkpoint(List<String> args) throws Exception {
        Optional<Path> output = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--output")) {
                output = Optional.of(Path.of(value(args, ++i, "--output")));
            } else {
                throw new UsageException("audit checkpoint takes [--output FILE], not '" + args.get(i) + "'");
            }
        }
        Optional<Path> target = output;
        return ServicesCommand.withServices(mamori -> {
            var checkpoint = mamori.auditLog().checkpoint("REQUESTED");
            if (target.isPresent()) {
                Files.writeString(target.get(), checkpoint.note(), StandardCharsets.UTF_8);
                out.println("checkpoint of " + checkpoint.treeSize() + " entries written to " + target.get());
            } else {
                out.print(checkpoint.note());
            }
            return 0;
        });
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
            long lines;
            if (target.isPresent()) {
                try (Writer writer = Files.newBufferedWriter(target.get(), StandardCharsets.UTF_8)) {
                    lines = AuditExport.writeJsonl(mamori.auditEntries(), writer);
                }
                out.println("exported " + lines + " entries to " + target.get());
            } else {
                // Standard output stays open for whatever the process prints next: flushed, not closed.
                AuditExport.writeJsonl(mamori.auditEntries(), new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
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
