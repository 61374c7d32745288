package mamori.ui.login;

import java.time.Duration;
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
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The login screen: waits for a finger on the reader, one bounded wait after another, and says
/// what happened. On a match it hands the new session on and stops waiting.
public final class LoginViewModel {

    /// Each wait on the reader is this short so leaving the screen stops the loop promptly.
    private static final Duration WAIT_PER_ATTEMPT = Duration.ofMillis(500);

    private final LoginService login;
    private final Optional<FingerSimulator> simulator;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Consumer<Session> onLoggedIn;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    private volatile boolean waiting;
    /// Whether the last answer was a reader fault: the next answer from a working reader says so.
    private boolean readerLost;

    public LoginViewModel(LoginService login, Optional<FingerSimulator> simulator, TaskExecutor tasks, Messages messages,
            Consumer<Session> onLoggedIn) {
        this.login = login;
        this.simulator = simulator;
        this.tasks = tasks;
        this.messages = messages;
        this.onLoggedIn = onLoggedIn;
        showInfo(messages.get("login.waiting"));
    }

    /// Starts waiting for fingers (called when the screen is shown).
    public void activate() {
        if (!waiting) {
            waiting = true;
            awaitNext();
        }
    }

    /// Stops waiting (called when the screen is left).
    public void deactivate() {
        waiting = false;
    }

    private void awaitNext() {
        if (!waiting) {
            return;
        }
        tasks.execute(() -> login.awaitFinger(WAIT_PER_ATTEMPT), this::handle, failure -> {
            showError(messages.get("login.readerFailed", failure.getMessage()));
            awaitNext();
        });
    }

    private void handle(LoginAttempt attempt) {
        boolean wasLost = readerLost;
        readerLost = attempt instanceof LoginAttempt.ReaderFailed;
        switch (attempt) {
            case LoginAttempt.NoFinger() -> {
                if (wasLost) {
                    showInfo(messages.get("login.waiting"));
                }
            }
            case LoginAttempt.Refused(LoginAttempt.Reason reason) -> showError(messages.get("login.refused." + reason.name()));
            case LoginAttempt.ReaderFailed(String message) -> showError(messages.get("login.readerLost", message));
            case LoginAttempt.AuditFailed(String message) -> showError(messages.get("login.auditFailed", message));
            case LoginAttempt.LoggedIn(Session session) -> {
                waiting = false;
                showInfo(messages.get("login.welcome", session.person().displayName()));
                onLoggedIn.accept(session);
                return;
            }
        }
        awaitNext();
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

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
