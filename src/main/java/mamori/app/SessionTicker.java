package mamori.app;

import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Scene;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TouchEvent;
import javafx.util.Duration;
import mamori.identity.LoginService;
import mamori.identity.SessionChange;
import mamori.ui.TaskExecutor;

/// Tells the login service about the person's input (keys, mouse, touch anywhere on the stage) and
/// has it apply the session limits once a second; a change (locked, ended) goes to the window.
final class SessionTicker {

    private final LoginService login;
    private final TaskExecutor tasks;
    private final Consumer<SessionChange> onChange;
    private final Timeline timeline;
    private boolean checking;

    SessionTicker(LoginService login, TaskExecutor tasks, Consumer<SessionChange> onChange) {
        this.login = login;
        this.tasks = tasks;
        this.onChange = onChange;
        this.timeline = new Timeline(new KeyFrame(Duration.seconds(1), event -> check()));
        timeline.setCycleCount(Timeline.INDEFINITE);
    }

    void start(Scene scene) {
        // Only what a person does counts: JavaFX also sends synthetic enter/exit events when a moving
        // picture or watermark changes the node under a resting pointer, which must not keep a session awake.
        for (var type : java.util.List.of(KeyEvent.KEY_PRESSED, MouseEvent.MOUSE_MOVED, MouseEvent.MOUSE_PRESSED,
                MouseEvent.MOUSE_DRAGGED, ScrollEvent.SCROLL, TouchEvent.TOUCH_PRESSED, TouchEvent.TOUCH_MOVED)) {
            scene.addEventFilter(type, event -> login.reportActivity());
        }
        timeline.play();
    }

    void stop() {
        timeline.stop();
    }

    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        tasks.execute(login::enforceLimits, change -> {
            checking = false;
            onChange.accept(change);
        }, failure -> {
            // The lock or logout could not be recorded, so it did not happen; the next tick tries again
            // (and nothing can be played meanwhile: playback needs the log too).
            checking = false;
        });
    }
}
