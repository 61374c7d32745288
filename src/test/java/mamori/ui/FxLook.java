package mamori.ui;

import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/// Looks at the scene on the FX thread. A TestFX lookup from the test's thread walks the scene
/// graph while the FX thread may be changing it (a new screen shown), which fails now and then
/// with an IndexOutOfBoundsException inside `Parent.lookupAll`.
final class FxLook {

    private FxLook() {
    }

    static boolean present(FxRobot robot, String query) {
        return onFxThread(() -> robot.lookup(query).tryQuery().isPresent());
    }

    /// Runs `look` (lookups, reading what nodes show) on the FX thread and returns its answer.
    static <T> T onFxThread(java.util.concurrent.Callable<T> look) {
        try {
            return Platform.isFxApplicationThread() ? look.call() : WaitForAsyncUtils.asyncFx(look).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("looking at the scene: " + e.getMessage(), e);
        }
    }
}
