package mamori.pin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PinHashTest {

    /// A cheap cost so the test runs fast; the algorithm is the same.
    private static final Argon2Cost CHEAP = new Argon2Cost(64, 1, 1);

    @Test
    void theCurrentCostGivesTheReferenceImplementationsAnswer() {
        // From the Argon2 reference implementation (Debian's argon2 CLI):
        // printf 4821 | argon2 mamori-pin-salt! -id -t 2 -k 19456 -p 1 -l 32 -r
        byte[] salt = "mamori-pin-salt!".getBytes(StandardCharsets.US_ASCII);
        assertEquals("33bb384e58c5d14bd752f6585a0ce2f214477322de53936d5d7d5640e91435d6",
                HexFormat.of().formatHex(PinHash.derive("4821".toCharArray(), salt, Argon2Cost.CURRENT)));
    }

    @Test
    void onlyTheSamePinMatchesAndEachHashHasItsOwnSalt() {
        SecureRandom random = new SecureRandom();
        PinHash first = PinHash.of("4821".toCharArray(), CHEAP, random);
        PinHash second = PinHash.of("4821".toCharArray(), CHEAP, random);
        assertTrue(first.matches("4821".toCharArray()));
        assertFalse(first.matches("4822".toCharArray()));
        assertFalse(first.matches("48210".toCharArray()));
        assertFalse(first.matches(new char[0]));
        assertNotEquals(HexFormat.of().formatHex(first.salt()), HexFormat.of().formatHex(second.salt()));
        assertNotEquals(HexFormat.of().formatHex(first.hash()), HexFormat.of().formatHex(second.hash()));
        assertEquals(CHEAP, first.cost());
        PinHash stored = new PinHash(first.salt(), first.hash(), first.cost());
        assertTrue(stored.matches("4821".toCharArray()), "a hash read back from its row still checks");
        assertFalse(first.toString().contains(HexFormat.of().formatHex(first.hash())), "no hash in log lines");
    }

    @Test
    void theStoredBytesCannotBeChangedFromOutside() {
        PinHash hash = PinHash.of("4821".toCharArray(), CHEAP, new SecureRandom());
        byte[] copy = hash.hash();
        copy[0] ^= 1;
        assertTrue(hash.matches("4821".toCharArray()));
        assertArrayEquals(hash.hash(), hash.hash());
    }

    @Test
    void costsOutOfBoundsAndMalformedRowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(19_456, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PinHash(new byte[8], new byte[32], CHEAP));
        assertThrows(IllegalArgumentException.class, () -> new PinHash(new byte[16], new byte[31], CHEAP));
    }
}
