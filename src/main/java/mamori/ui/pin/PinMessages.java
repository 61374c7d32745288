package mamori.ui.pin;

import mamori.pin.PinRefusedException;
import mamori.ui.Messages;

/// The text of a refused PIN change.
final class PinMessages {

    private PinMessages() {
    }

    static String refusal(PinRefusedException refused, Messages messages) {
        return switch (refused.reason()) {
            case RULE -> messages.get("pin.problem." + refused.problem().map(Enum::name).orElse("LENGTH"));
            case REPEAT_DIFFERS, UNKNOWN_PERSON, OWN_ALLOWANCE, NO_REASON_GIVEN, NOT_PERMITTED ->
                    messages.get("pin.refused." + refused.reason().name());
        };
    }
}
