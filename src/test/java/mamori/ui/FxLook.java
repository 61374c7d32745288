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
        if (Platform.isFxApplicationThread()) {
            return robot.lookup(query).tryQuery().isPresent();
        }
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).tryQuery().isPresent()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("looking up " + query + ": " + e.getMessage(), e);
        }
    }
}
