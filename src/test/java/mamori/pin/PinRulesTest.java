package mamori.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PinRulesTest {

    private static Optional<PinRules.Problem> problem(String pin) {
        return PinRules.problem(pin.toCharArray());
    }

    @Test
    void fourToEightDigitsThatAreNotTheFirstGuessesAreAccepted() {
        for (String pin : new String[] {"4821", "1357", "00112233", "1231", "90817", "2468", "1243"}) {
            assertEquals(Optional.empty(), problem(pin), pin);
        }
    }

    @Test
    void lengthDigitsRepeatsAndRunsAreRefused() {
        assertEquals(Optional.of(PinRules.Problem.LENGTH), problem("482"));
        assertEquals(Optional.of(PinRules.Problem.LENGTH), problem("482194821"));
        assertEquals(Optional.of(PinRules.Problem.LENGTH), problem(""));
        assertEquals(Optional.of(PinRules.Problem.NOT_DIGITS), problem("48a1"));
        assertEquals(Optional.of(PinRules.Problem.NOT_DIGITS), problem("４８２１"), "full-width digits are not ASCII digits");
        assertEquals(Optional.of(PinRules.Problem.SAME_DIGIT), problem("0000"));
        assertEquals(Optional.of(PinRules.Problem.SAME_DIGIT), problem("77777777"));
        assertEquals(Optional.of(PinRules.Problem.RUN), problem("1234"));
        assertEquals(Optional.of(PinRules.Problem.RUN), problem("0123456"));
        assertEquals(Optional.of(PinRules.Problem.RUN), problem("9876"));
        assertEquals(Optional.of(PinRules.Problem.RUN), problem("43210"));
    }
}
