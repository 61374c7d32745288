package mamori.report;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;

/// Prints a signed report through the operating system's print system (CUPS on Linux). The
/// printing is recorded in the audit log (report number, the PDF's SHA-256, printer, copies,
/// paper) BEFORE the job is handed over; if it cannot be recorded nothing is printed.
///
/// The signed file itself goes to the queue, unchanged ([PrintSystem]): what is printed is what
/// the log's REPORT_GENERATED entry hashed, and its text stays text (decision 0027).
public final class ReportPrinter {

    /// Paper sizes offered; the report is laid out on A4.
    public enum Paper {
        A4, A3, JIS_B5, LETTER
    }

    public enum Orientation {
        PORTRAIT, LANDSCAPE
    }

    /// How the job is printed: paper, orientation, copies (1-99), both sides or not.
    public record PageSetup(Paper paper, Orientation orientation, int copies, boolean twoSided) {

        public static final int MAX_COPIES = 99;
        public static final PageSetup DEFAULT = new PageSetup(Paper.A4, Orientation.PORTRAIT, 1, false);

        public PageSetup {
            if (copies < 1 || copies > MAX_COPIES) {
                throw new IllegalArgumentException("copies must be 1-" + MAX_COPIES + ", not " + copies);
            }
        }

        public PageSetup withCopies(int count) {
            return new PageSetup(paper, orientation, count, twoSided);
        }
    }

    /// A report to print: its number, the signed file's bytes and the hash its generation recorded.
    public record Document(String reportNumber, byte[] pdf, String recordedSha256, int pages) {
    }

    /// Who prints: a person and their session.
    public record Requester(String personId, String sessionId) {
    }

    /// A job handed to the print system, and the log entry recording it.
    public record Printed(String printer, int copies, long entrySeq, String jobName) {
    }

    /// The print system's side: the queues that take PDF, and submitting one job.
    public interface PrintSystem {

        /// Names of the queues that accept PDF documents.
        List<String> printers();

        /// The queue the system prints to when none is chosen.
        Optional<String> defaultPrinter();

        void submit(String printer, byte[] pdf, String jobName, PageSetup setup) throws ReportPrintException;
    }

    private final AuditLog log;
    private final PrintSystem system;

    public ReportPrinter(AuditLog log, PrintSystem system) {
        this.log = log;
        this.system = system;
    }

    public List<String> printers() {
        return system.printers();
    }

    public Optional<String> defaultPrinter() {
        return system.defaultPrinter();
    }

    /// Records the printing, then sends the job. A file that no longer hashes to what its
    /// generation recorded is refused, and so is a printer the system does not offer.
    public Printed print(Document document, String printer, PageSetup setup, Requester requester)
            throws ReportPrintException, AuditUnavailableException {
        String hash = HexFormat.of().formatHex(ReportVerifier.sha256(document.pdf()));
        if (!hash.equals(document.recordedSha256())) {
            throw new ReportPrintException("The report file has changed since it was signed (SHA-256 " + hash + ", recorded "
                    + document.recordedSha256() + "): it is not printed");
        }
        if (!system.printers().contains(printer)) {
            throw new ReportPrintException("No printer called '" + printer + "' accepts PDF documents here");
        }
        var entry = log.append(AuditEvent.of(AuditAction.REPORT_PRINTED).person(requester.personId()).session(requester.sessionId())
                .detail("report", document.reportNumber()).detail("pdfSha256", hash).detail("printer", printer)
                .detail("copies", (long) setup.copies()).detail("pages", (long) document.pages())
                .detail("paper", setup.paper().name()).detail("orientation", setup.orientation().name())
                .detail("twoSided", setup.twoSided()));
        String jobName = "Mamori report " + document.reportNumber();
        try {
            system.submit(printer, document.pdf(), jobName, setup);
        } catch (ReportPrintException | RuntimeException e) {
            recordFailure(entry.seq(), document, printer, requester, e);
            throw e;
        }
        return new Printed(printer, setup.copies(), entry.seq(), jobName);
    }

    /// REPORT_PRINTED was written before the job; when the print system then refuses it, the log
    /// must not keep saying the report went to paper. If even this entry cannot be written, the
    /// refusal still reaches the screen, with the log's failure attached.
    private void recordFailure(long printedSeq, Document document, String printer, Requester requester, Exception failure) {
        try {
            log.append(AuditEvent.of(AuditAction.REPORT_PRINT_FAILED).person(requester.personId()).session(requester.sessionId())
                    .detail("report", document.reportNumber()).detail("printer", printer).detail("printedEntry", printedSeq)
                    .detail("reason", String.valueOf(failure.getMessage())));
        } catch (AuditUnavailableException e) {
            failure.addSuppressed(e);
        }
    }

    /// A report that could not be printed; the message says why (in English, for the log and the screen's detail).
    public static final class ReportPrintException extends Exception {
        public ReportPrintException(String message) {
            super(message);
        }

        public ReportPrintException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
