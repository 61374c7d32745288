package mamori.ui.pin;

import java.util.Arrays;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Session;
import mamori.pin.PinCheck;
import mamori.pin.PinRefusedException;
import mamori.pin.PinRules;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// Setting one's own PIN: typed once, then again; the rules are checked before the second entry.
/// When the person's role requires a PIN and they have none (`required`), the only other way out is
/// to log out; otherwise they may go back.
public final class PinSetViewModel {

    private final Session session;
    private final PinCheck pins;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final boolean required;
    private final Runnable onDone;
    private final Runnable onLeave;
    private final PinDigits digits = new PinDigits();
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private char[] first;

    /// `onDone` runs once the PIN is set and recorded; `onLeave` when the person leaves without one
    /// (back to the home screen, or the logout when `required`).
    public PinSetViewModel(Session session, PinCheck pins, TaskExecutor tasks, Messages messages, boolean required, Runnable onDone,
            Runnable onLeave) {
        this.session = session;
        this.pins = pins;
        this.tasks = tasks;
        this.messages = messages;
        this.required = required;
        this.onDone = onDone;
        this.onLeave = onLeave;
        step.set(messages.get("pin.set.first"));
    }

    public String explanation() {
        return messages.get(required ? "pin.set.required" : "pin.set.optional");
    }

    public String leaveLabel() {
        return messages.get(required ? "pin.set.logout" : "pin.pad.back");
    }

    public void digit(char digit) {
        if (!busy.get()) {
            digits.add(digit);
        }
    }

    public void eraseOne() {
        if (!busy.get()) {
            digits.eraseOne();
        }
    }

    public void submit() {
        if (busy.get()) {
            return;
        }
        char[] typed = digits.take();
        if (first == null) {
            Optional<PinRules.Problem> problem = PinRules.problem(typed);
            if (problem.isPresent()) {
                Arrays.fill(typed, '\0');
                showError(messages.get("pin.problem." + problem.get().name()));
                return;
            }
            first = typed;
            step.set(messages.get("pin.set.repeat"));
            showInfo("");
            return;
        }
        char[] pin = first;
        first = null;
        busy.set(true);
        showInfo(messages.get("pin.set.saving"));
        tasks.execute(() -> {
            pins.setOwnPin(session, pin, typed);
            return null;
        }, done -> {
            busy.set(false);
            onDone.run();
        }, failure -> {
            busy.set(false);
            step.set(messages.get("pin.set.first"));
            showError(switch (failure) {
                case PinRefusedException refused -> PinMessages.refusal(refused, messages);
                case AuditUnavailableException unavailable -> messages.get("pin.auditFailed", unavailable.getMessage());
                default -> messages.get("pin.failed", failure.getMessage());
            });
        });
    }

    public void leave() {
        if (!busy.get()) {
            digits.clear();
            if (first != null) {
                Arrays.fill(first, '\0');
                first = null;
            }
            onLeave.run();
        }
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public ReadOnlyStringProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty maskedProperty() {
        return digits.maskedProperty();
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
}
