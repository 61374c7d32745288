package mamori.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import mamori.audit.AuditEntry;

/// What an auditor asks a report for: the days `from..to` (inclusive, in the facility's zone), and
/// optionally only some people, cameras, terminals and kinds of event (empty: all). `generatedBy`
/// names who asks (a person's name, or the command line).
public record ReportQuery(LocalDate from, LocalDate to, ZoneId zone, Set<String> people, Set<String> cameras, Set<String> terminals,
        Set<EventKind> kinds, Locale locale, String generatedBy) {

    /// The longest period one report covers.
    public static final int MAX_DAYS = 366;

    public ReportQuery {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("The report period ends (" + to + ") before it starts (" + from + ")");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("A report covers at most " + MAX_DAYS + " days");
        }
        people = Set.copyOf(people);
        cameras = Set.copyOf(cameras);
        terminals = Set.copyOf(terminals);
        kinds = kinds.isEmpty() ? Set.of(EventKind.values()) : Set.copyOf(kinds);
    }

    /// The whole period, every kind, in Japanese unless `locale` says otherwise.
    public static ReportQuery period(LocalDate from, LocalDate to, ZoneId zone, Locale locale, String generatedBy) {
        return new ReportQuery(from, to, zone, Set.of(), Set.of(), Set.of(), Set.of(), locale, generatedBy);
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /// The first instant after the period.
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /// Whether the entry falls in the period and passes the filters (its kind aside).
    public boolean includes(AuditEntry entry) {
        return !entry.recordedAt().isBefore(start()) && entry.recordedAt().isBefore(end())
                && (people.isEmpty() || entry.personId().filter(people::contains).isPresent())
                && (cameras.isEmpty() || entry.cameraId().filter(cameras::contains).isPresent())
                && (terminals.isEmpty() || terminals.contains(entry.terminalId()));
    }
}
