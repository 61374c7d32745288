package mamori.pin;

import java.util.Optional;

/// What a PIN may be: 4 to 8 digits, not all the same digit and not a run up or down by one
/// (`1234`, `9876`, `0123`), the first guesses of anyone trying.
public final class PinRules {

    public static final int SHORTEST = 4;
    public static final int LONGEST = 8;

    /// Why a PIN is refused.
    public enum Problem {
        LENGTH,
        NOT_DIGITS,
        SAME_DIGIT,
        RUN
    }

    private PinRules() {
    }

    /// The first rule `pin` breaks; empty when it may be used.
    public static Optional<Problem> problem(char[] pin) {
        if (pin.length < SHORTEST || pin.length > LONGEST) {
            return Optional.of(Problem.LENGTH);
        }
        for (char c : pin) {
            if (c < '0' || c > '9') {
                return Optional.of(Problem.NOT_DIGITS);
            }
        }
        if (allSteps(pin, 0)) {
            return Optional.of(Problem.SAME_DIGIT);
        }
        if (allSteps(pin, 1) || allSteps(pin, -1)) {
            return Optional.of(Problem.RUN);
        }
        return Optional.empty();
    }

    private static boolean allSteps(char[] pin, int step) {
        for (int i = 1; i < pin.length; i++) {
            if (pin[i] - pin[i - 1] != step) {
                return false;
            }
        }
        return true;
    }
}
