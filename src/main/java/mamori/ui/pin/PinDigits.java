package mamori.ui.pin;

import java.util.Arrays;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.pin.PinRules;

/// The digits typed on a PIN pad: at most [PinRules#LONGEST], shown only as dots.
final class PinDigits {

    private final char[] digits = new char[PinRules.LONGEST];
    private int length;
    private final ReadOnlyStringWrapper masked = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper();

    void add(char digit) {
        if (digit >= '0' && digit <= '9' && length < digits.length) {
            digits[length++] = digit;
            changed();
        }
    }

    void eraseOne() {
        if (length > 0) {
            digits[--length] = '\0';
            changed();
        }
    }

    /// The digits typed, handed over (the caller wipes the copy) and cleared here.
    char[] take() {
        char[] taken = Arrays.copyOf(digits, length);
        clear();
        return taken;
    }

    void clear() {
        Arrays.fill(digits, '\0');
        length = 0;
        changed();
    }

    private void changed() {
        masked.set("●".repeat(length));
        count.set(length);
    }

    ReadOnlyStringProperty maskedProperty() {
        return masked.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty countProperty() {
        return count.getReadOnlyProperty();
    }
}
