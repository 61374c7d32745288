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

/// The login screen: waits for a finger on the reader, one bounded wait after another, and says
/// what happened (including a lockout of the terminal). On a match it hands the new session on and
/// stops waiting.
public final class LoginViewModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final LoginService login;
    private final Optional<FingerSimulator> simulator;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Consumer<Session> onLoggedIn;
    private final ReaderLoop loop;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    /// Where a finger that needs a PIN after it leads (the PIN pad); set by the navigation.
    private Consumer<PinStep> onPinRequired = step -> { };
    private java.util.Optional<Runnable> onPinAlone = java.util.Optional.empty();
    /// Whether the last answer was a reader fault: the next answer from a working reader says so.
    private boolean readerLost;

    public LoginViewModel(LoginService login, Optional<FingerSimulator> simulator, TaskExecutor tasks, Messages messages, ZoneId zone,
            Consumer<Session> onLoggedIn) {
        this.login = login;
        this.simulator = simulator;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onLoggedIn = onLoggedIn;
        this.loop = new ReaderLoop(login, tasks, this::handle,
                failure -> showError(messages.get("login.readerFailed", failure.getMessage())));
        showInfo(messages.get("login.waiting"));
    }

    /// Starts waiting for fingers (called when the screen is shown); says so first if the terminal is locked out.
    public void activate() {
        tasks.execute(login::lockedOutUntil, until -> until.ifPresent(this::showLockedOut),
                failure -> showError(messages.get("login.auditFailed", failure.getMessage())));
        loop.start();
    }

    /// Stops waiting (called when the screen is left).
    public void deactivate() {
        loop.stop();
    }

    /// Why the kiosk came back to this screen (a session ended without its person asking).
    public void showNotice(String text) {
        showInfo(text);
    }

    private boolean handle(LoginAttempt attempt) {
        boolean wasLost = readerLost;
        readerLost = attempt instanceof LoginAttempt.ReaderFailed;
        switch (attempt) {
            case LoginAttempt.NoFinger() -> {
                if (wasLost) {
                    showInfo(messages.get("login.waiting"));
                }
            }
            case LoginAttempt.Refused(LoginAttempt.Reason reason) -> showError(messages.get("login.refused." + reason.name()));
            case LoginAttempt.LockedOut(Instant until) -> showLockedOut(until);
            case LoginAttempt.PinRequired(PinStep step) -> {
                onPinRequired.accept(step);
                return false;
            }
            case LoginAttempt.ReaderFailed(String message) -> showError(messages.get("login.readerLost", message));
            case LoginAttempt.AuditFailed(String message) -> showError(messages.get("login.auditFailed", message));
            case LoginAttempt.LoggedIn(Session session) -> {
                return loggedIn(session);
            }
            case LoginAttempt.Unlocked(Session session) -> {
                return loggedIn(session);
            }
        }
        return true;
    }

    private boolean loggedIn(Session session) {
        showInfo(messages.get("login.welcome", session.person().displayName()));
        onLoggedIn.accept(session);
        return false;
    }

    private void showLockedOut(Instant until) {
        showError(messages.get("login.lockedOut", TIME.format(until.atZone(zone))));
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public String readerModel() {
        return login.readerModel();
    }

    /// The fingers the demo panel offers; empty on real hardware.
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

    /// Where "log in with a PIN" leads (people allowed a PIN instead of a finger); without it the button is hidden.
    public void onPinAlone(Runnable action) {
        this.onPinAlone = java.util.Optional.of(action);
    }

    public boolean offersPinAlone() {
        return onPinAlone.isPresent();
    }

    public void openPinAlone() {
        onPinAlone.ifPresent(action -> {
            loop.stop();
            action.run();
        });
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
