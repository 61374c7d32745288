package mamori.ui.player;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// Drill-down from evidence (a line of a report, an entry of the audit log) into the player: is
/// there footage to replay, may this person view that camera now, and the replay itself. The
/// policy is asked off the UI thread; an answer for a candidate no longer selected is dropped.
public final class ReplayOffer {

    /// Asks whether the person may replay a camera's footage now (VIEW_RECORDINGS for it).
    public interface Check {
        boolean mayReplay(String cameraId) throws Exception;
    }

    /// What a drill-down replays: the camera, the span, and the purpose the PLAY records.
    public record Replay(String cameraId, Instant from, Instant to, String purpose) {
    }

    /// What the selection points at: a camera (id and name shown), the footage span if one was
    /// recorded, and the purpose a replay would record.
    public record Candidate(String cameraId, String cameraName, Optional<Instant> from, Optional<Instant> to, String purpose) {
    }

    private final TaskExecutor tasks;
    private final Messages messages;
    private final ReadOnlyBooleanWrapper offered = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper allowed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");
    private Check check;
    private Consumer<Replay> action = replay -> { };
    private Candidate selected;

    public ReplayOffer(TaskExecutor tasks, Messages messages) {
        this.tasks = tasks;
        this.messages = messages;
    }

    /// Turns the offer on: until then nothing can be replayed and the screen hides the button.
    public void offer(Check policy, Consumer<Replay> onReplay) {
        check = policy;
        action = onReplay;
        offered.set(true);
        select(selected);
    }

    /// A new selection (null for none): the button waits for the policy's answer.
    public void select(Candidate candidate) {
        selected = candidate;
        allowed.set(false);
        if (candidate == null || check == null) {
            hint.set("");
            return;
        }
        if (candidate.from().isEmpty()) {
            hint.set(messages.get("drillDown.noSpan"));
            return;
        }
        Check policy = check;
        tasks.execute(() -> policy.mayReplay(candidate.cameraId()), may -> {
            if (selected == candidate) {
                allowed.set(may);
                hint.set(may ? "" : messages.get("drillDown.notAllowed", candidate.cameraName()));
            }
        }, failure -> {
            if (selected == candidate) {
                hint.set(messages.get("drillDown.notAllowed", candidate.cameraName()));
            }
        });
    }

    /// Replays the selected footage, from its first to its last recorded moment.
    public void replay() {
        Candidate candidate = selected;
        if (candidate == null || !allowed.get()) {
            return;
        }
        Instant from = candidate.from().orElseThrow();
        action.accept(new Replay(candidate.cameraId(), from, candidate.to().orElse(from), candidate.purpose()));
    }

    public ReadOnlyBooleanProperty offeredProperty() {
        return offered.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty allowedProperty() {
        return allowed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }
}
