package mamori.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginScreenWaitTest {

    @Test
    void returnsOnceTheLoginScreenIsShownFromAnotherThread() throws Exception {
        LoginScreenWait wait = new LoginScreenWait();
        Thread.ofPlatform().start(wait::loginScreenShown);
        assertDoesNotThrow(() -> wait.await(Duration.ofSeconds(10)));
    }

    @Test
    void aFailedStartIsThrownWithItsReason() {
        LoginScreenWait wait = new LoginScreenWait();
        wait.failed("the database is locked");
        var thrown = assertThrows(IllegalStateException.class, () -> wait.await(Duration.ofSeconds(10)));
        assertTrue(thrown.getMessage().contains("the database is locked"), thrown.getMessage());
    }

    @Test
    void noAnswerIsThrownAfterTheTimeout() {
        LoginScreenWait wait = new LoginScreenWait();
        var thrown = assertThrows(IllegalStateException.class, () -> wait.await(Duration.ofMillis(50)));
        assertTrue(thrown.getMessage().contains("within"), thrown.getMessage());
    }
}
