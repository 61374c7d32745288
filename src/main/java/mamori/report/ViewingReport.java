package mamori.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntry;

/// What a report says, worked out from audit entries alone (pure): viewing sessions (PLAY to STOP
/// per session and camera), exports, and the other events auditors ask about, with the summary.
public record ViewingReport(ReportQuery query, SortedSet<String> terminals, List<Viewing> viewings, List<Export> exports,
        List<Event> events, Summary summary) {

    /// One viewing session of one camera: `play` and `stop` are the entries' numbers in the log
    /// (`stop` 0 when the period ended before the STOP); `recording` the footage time watched.
    public record Viewing(long play, long stop, String personId, String terminalId, String cameraId, Instant startedAt,
            Optional<Instant> recordingFrom, Optional<Instant> recordingTo, long watchedSeconds, String purpose) {
    }

    /// One export, from its request to the package written; fields absent until those steps happen.
    public record Export(long requested, Instant at, String requesterId, Optional<String> approverId, Optional<String> recipient,
            Optional<String> packageHash, Optional<String> cameraId, String state) {
    }

    /// A denial, lockout, USB event or clock jump.
    public record Event(long seq, Instant at, EventKind kind, AuditAction action, Optional<String> personId, Optional<String> cameraId,
            String detail) {
    }

    /// Counts and hours: `watchedSecondsPerCamera` and `watchedSecondsPerDay` (facility days).
    public record Summary(int viewings, SortedMap<String, Long> watchedSecondsPerCamera, SortedMap<LocalDate, Long> watchedSecondsPerDay,
            int exports, int denials, int lockouts, int usbEvents, int clockJumps, long entriesRead) {

        public long watchedSeconds() {
            return watchedSecondsPerCamera.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /// Builds a report from the log's entries given in order ([#accept]), then [#build].
    public static final class Builder {

        private final ReportQuery query;
        private final SortedSet<String> terminals = new TreeSet<>();
        private final Map<String, Open> open = new LinkedHashMap<>();
        private final List<Viewing> viewings = new ArrayList<>();
        private final Map<String, Export> exports = new LinkedHashMap<>();
        private final List<Event> events = new ArrayList<>();
        private long read;

        public Builder(ReportQuery query) {
            this.query = query;
        }

        /// A viewing that has started and not yet stopped.
        private record Open(AuditEntry play, Instant recordingFrom, Instant recordingTo, Instant lastAt) {
        }

        public void accept(AuditEntry entry) {
            read++;
            if (!query.includes(entry)) {
                return;
            }
            Optional<EventKind> kind = EventKind.of(entry.action());
            if (kind.isEmpty() || !query.kinds().contains(kind.get())) {
                return;
            }
            terminals.add(entry.terminalId());
            switch (kind.get()) {
                case VIEWING -> viewing(entry);
                case EXPORT -> export(entry);
                case DENIAL, LOCKOUT, USB, CLOCK -> events.add(new Event(entry.seq(), entry.recordedAt(), kind.get(), entry.action(),
                        entry.personId(), entry.cameraId(), detailText(entry)));
            }
        }

        private static String key(AuditEntry entry) {
            return entry.sessionId().orElse("-") + "\u0000" + entry.cameraId().orElse("-") + "\u0000" + entry.personId().orElse("-");
        }

        private void viewing(AuditEntry entry) {
            String key = key(entry);
            Open current = open.get(key);
            Instant from = entry.range().map(range -> range.from()).orElse(null);
            Instant to = entry.range().map(range -> range.to()).orElse(null);
            switch (entry.action()) {
                case PLAY -> {
                    if (current != null) {
                        close(current, 0, current.lastAt(), Optional.empty(), Optional.empty());
                    }
                    open.put(key, new Open(entry, from, to, entry.recordedAt()));
                }
                case STOP -> {
                    open.remove(key);
                    if (current != null) {
                        long watched = number(entry.details().get("watchedSeconds"))
                                .orElse(Duration.between(current.play().recordedAt(), entry.recordedAt()).toSeconds());
                        close(current, entry.seq(), entry.recordedAt(), Optional.ofNullable(from).or(() -> Optional.ofNullable(current.recordingFrom())),
                                Optional.ofNullable(to).or(() -> Optional.ofNullable(current.recordingTo())), watched);
                    }
                }
                default -> {
                    if (current != null) {
                        open.put(key, new Open(current.play(), min(current.recordingFrom(), from), max(current.recordingTo(), to),
                                entry.recordedAt()));
                    }
                }
            }
        }

        private void close(Open viewing, long stop, Instant lastAt, Optional<Instant> recordingFrom, Optional<Instant> recordingTo) {
            close(viewing, stop, lastAt, recordingFrom.or(() -> Optional.ofNullable(viewing.recordingFrom())),
                    recordingTo.or(() -> Optional.ofNullable(viewing.recordingTo())),
                    Duration.between(viewing.play().recordedAt(), lastAt).toSeconds());
        }

        private void close(Open viewing, long stop, Instant lastAt, Optional<Instant> recordingFrom, Optional<Instant> recordingTo,
                long watchedSeconds) {
            AuditEntry play = viewing.play();
            viewings.add(new Viewing(play.seq(), stop, play.personId().orElse("-"), play.terminalId(), play.cameraId().orElse("-"),
                    play.recordedAt(), recordingFrom, recordingTo, Math.max(0, watchedSeconds), text(play.details().get("purpose")).orElse("")));
        }

        private void export(AuditEntry entry) {
            String id = text(entry.details().get("export")).orElse(key(entry));
            Export known = exports.get(id);
            Optional<String> recipient = text(entry.details().get("recipient"));
            Optional<String> hash = text(entry.details().get("packageHash")).or(() -> text(entry.details().get("sha256")));
            if (known == null) {
                exports.put(id, new Export(entry.seq(), entry.recordedAt(), entry.personId().orElse("-"), Optional.empty(), recipient, hash,
                        entry.cameraId(), entry.action().name()));
                return;
            }
            Optional<String> approver = entry.action() == AuditAction.EXPORT_APPROVED ? entry.personId() : known.approverId();
            exports.put(id, new Export(known.requested(), known.at(), known.requesterId(), approver, recipient.or(known::recipient),
                    hash.or(known::packageHash), known.cameraId().or(entry::cameraId), entry.action().name()));
        }

        public ViewingReport build() {
            for (Open viewing : List.copyOf(open.values())) {
                close(viewing, 0, viewing.lastAt(), Optional.empty(), Optional.empty());
            }
            open.clear();
            viewings.sort(java.util.Comparator.comparingLong(Viewing::play));
            SortedMap<String, Long> perCamera = new TreeMap<>();
            SortedMap<LocalDate, Long> perDay = new TreeMap<>();
            for (LocalDate day = query.from(); !day.isAfter(query.to()); day = day.plusDays(1)) {
                perDay.put(day, 0L);
            }
            for (Viewing viewing : viewings) {
                perCamera.merge(viewing.cameraId(), viewing.watchedSeconds(), Long::sum);
                perDay.merge(viewing.startedAt().atZone(query.zone()).toLocalDate(), viewing.watchedSeconds(), Long::sum);
            }
            Map<EventKind, Integer> counts = new HashMap<>();
            for (Event event : events) {
                counts.merge(event.kind(), 1, Integer::sum);
            }
            Summary summary = new Summary(viewings.size(), perCamera, perDay, exports.size(), counts.getOrDefault(EventKind.DENIAL, 0),
                    counts.getOrDefault(EventKind.LOCKOUT, 0), counts.getOrDefault(EventKind.USB, 0), counts.getOrDefault(EventKind.CLOCK, 0), read);
            return new ViewingReport(query, terminals, List.copyOf(viewings), List.copyOf(exports.values()), List.copyOf(events), summary);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Optional<Long> number(Object value) {
        return value instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
    }

    private static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private static String detailText(AuditEntry entry) {
        StringBuilder text = new StringBuilder();
        for (var detail : entry.details().entrySet()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(detail.getKey()).append('=').append(detail.getValue());
        }
        return text.toString();
    }
}
