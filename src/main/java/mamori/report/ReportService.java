package mamori.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditLogDamagedException;
import mamori.audit.AuditRange;
import mamori.audit.AuditUnavailableException;
import mamori.audit.CheckpointNote;

/// Makes a signed report: a fresh checkpoint of the log, the period's entries read and checked
/// against it, the PDF drawn and signed, and its generation recorded in the log with the file's
/// hash. A report whose generation cannot be recorded is not handed out (the file is removed).
public final class ReportService {

    /// Everything a report needs from the rest of the kiosk, gathered by the composition root.
    public record Context(String terminalId, String facility, Map<String, String> personNames, Map<String, String> cameraNames,
            Map<String, String> measures) {
    }

    private final AuditLog log;
    private final AuditEntryStore store;
    private final Map<String, byte[]> auditKeys;
    private final ReportSigner signer;
    private final Context context;
    private final Clock clock;

    public ReportService(AuditLog log, AuditEntryStore store, Map<String, byte[]> auditKeys, ReportSigner signer, Context context, Clock clock) {
        this.log = log;
        this.store = store;
        this.auditKeys = auditKeys;
        this.signer = signer;
        this.context = context;
        this.clock = clock;
    }

    /// A report written: where, its number, the file's SHA-256, the log entry recording it, and
    /// what it contains.
    public record Generated(Path file, String reportNumber, String sha256, long entrySeq, ViewingReport report, int pages) {
    }

    /// The report before it is written: for the screen's preview (no checkpoint, nothing recorded).
    public ViewingReport preview(ReportQuery query) throws SQLException {
        ViewingReport.Builder builder = new ViewingReport.Builder(query);
        Optional<long[]> range = store.seqRangeRecorded(query.start(), query.end());
        if (range.isPresent()) {
            long after = range.get()[0] - 1;
            while (after < range.get()[1]) {
                var page = store.page(after, 10_000);
                if (page.isEmpty()) {
                    break;
                }
                for (var row : page) {
                    if (row.seq() > range.get()[1]) {
                        break;
                    }
                    AuditRange.read(row).ifPresent(builder::accept);
                }
                after = page.getLast().seq();
            }
        }
        return builder.build();
    }

    public Generated generate(ReportQuery query, Path output) throws ReportException {
        try {
            String number = reportNumber();
            CheckpointNote.Checkpoint checkpoint = log.checkpoint("REPORT");
            Optional<long[]> range = store.seqRangeRecorded(query.start(), query.end());
            long first = range.map(r -> r[0]).orElse(checkpoint.treeSize() + 1);
            long last = range.map(r -> Math.min(r[1], checkpoint.treeSize())).orElse(checkpoint.treeSize());
            ViewingReport.Builder builder = new ViewingReport.Builder(query);
            AuditRange.Binding binding;
            String verification;
            try {
                binding = AuditRange.bind(store, auditKeys, first, last, checkpoint, builder::accept);
                verification = query.locale().getLanguage().equals("en")
                        ? "intact: entries #" + first + "–#" + last + " give their stored hashes, the hash chain holds, and the log's first "
                                + checkpoint.treeSize() + " entries give the signed checkpoint's root (entry signatures: see 'mamori audit verify')"
                        : "異常なし: 記録 #" + first + "〜#" + last + " の内容はハッシュと一致し、ハッシュチェーンはつながり、先頭から "
                                + checkpoint.treeSize() + " 件の記録は署名付きチェックポイントのルートと一致しました（各記録の署名の検証は mamori audit verify）";
            } catch (AuditLogDamagedException damage) {
                throw new ReportException("The audit log is damaged, so no report is made: " + damage.getMessage(), damage);
            }
            ViewingReport report = builder.build();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            String fingerprint = HexFormat.ofDelimiter(":").formatHex(ReportVerifier.sha256(signer.certificate().getEncoded()));
            Path font = ReportPdf.installedFont().orElseThrow(() -> new ReportException(
                    "No Japanese TrueType font is installed (Debian: apt-get install fonts-ipaexfont-gothic)", null));
            ReportPdf.Rendered unsigned = new ReportPdf(font).render(new ReportPdf.Document(report, number, context.facility(), now, verification,
                    binding.firstSeq(), binding.lastSeq(), checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.note(), fingerprint,
                    context.personNames(), context.cameraNames(), context.measures(), ReportBinding.text(number, binding), binding.leafHashes()));
            byte[] signed = signer.sign(unsigned.pdf(), now, "Mamori " + context.terminalId(), number);
            String hash = HexFormat.of().formatHex(ReportVerifier.sha256(signed));
            Path temporary = output.resolveSibling(output.getFileName() + ".part");
            Files.write(temporary, signed);
            try {
                var entry = log.append(AuditEvent.of(AuditAction.REPORT_GENERATED).detail("report", number).detail("pdfSha256", hash)
                        .detail("from", query.from().toString()).detail("to", query.to().toString())
                        .detail("generatedBy", query.generatedBy()).detail("checkpoint", checkpoint.treeSize())
                        .detail("entries", binding.entries()).detail("viewings", (long) report.viewings().size()));
                Files.move(temporary, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return new Generated(output, number, hash, entry.seq(), report, unsigned.pages());
            } catch (AuditUnavailableException e) {
                Files.deleteIfExists(temporary);
                throw new ReportException("The report's generation cannot be recorded, so it is not issued: " + e.getMessage(), e);
            }
        } catch (AuditUnavailableException e) {
            throw new ReportException("No checkpoint can be made for the report: " + e.getMessage(), e);
        } catch (SQLException | IOException | java.security.cert.CertificateEncodingException e) {
            throw new ReportException("The report cannot be made: " + e.getMessage(), e);
        }
    }

    /// `<terminal>-<n>`: one more than the reports this log has recorded.
    private String reportNumber() throws SQLException {
        return String.format(java.util.Locale.ROOT, "%s-%04d", context.terminalId(), store.byAction(AuditAction.REPORT_GENERATED).size() + 1);
    }

    /// A report that could not be made; the message says why.
    public static final class ReportException extends Exception {
        public ReportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
