package mamori.ui.login;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.identity.LoginAttempt;
import mamori.identity.LoginService;
import mamori.identity.PinStep;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The lock screen: says whose session is locked and waits for a finger. The same person's finger
/// unlocks; another person's logs them in and ends the locked session (the service records both).
public final class LockViewModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Session locked;
    private final LoginService login;
    private final Optional<FingerSimulator> simulator;
    private final Messages messages;
    private final ZoneId zone;
    private final Consumer<Session> onResumed;
    private final ReaderLoop loop;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    /// Where a finger that needs a PIN after it leads (the PIN pad); set by the navigation.
    private Consumer<PinStep> onPinRequired = step -> { };

    /// `onResumed` gets the session that goes on: the locked one, or the new person's.
    public LockViewModel(Session locked, LoginService login, Optional<FingerSimulator> simulator, TaskExecutor tasks, Messages messages,
            ZoneId zone, Consumer<Session> onResumed) {
        this.locked = locked;
        this.login = login;
        this.simulator = simulator;
        this.messages = messages;
        this.zone = zone;
        this.onResumed = onResumed;
        this.loop = new ReaderLoop(login, tasks, this::handle,
                failure -> showError(messages.get("login.readerFailed", failure.getMessage())));
        showInfo(messages.get("lock.waiting"));
    }

    public void activate() {
        loop.start();
    }

    public void deactivate() {
        loop.stop();
    }

    private boolean handle(LoginAttempt attempt) {
        switch (attempt) {
            case LoginAttempt.NoFinger() -> {
            }
            case LoginAttempt.Refused(LoginAttempt.Reason reason) -> showError(messages.get("login.refused." + reason.name()));
            case LoginAttempt.LockedOut(Instant until) -> showError(messages.get("login.lockedOut", TIME.format(until.atZone(zone))));
            case LoginAttempt.PinRequired(PinStep step) -> {
                onPinRequired.accept(step);
                return false;
            }
            case LoginAttempt.ReaderFailed(String message) -> showError(messages.get("login.readerFailed", message));
            case LoginAttempt.AuditFailed(String message) -> showError(messages.get("lock.auditFailed", message));
            case LoginAttempt.Unlocked(Session session) -> {
                onResumed.accept(session);
                return false;
            }
            case LoginAttempt.LoggedIn(Session session) -> {
                onResumed.accept(session);
                return false;
            }
        }
        return true;
    }

    /// Whose session is locked.
    public String lockedFor() {
        return messages.get("lock.who", locked.person().displayName(), messages.get("role." + locked.person().primaryRole().name()));
    }

    /// Since when they are logged in.
    public String since() {
        return messages.get("lock.since", TIME.format(locked.startedAt().atZone(zone)));
    }

    public String instruction() {
        return messages.get("lock.instruction", locked.person().displayName());
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public List<SimulatedFinger> simulatedFingers() {
        return simulator.map(FingerSimulator::fingers).orElse(List.of());
    }

    public boolean hasSimulator() {
        return simulator.isPresent();
    }

    public void place(SimulatedFinger finger) {
        simulator.ifPresent(reader -> reader.place(finger));
    }

    /// Where a finger that needs a PIN after it leads: the PIN pad for `step` (decision 0029).
    public void onPinRequired(Consumer<PinStep> action) {
        this.onPinRequired = action;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
