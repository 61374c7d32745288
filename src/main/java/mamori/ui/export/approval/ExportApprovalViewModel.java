package mamori.ui.export.approval;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import mamori.audit.AuditUnavailableException;
import mamori.export.ApproverFinger;
import mamori.export.ExportOrder;
import mamori.export.ExportRefusedException;
import mamori.export.ExportRequest;
import mamori.export.ExportRequests;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.identity.Person;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import mamori.ui.export.ExportTexts;

/// The approval of one request on this terminal. The person deciding chooses approve or deny, then
/// places their finger: the finger, not the session, says who decides (decision 0024). A refused
/// finger (the requester's own, or someone without the right) is said on screen and the screen
/// keeps waiting for another one.
public final class ExportApprovalViewModel {

    /// Each wait on the reader is this short so leaving the screen stops the wait promptly.
    private static final Duration WAIT_PER_ATTEMPT = Duration.ofMillis(500);

    /// What the finger is placed for.
    public enum Choice { APPROVE, DENY }

    private final Session screen;
    private final ExportRequest request;
    private final String cameraTitle;
    private final ExportRequests requests;
    private final ApproverFinger finger;
    private final Optional<FingerSimulator> simulator;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Consumer<ExportOrder> onApproved;
    private final Runnable onBack;
    private final StringProperty comment = new SimpleStringProperty("");
    private final BooleanProperty liftMasks = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper waitingForFinger = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper decided = new ReadOnlyBooleanWrapper();
    private volatile boolean active = true;
    private Choice choice;

    public ExportApprovalViewModel(Session screen, ExportRequest request, String cameraTitle, ExportRequests requests, ApproverFinger finger,
            Optional<FingerSimulator> simulator, TaskExecutor tasks, Messages messages, ZoneId zone, Consumer<ExportOrder> onApproved,
            Runnable onBack) {
        this.screen = screen;
        this.request = request;
        this.cameraTitle = cameraTitle;
        this.requests = requests;
        this.finger = finger;
        this.simulator = simulator;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onApproved = onApproved;
        this.onBack = onBack;
        showInfo(messages.get("export.approval.chooseFirst"));
    }

    public ExportRequest request() {
        return request;
    }

    public String cameraText() {
        return cameraTitle;
    }

    public String spanText() {
        return ExportTexts.span(request.span(), zone);
    }

    public String purposeText() {
        return request.purpose();
    }

    public String recipientText() {
        return ExportTexts.recipient(request.recipient(), messages);
    }

    public String requesterText() {
        return messages.get("export.approval.requestedBy", request.requesterName(), ExportTexts.time(request.requestedAt(), zone));
    }

    public String expiresText() {
        return messages.get("export.approval.expires", ExportTexts.time(request.expiresAt(), zone));
    }

    /// Approve (or deny) with the finger placed next; a denial needs a comment.
    public void choose(Choice chosen) {
        if (decided.get()) {
            return;
        }
        if (chosen == Choice.DENY && (comment.get() == null || comment.get().isBlank())) {
            showError(messages.get("export.approval.commentNeeded"));
            return;
        }
        choice = chosen;
        showInfo(messages.get("export.approval.placeFinger." + chosen.name()));
        if (!waitingForFinger.get()) {
            waitingForFinger.set(true);
            awaitFinger();
        }
    }

    /// Stops waiting for a finger (the approver changes their mind, or the screen is left).
    public void stopWaiting() {
        waitingForFinger.set(false);
        if (!decided.get()) {
            showInfo(messages.get("export.approval.chooseFirst"));
        }
    }

    public void deactivate() {
        active = false;
        waitingForFinger.set(false);
    }

    public void back() {
        deactivate();
        onBack.run();
    }

    private void awaitFinger() {
        if (!active || !waitingForFinger.get()) {
            return;
        }
        tasks.execute(() -> finger.await(WAIT_PER_ATTEMPT), placed -> {
            switch (placed) {
                case ApproverFinger.Placed.NoFinger() -> awaitFinger();
                case ApproverFinger.Placed.Unknown() -> {
                    showError(messages.get("export.approval.unknownFinger"));
                    awaitFinger();
                }
                case ApproverFinger.Placed.ReaderFault(String message) -> {
                    showError(messages.get("export.approval.readerFault", message));
                    awaitFinger();
                }
                case ApproverFinger.Placed.Identified(Person person) -> decide(person);
            }
        }, failure -> {
            showError(messages.get("export.failed", failure.getMessage()));
            awaitFinger();
        });
    }

    private void decide(Person person) {
        if (!active || !waitingForFinger.get()) {
            return;
        }
        Choice decision = choice;
        String said = comment.get();
        boolean lift = liftMasks.get();
        showInfo(messages.get("export.approval.deciding", person.displayName()));
        tasks.execute(() -> {
            if (decision == Choice.APPROVE) {
                return Optional.of(requests.approve(screen, request.id(), person, lift, said));
            }
            requests.deny(screen, request.id(), person, said);
            return Optional.<ExportOrder>empty();
        }, order -> {
            waitingForFinger.set(false);
            decided.set(true);
            if (order.isPresent()) {
                showInfo(messages.get("export.approval.approved", person.displayName()));
                active = false;
                onApproved.accept(order.get());
            } else {
                showInfo(messages.get("export.approval.denied", person.displayName()));
            }
        }, failure -> {
            switch (failure) {
                case ExportRefusedException refused -> {
                    String text = messages.get("export.approval.refusedFinger", person.displayName(), ExportTexts.refusal(refused, messages));
                    boolean another = refused.reason() == ExportRefusedException.Reason.SELF_APPROVAL
                            || refused.reason() == ExportRefusedException.Reason.POLICY
                            || refused.reason() == ExportRefusedException.Reason.MASKS_NOT_LIFTABLE;
                    if (another) {
                        showError(text + " " + messages.get("export.approval.anotherFinger"));
                        awaitFinger();
                    } else {
                        showError(text);
                        waitingForFinger.set(false);
                        decided.set(true);
                    }
                }
                case AuditUnavailableException unavailable -> {
                    showError(messages.get("export.auditUnavailable", unavailable.getMessage()));
                    waitingForFinger.set(false);
                }
                default -> {
                    showError(messages.get("export.failed", failure.getMessage()));
                    waitingForFinger.set(false);
                }
            }
        });
    }

    /// The fingers the demo panel offers; empty on real hardware.
    public List<SimulatedFinger> simulatedFingers() {
        return simulator.map(FingerSimulator::fingers).orElse(List.of());
    }

    public void place(SimulatedFinger placed) {
        simulator.ifPresent(reader -> reader.place(placed));
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public StringProperty commentProperty() {
        return comment;
    }

    public BooleanProperty liftMasksProperty() {
        return liftMasks;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty waitingForFingerProperty() {
        return waitingForFinger.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty decidedProperty() {
        return decided.getReadOnlyProperty();
    }
}
