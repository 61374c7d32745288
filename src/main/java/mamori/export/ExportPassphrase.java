package mamori.export;

import java.security.SecureRandom;

/// The passphrase of a package: 5 groups of 4 characters from a 32-character alphabet without
/// look-alikes (digits 2-9, letters without I and O), separated by hyphens: 100 random bits, easy to read aloud and
/// type into 7-Zip. Made from [SecureRandom], returned as `char[]` so the caller can wipe it.
public final class ExportPassphrase {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final int GROUPS = 5;
    private static final int GROUP_LENGTH = 4;

    private ExportPassphrase() {
    }

    /// A new passphrase, e.g. `7KQM-X3TD-...` (5 bits per character, 100 bits in all).
    public static char[] generate(SecureRandom random) {
        char[] passphrase = new char[GROUPS * GROUP_LENGTH + GROUPS - 1];
        int at = 0;
        for (int group = 0; group < GROUPS; group++) {
            if (group > 0) {
                passphrase[at++] = '-';
            }
            for (int i = 0; i < GROUP_LENGTH; i++) {
                passphrase[at++] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
        }
        return passphrase;
    }
}
