package mamori.ui.audit;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditAction;
import mamori.audit.AuditBrowser;
import mamori.audit.AuditLogDamagedException;
import mamori.audit.AuditQuery;
import mamori.audit.AuditVerifier;
import mamori.audit.EntryState;
import mamori.audit.RecordingRange;
import mamori.audit.VerificationMode;
import mamori.audit.VerifiedLog;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import mamori.ui.player.ReplayOffer;

/// The audit screen: filter the log, page through it newest first, see whether each entry on the
/// page verifies, and run a check of the whole log.
public final class AuditViewModel {

    public static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AuditBrowser browser;
    private final AuditVerifier verifier;
    private final Map<String, String> personNames;
    private final Map<String, String> cameraNames;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Runnable onBack;

    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice> person = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice> camera = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice> action = new SimpleObjectProperty<>();
    private final StringProperty terminal = new SimpleStringProperty("");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper pageSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper wholeLog = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper wholeLogIntact = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper hasOlder = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper hasNewer = new ReadOnlyBooleanWrapper();
    private final List<Choice> personChoices;
    private final List<Choice> cameraChoices;
    private final List<Choice> actionChoices;
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
    private final ReplayOffer replayOffer;
    private AuditQuery query = AuditQuery.ALL;

    public AuditViewModel(AuditBrowser browser, AuditVerifier verifier, Map<String, String> personNames,
            Map<String, String> cameraNames, TaskExecutor tasks, Messages messages, ZoneId zone, Runnable onBack) {
        this.browser = browser;
        this.verifier = verifier;
        this.personNames = personNames;
        this.cameraNames = cameraNames;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onBack = onBack;
        this.replayOffer = new ReplayOffer(tasks, messages);
        selected.addListener((property, was, row) -> replayOffer.select(row == null || row.cameraId().isEmpty() ? null
                : new ReplayOffer.Candidate(row.cameraId().get(), row.camera(), row.footage().map(RecordingRange::from),
                        row.footage().map(RecordingRange::to), "audit drill-down: entry " + row.seq())));
        Choice all = new Choice("", messages.get("audit.all"));
        personChoices = choices(all, personNames);
        cameraChoices = choices(all, cameraNames);
        actionChoices = new java.util.ArrayList<>(List.of(all));
        for (AuditAction each : AuditAction.values()) {
            actionChoices.add(new Choice(each.name(), actionName(each.name())));
        }
        person.set(all);
        camera.set(all);
        action.set(all);
    }

    private static List<Choice> choices(Choice all, Map<String, String> names) {
        List<Choice> choices = new java.util.ArrayList<>(List.of(all));
        names.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(entry -> choices.add(new Choice(entry.getKey(), entry.getValue())));
        return List.copyOf(choices);
    }

    /// Applies the filters and shows the newest matching entries.
    public void search() {
        query = new AuditQuery(Optional.ofNullable(fromDate.get()).map(day -> day.atStartOfDay(zone).toInstant()),
                Optional.ofNullable(toDate.get()).map(day -> day.plusDays(1).atStartOfDay(zone).toInstant()),
                chosen(person), chosen(camera), chosen(action).map(AuditAction::valueOf),
                Optional.of(terminal.get().strip()).filter(text -> !text.isEmpty()));
        load(() -> browser.olderPage(query, Optional.empty(), PAGE_SIZE + 1), Paging.FIRST);
    }

    public void older() {
        if (!rows.isEmpty()) {
            long last = rows.getLast().seq();
            load(() -> browser.olderPage(query, Optional.of(last), PAGE_SIZE + 1), Paging.OLDER);
        }
    }

    public void newer() {
        if (!rows.isEmpty()) {
            long first = rows.getFirst().seq();
            load(() -> browser.newerPage(query, first, PAGE_SIZE + 1), Paging.NEWER);
        }
    }

    private enum Paging {
        FIRST, OLDER, NEWER
    }

    private static Optional<String> chosen(ObjectProperty<Choice> choice) {
        return Optional.ofNullable(choice.get()).map(Choice::id).filter(id -> !id.isEmpty());
    }

