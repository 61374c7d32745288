package mamori.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mamori.report.EventKind;
import mamori.report.ReportInvalidException;
import mamori.report.ReportQuery;
import mamori.report.ReportVerifier;

/// `mamori report --from DATE --to DATE ... --output FILE` and `mamori report verify FILE`.
final class ReportCommand {

    /// Exit status of `report verify` for a report that does not hold (as `audit verify`).
    static final int INVALID = AuditCommand.DAMAGED;

    private final PrintStream out;
    private final PrintStream err;

    ReportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Exception {
        if (!args.isEmpty() && args.getFirst().equals("verify")) {
            return verify(args.subList(1, args.size()));
        }
        return generate(args);
    }

    private int generate(List<String> args) throws Exception {
        LocalDate from = null;
        LocalDate to = null;
        Locale locale = Locale.JAPANESE;
        Path output = null;
        Set<String> people = new HashSet<>();
        Set<String> cameras = new HashSet<>();
        Set<String> terminals = new HashSet<>();
        Set<EventKind> kinds = new HashSet<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--from" -> from = LocalDate.parse(value(args, ++i, "--from"));
                    case "--to" -> to = LocalDate.parse(value(args, ++i, "--to"));
                    case "--lang" -> locale = switch (value(args, ++i, "--lang")) {
                        case "en" -> Locale.ENGLISH;
                        case "ja" -> Locale.JAPANESE;
                        default -> throw new UsageException("--lang takes ja or en");
                    };
                    case "--output" -> output = Path.of(value(args, ++i, "--output"));
                    case "--person" -> people.add(value(args, ++i, "--person"));
                    case "--camera" -> cameras.add(value(args, ++i, "--camera"));
                    case "--terminal" -> terminals.add(value(args, ++i, "--terminal"));
                    case "--kind" -> kinds.add(EventKind.valueOf(value(args, ++i, "--kind").toUpperCase(Locale.ROOT)));
                    default -> throw new UsageException(USAGE + ", not '" + args.get(i) + "'");
                }
            }
        } catch (DateTimeParseException e) {
            throw new UsageException("dates are written YYYY-MM-DD: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kind takes one of " + List.of(EventKind.values()));
        }
        if (from == null || to == null || output == null) {
            throw new UsageException(USAGE);
        }
        LocalDate start = from;
        LocalDate end = to;
        Locale language = locale;
        Path target = output;
        return ServicesCommand.withServices(mamori -> {
            ReportQuery query;
            try {
                query = new ReportQuery(start, end, mamori.facilityZone(), people, cameras, terminals, kinds, language,
                        language == Locale.ENGLISH ? "command line on terminal " + mamori.terminal().id()
                                : "コマンドライン（端末 " + mamori.terminal().id() + "）");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            long started = System.nanoTime();
            var generated = mamori.reports().generate(query, target);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "report %s written to %s (%d pages) in %.2f s%n", generated.reportNumber(), generated.file(),
                    generated.pages(), seconds);
            out.printf(Locale.ROOT, "  %d viewing sessions, %d exports, %d other events; %d entries read%n", generated.report().viewings().size(),
                    generated.report().exports().size(), generated.report().events().size(), generated.report().summary().entriesRead());
            out.println("  SHA-256 " + generated.sha256() + " (recorded as entry " + generated.entrySeq() + ")");
            return 0;
        });
    }

    private static final String USAGE = "report takes --from YYYY-MM-DD --to YYYY-MM-DD --output FILE [--lang ja|en] "
            + "[--person ID]... [--camera ID]... [--terminal ID]... [--kind viewing|export|denial|lockout|usb|clock]...";

    private int verify(List<String> args) throws Exception {
        if (args.size() != 1) {
            throw new UsageException("report verify takes one file: report verify REPORT.pdf");
        }
        Path file = Path.of(args.getFirst());
        byte[] bytes = Files.readAllBytes(file);
        return ServicesCommand.withServices(mamori -> {
            long started = System.nanoTime();
            try {
                ReportVerifier.Verified verified = mamori.reportVerifier().verify(bytes);
                out.printf(Locale.ROOT, "valid: report %s, signed by this terminal, generation recorded as entry %d%n",
                        verified.reportNumber(), verified.generationEntry());
                out.printf(Locale.ROOT, "  entries #%d-#%d match the log; the log (%d entries) extends the report's checkpoint of %d "
                        + "unchanged (%d later checkpoints match); %.2f s%n", verified.firstSeq(), verified.lastSeq(), verified.logEntries(),
                        verified.checkpointSize(), verified.laterCheckpoints(), (System.nanoTime() - started) / 1e9);
                return 0;
            } catch (ReportInvalidException e) {
                err.println("INVALID: " + e.getMessage());
                return INVALID;
            }
        });
    }

    private static String value(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }
}
