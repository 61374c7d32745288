package mamori.ui.exportcheck;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.export.ExportCheck;
import mamori.export.ExportSource;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The check screen's state: the packages found on approved media and in the export folder, the
/// one chosen, and the verdict of its check (accepted with what the package says and whether this
/// terminal recorded it, or rejected with the reason). The service verifies and records; this shows.
public final class ExportCheckViewModel {

    /// The verdict shown: none yet, accepted, rejected, or a check that could not be done.
    public enum Verdict {
        NONE, ACCEPTED, REJECTED, FAILED
    }

    /// A package as the list shows it.
    public record Row(ExportCheck.Candidate candidate, String title, String detail) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter FOOTAGE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Session session;
    private final ExportCheck check;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final java.util.Map<String, String> cameraNames;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(Verdict.NONE);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
    private final ObservableList<String> details = FXCollections.observableArrayList();

    /// `cameraNames` maps camera ids to what the screen shows (another terminal's cameras show their id).
    public ExportCheckViewModel(Session session, ExportCheck check, java.util.Map<String, String> cameraNames, TaskExecutor tasks,
            Messages messages, ZoneId zone, Runnable onBack) {
        this.cameraNames = cameraNames;
        this.session = session;
        this.check = check;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onBack = onBack;
        selected.addListener((property, was, row) -> clearVerdict());
    }

    /// Looks for packages again (a medium plugged in since).
    public void load() {
        busy.set(true);
        tasks.execute(check::candidates, found -> {
            busy.set(false);
            rows.setAll(found.stream().map(this::row).toList());
        }, failure -> {
            busy.set(false);
            show(Verdict.FAILED, messages.get("exportcheck.failed", failure.getMessage()), List.of());
        });
    }

    private Row row(ExportCheck.Candidate candidate) {
        return new Row(candidate, candidate.file().getFileName().toString(), messages.get("exportcheck.found", candidate.place(),
                size(candidate.bytes()), TIME.format(candidate.modified().atZone(zone))));
    }

    /// Checks the chosen package with `passphrase` (the service zeroes it).
    public void verify(char[] passphrase) {
        Row row = selected.get();
        if (row == null || passphrase.length == 0 || busy.get()) {
            java.util.Arrays.fill(passphrase, '\0');
            return;
        }
        busy.set(true);
        clearVerdict();
        tasks.execute(() -> check.check(session, row.candidate(), passphrase), outcome -> {
            busy.set(false);
            if (selected.get() == row) {
                showOutcome(outcome);
            }
        }, failure -> {
            busy.set(false);
            String text = switch (failure) {
                case AuditUnavailableException unavailable -> messages.get("exportcheck.notRecorded", unavailable.getMessage());
                case ExportCheck.CheckRefusedException refused -> messages.get("exportcheck.refused");
                default -> messages.get("exportcheck.failed", failure.getMessage());
            };
            show(Verdict.FAILED, text, List.of());
        });
    }

    private void showOutcome(ExportCheck.Outcome outcome) {
        switch (outcome) {
            case ExportCheck.Outcome.Accepted accepted -> {
                var manifest = accepted.export().manifest();
                List<String> lines = new ArrayList<>();
                lines.add(messages.get("exportcheck.export", manifest.exportId(), manifest.terminalId()));
                lines.add(messages.get("exportcheck.cameras", String.join(", ", manifest.cameras().stream().map(id -> cameraNames.getOrDefault(id, id)).toList())));
                lines.add(messages.get("exportcheck.span", FOOTAGE.format(manifest.span().from().atZone(zone)),
                        FOOTAGE.format(manifest.span().to().atZone(zone))));
                if (!manifest.gaps().isEmpty()) {
                    List<String> gaps = manifest.gaps().stream()
                            .map(gap -> FOOTAGE.format(gap.from().atZone(zone)) + " – " + FOOTAGE.format(gap.to().atZone(zone))).toList();
                    lines.add(messages.get("exportcheck.gaps", String.join(", ", gaps)));
                }
                long replays = manifest.sources().stream().filter(source -> source.kind() == ExportSource.Kind.REPLAY).count();
                lines.add(messages.get("exportcheck.sources", manifest.sources().size() - replays, replays));
                lines.add(messages.get("exportcheck.purpose", manifest.purpose(), manifest.recipient()));
                lines.add(messages.get("exportcheck.people", manifest.requester().name(), manifest.approver().name(),
                        TIME.format(manifest.approvedAt().atZone(zone))));
                lines.add(messages.get("exportcheck.provenance." + accepted.provenance().name()));
                lines.add(messages.get(accepted.signedHere() ? "exportcheck.signedHere" : "exportcheck.signedElsewhere",
                        accepted.export().manifestKeyId()));
                lines.add(messages.get("exportcheck.sha256", accepted.packageSha256()));
                show(Verdict.ACCEPTED, messages.get("exportcheck.accepted"), lines);
            }
            case ExportCheck.Outcome.Rejected rejected -> show(Verdict.REJECTED,
                    messages.get("exportcheck.rejected." + rejected.reason().name()),
                    List.of(rejected.message(), messages.get("exportcheck.sha256", rejected.packageSha256())));
        }
    }

    private void show(Verdict shown, String text, List<String> lines) {
        verdict.set(shown);
        headline.set(text);
        details.setAll(lines);
    }

    private void clearVerdict() {
        show(Verdict.NONE, "", List.of());
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    public void back() {
        if (!busy.get()) {
            onBack.run();
        }
    }

    public ObservableList<Row> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ObservableList<String> details() {
        return FXCollections.unmodifiableObservableList(details);
    }
}