    /// One extra entry is read to know whether there is another page beyond this one.
    private void load(TaskExecutor.BackgroundWork<List<AuditBrowser.CheckedEntry>> read, Paging paging) {
        busy.set(true);
        tasks.execute(read, entries -> {
            busy.set(false);
            boolean more = entries.size() > PAGE_SIZE;
            // Pages come newest first; the extra entry is the oldest when going older, the newest when going newer.
            List<AuditBrowser.CheckedEntry> page = paging == Paging.NEWER
                    ? entries.subList(Math.max(0, entries.size() - PAGE_SIZE), entries.size())
                    : entries.subList(0, Math.min(PAGE_SIZE, entries.size()));
            rows.setAll(page.stream().map(this::row).toList());
            hasOlder.set(paging == Paging.NEWER || more);
            hasNewer.set(paging == Paging.OLDER || paging == Paging.NEWER && more);
            long verified = page.stream().filter(entry -> entry.state() == EntryState.VERIFIED).count();
            pageSummary.set(page.isEmpty() ? messages.get("audit.none")
                    : messages.get("audit.pageSummary", page.getFirst().entry().seq(), page.getLast().entry().seq(), page.size(), verified));
        }, failure -> {
            busy.set(false);
            pageSummary.set(messages.get("audit.failed", failure.getMessage()));
        });
    }

    private Row row(AuditBrowser.CheckedEntry checked) {
        var entry = checked.entry();
        return new Row(entry.seq(), TIME.format(entry.recordedAt().atZone(zone)), entry.terminalId(),
                entry.personId() == null ? "—" : personNames.getOrDefault(entry.personId(), entry.personId()),
                actionName(entry.action()),
                entry.cameraId() == null ? "—" : cameraNames.getOrDefault(entry.cameraId(), entry.cameraId()),
                AuditBrowser.detailsOf(entry), checked.state() == EntryState.VERIFIED,
                messages.get("audit.state." + checked.state().name()), Optional.ofNullable(entry.cameraId()),
                AuditBrowser.rangeOf(entry));
    }

    private String actionName(String action) {
        String key = "audit.action." + action;
        return messages.has(key) ? messages.get(key) : action;
    }

    /// Fast verification of the whole log (hash chain, Merkle roots, checkpoint signatures).
    public void verifyWholeLog() {
        busy.set(true);
        wholeLog.set(messages.get("audit.verifying"));
        tasks.execute(() -> {
            try {
                VerifiedLog verified = verifier.verify(VerificationMode.FAST, Optional.empty());
                return new Verdict(true, messages.get("audit.intact", verified.entries()));
            } catch (AuditLogDamagedException damage) {
                return new Verdict(false, messages.get("audit.damaged", damage.seq(), damage.damage().name(), damage.getMessage()));
            }
        }, verdict -> {
            busy.set(false);
            wholeLogIntact.set(verdict.intact());
            wholeLog.set(verdict.text());
        }, failure -> {
            busy.set(false);
            wholeLogIntact.set(false);
            wholeLog.set(messages.get("audit.failed", failure.getMessage()));
        });
    }

    private record Verdict(boolean intact, String text) {
    }

    public void back() {
        onBack.run();
    }

    /// Offers drill-down: an entry naming a camera and a footage span replays that span in the
    /// player, for people `check` allows to view the camera (the PLAY records the entry's number).
    public void offerReplay(ReplayOffer.Check check, java.util.function.Consumer<ReplayOffer.Replay> action) {
        replayOffer.offer(check, action);
    }

    /// What the replay bar shows and does.
    public ReplayOffer replayOffer() {
        return replayOffer;
    }


    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }




    public List<Choice> personChoices() {
        return personChoices;
    }

    public List<Choice> cameraChoices() {
        return cameraChoices;
    }

    public List<Choice> actionChoices() {
        return actionChoices;
    }

    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    public ObjectProperty<Choice> personProperty() {
        return person;
    }

    public ObjectProperty<Choice> cameraProperty() {
        return camera;
    }

    public ObjectProperty<Choice> actionProperty() {
        return action;
    }

    public StringProperty terminalProperty() {
        return terminal;
    }

    public ObservableList<Row> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ReadOnlyStringProperty pageSummaryProperty() {
        return pageSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty wholeLogProperty() {
        return wholeLog.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty wholeLogIntactProperty() {
        return wholeLogIntact.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasOlderProperty() {
        return hasOlder.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasNewerProperty() {
        return hasNewer.getReadOnlyProperty();
    }

    /// A value of a filter: an id (empty for "all") and what the screen shows.
    public record Choice(String id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /// One entry as the table shows it, with the camera and footage span a drill-down replays.
    public record Row(long seq, String time, String terminal, String person, String action, String camera, String details,
            boolean verified, String state, Optional<String> cameraId, Optional<RecordingRange> footage) {
    }
}
