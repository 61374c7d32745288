package mamori.playback;

import java.time.Instant;
import mamori.policy.Decision;

/// Asks the policy whether this person may go on viewing this camera's recordings at an instant.
@FunctionalInterface
public interface ViewingCheck {

    Decision decide(Instant at) throws Exception;
}
