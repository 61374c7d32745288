package mamori.ui.pin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import mamori.identity.LoginAttempt;
import mamori.identity.LoginService;
import mamori.identity.PinStep;
import mamori.identity.Session;
import mamori.pin.PinRules;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The PIN pad of a login: after a finger (at the login or the lock screen), or for a PIN alone with
/// the person's id. It has a time limit ([LoginService#PIN_TIME_LIMIT]); when it passes, the step is
/// recorded as abandoned and the screen goes back. A wrong PIN says so and clears the pad.
public final class PinLoginViewModel {

    private final LoginService login;
    private final Optional<PinStep> step;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Clock clock;
    private final Consumer<Session> onLoggedIn;
    private final Consumer<String> onBack;
    private final PinDigits digits = new PinDigits();
    private final StringProperty personId = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper timeLeft = new ReadOnlyStringWrapper();
    private Instant deadline;

    /// The pad after a finger: `step` from the login service; `onBack` gets the notice to show where it returns.
    public static PinLoginViewModel afterFinger(PinStep step, LoginService login, TaskExecutor tasks, Messages messages, Clock clock,
            Consumer<Session> onLoggedIn, Consumer<String> onBack) {
        return new PinLoginViewModel(Optional.of(step), login, tasks, messages, clock, onLoggedIn, onBack);
    }

    /// The pad for a person allowed to log in with a PIN instead of a finger.
    public static PinLoginViewModel pinAlone(LoginService login, TaskExecutor tasks, Messages messages, Clock clock,
            Consumer<Session> onLoggedIn, Consumer<String> onBack) {
        return new PinLoginViewModel(Optional.empty(), login, tasks, messages, clock, onLoggedIn, onBack);
    }

    private PinLoginViewModel(Optional<PinStep> step, LoginService login, TaskExecutor tasks, Messages messages, Clock clock,
            Consumer<Session> onLoggedIn, Consumer<String> onBack) {
        this.step = step;
        this.login = login;
        this.tasks = tasks;
        this.messages = messages;
        this.clock = clock;
        this.onLoggedIn = onLoggedIn;
        this.onBack = onBack;
        this.deadline = step.map(PinStep::expiresAt).orElseGet(() -> clock.instant().plus(LoginService.PIN_TIME_LIMIT));
        showInfo(step.map(s -> messages.get(s.unlocks() ? "pin.pad.unlockWho" : "pin.pad.who", s.person().displayName()))
                .orElseGet(() -> messages.get("pin.pad.aloneInstruction")));
        tick();
    }

    public boolean asksPersonId() {
        return step.isEmpty();
    }

    public String title() {
        return messages.get(step.isPresent() ? "pin.pad.title" : "pin.pad.aloneTitle");
    }

    public void digit(char digit) {
        if (!busy.get() && !finished.get()) {
            digits.add(digit);
        }
    }

    public void eraseOne() {
        if (!busy.get()) {
            digits.eraseOne();
        }
    }

    /// Checks the PIN typed (slow on purpose, so off the UI thread).
    public void submit() {
        if (busy.get() || finished.get()) {
            return;
        }
        if (digits.countProperty().get() < PinRules.SHORTEST) {
            showError(messages.get("pin.problem.LENGTH"));
            return;
        }
        char[] pin = digits.take();
        String id = personId.get().strip();
        busy.set(true);
        showInfo(messages.get("pin.pad.checking"));
        tasks.execute(() -> {
            try {
                return step.isPresent() ? login.completeWithPin(step.get(), pin) : login.loginWithPinAlone(id, pin);
            } finally {
                Arrays.fill(pin, '\0');
            }
        }, this::answered, failure -> {
            busy.set(false);
            showError(messages.get("pin.pad.failed", failure.getMessage()));
        });
    }

    private void answered(LoginAttempt attempt) {
        busy.set(false);
        switch (attempt) {
            case LoginAttempt.LoggedIn(Session session) -> done(() -> onLoggedIn.accept(session));
            case LoginAttempt.Unlocked(Session session) -> done(() -> onLoggedIn.accept(session));
            case LoginAttempt.LockedOut(Instant until) -> done(() -> onBack.accept(""));
            case LoginAttempt.Refused(LoginAttempt.Reason reason) -> refused(reason);
            case LoginAttempt.AuditFailed(String message) -> showError(messages.get("pin.pad.auditFailed", message));
            case LoginAttempt.ReaderFailed(String message) -> showError(messages.get("pin.pad.failed", message));
            case LoginAttempt.PinRequired(PinStep ignored) -> showError(messages.get("pin.pad.failed", "unexpected"));
            case LoginAttempt.NoFinger() -> showError(messages.get("pin.pad.failed", "unexpected"));
        }
    }

    private void refused(LoginAttempt.Reason reason) {
        switch (reason) {
            case WRONG_PIN, PIN_ALONE_NOT_ALLOWED, UNKNOWN_FINGER -> {
                showError(messages.get(step.isPresent() ? "pin.pad.wrong" : "pin.pad.aloneRefused"));
                if (step.isEmpty()) {
                    deadline = clock.instant().plus(LoginService.PIN_TIME_LIMIT);
                }
            }
            case INACTIVE_PERSON -> showError(messages.get(step.isPresent() ? "pin.pad.inactive" : "pin.pad.aloneRefused"));
            case TERMINAL_NOT_REGISTERED -> showError(messages.get("pin.pad.notRegistered"));
            case PIN_TIMED_OUT -> done(() -> onBack.accept(messages.get(step.isPresent() ? "pin.pad.timedOut" : "pin.pad.aloneTimedOut")));
        }
    }

    /// Called about once a second by the screen: counts down and ends the step when its time is up.
    public void tick() {
        if (finished.get()) {
            return;
        }
        long seconds = Math.max(0, Duration.between(clock.instant(), deadline).toSeconds());
        timeLeft.set(messages.get("pin.pad.timeLeft", seconds));
        if (seconds == 0 && !busy.get()) {
            leave(messages.get(step.isPresent() ? "pin.pad.timedOut" : "pin.pad.aloneTimedOut"));
        }
    }

    /// The person went back without a PIN: the step ends (recorded as abandoned).
    public void back() {
        if (!busy.get()) {
            leave("");
        }
    }

    private void leave(String notice) {
        digits.clear();
        finished.set(true);
        step.ifPresentOrElse(open -> tasks.execute(() -> login.abandonPin(open), recorded -> onBack.accept(notice),
                failure -> onBack.accept(notice)), () -> onBack.accept(notice));
    }

    private void done(Runnable next) {
        digits.clear();
        finished.set(true);
        next.run();
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public StringProperty personIdProperty() {
        return personId;
    }

    public ReadOnlyStringProperty maskedProperty() {
        return digits.maskedProperty();
    }

    public ReadOnlyIntegerProperty digitCountProperty() {
        return digits.countProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /// True once the screen is done (logged in, gone back, timed out): its timer stops.
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeLeftProperty() {
        return timeLeft.getReadOnlyProperty();
    }
}
