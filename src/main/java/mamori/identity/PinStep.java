package mamori.identity;

import java.time.Instant;

/// A finger identified `person`, who must now enter their PIN before `expiresAt`; until then no
/// session exists and no `LOGIN` is written. `unlocks` says whether the PIN resumes the locked
/// session of the same person rather than starting a new one.
public record PinStep(String id, Person person, boolean unlocks, Instant expiresAt, int templateId, int score) {
}
