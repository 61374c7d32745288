package mamori.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/// The plaintext header block at the start of every `mamorixts` file, and the derivation of the
/// file's XTS keys from the directory's master key and the header's salt.
///
/// Layout (all other bytes zero, reserved):
///
/// | offset | length | content                                                           |
/// |--------|--------|-------------------------------------------------------------------|
/// | 0      | 21     | `MAMORI-XTS-AES-256 v1` (ASCII)                                   |
/// | 32     | 16     | random salt, fresh for every file                                 |
/// | 48     | 16     | key check: HMAC-SHA256(check key, bytes 0..47), first 16 bytes    |
///
/// The salt makes every file's keys distinct even under one master key, so equal plaintext
/// sectors in two files (or in a file and its compacted copy) never give equal ciphertext. The
/// key check turns a wrong key into a clear error instead of H2 parsing decrypted garbage.
final class XtsAesHeader {

    /// The header occupies one whole sector so that data sectors stay aligned on disk.
    static final int LENGTH = 4096;

    static final String MAGIC_TEXT = "MAMORI-XTS-AES-256 v1";
    private static final byte[] MAGIC = MAGIC_TEXT.getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC_FIELD = 32;
    private static final int SALT_OFFSET = 32;
    private static final int SALT_LENGTH = 16;
    private static final int CHECK_OFFSET = 48;
    private static final int CHECK_LENGTH = 16;

    static final int MASTER_KEY_LENGTH = 32;

    // Distinct HKDF "info" labels (RFC 5869 §3.2) keep the three derived keys independent.
    private static final byte[] DATA_LABEL = label("data key");
    private static final byte[] TWEAK_LABEL = label("tweak key");
    private static final byte[] CHECK_LABEL = label("key check");

    private static final SecureRandom RANDOM = new SecureRandom();

    private XtsAesHeader() {
    }

    /// The two XTS keys of one file: Key1 encrypts data, Key2 encrypts tweaks (IEEE 1619 §5.1).
    record Keys(byte[] dataKey, byte[] tweakKey) {
        void wipe() {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(tweakKey, (byte) 0);
        }
    }

    /// A fresh header (new random salt) for `masterKey`, and the keys it implies.
    record Created(byte[] header, Keys keys) {
    }

    static Created create(byte[] masterKey) throws IOException {
        byte[] header = new byte[LENGTH];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        System.arraycopy(salt, 0, header, SALT_OFFSET, SALT_LENGTH);
        byte[] prk = extract(salt, masterKey);
        try {
            byte[] check = keyCheck(prk, header);
            System.arraycopy(check, 0, header, CHECK_OFFSET, CHECK_LENGTH);
            return new Created(header, deriveKeys(prk));
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /// Validates an existing header against `masterKey` and returns the file's keys.
    ///
    /// @throws IOException naming `file` when the header is not ours or the key does not fit
    static Keys open(byte[] header, byte[] masterKey, String file) throws IOException {
        if (header.length < LENGTH || !isMagic(header)) {
            throw new IOException(file + ": not a Mamori encrypted file (no " + MAGIC_TEXT + " header)");
        }
        byte[] salt = Arrays.copyOfRange(header, SALT_OFFSET, SALT_OFFSET + SALT_LENGTH);
        byte[] prk = extract(salt, masterKey);
        try {
            byte[] expected = keyCheck(prk, header);
            byte[] stored = Arrays.copyOfRange(header, CHECK_OFFSET, CHECK_OFFSET + CHECK_LENGTH);
            // Constant-time comparison: the check value must not leak through timing.
            if (!MessageDigest.isEqual(expected, stored)) {
                throw new IOException(file + ": wrong key or not a Mamori encrypted file (key check failed)");
            }
            return deriveKeys(prk);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /// True when `header` starts with the magic field (text, zero padded to 32 bytes).
    static boolean isMagic(byte[] header) {
        if (header.length < MAGIC_FIELD || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return false;
        }
        for (int i = MAGIC.length; i < MAGIC_FIELD; i++) {
            if (header[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Keys deriveKeys(byte[] prk) throws IOException {
        byte[] dataKey = expand(prk, DATA_LABEL);
        byte[] tweakKey = expand(prk, TWEAK_LABEL);
        // FIPS 140-3 IG C.I requires Key1 != Key2 for XTS-AES; independent HKDF outputs differ
        // except with negligible probability, but the check is cheap and makes the rule explicit.
        if (MessageDigest.isEqual(dataKey, tweakKey)) {
            throw new IOException("derived XTS keys are equal; refusing to use them");
        }
        return new Keys(dataKey, tweakKey);
    }

    private static byte[] keyCheck(byte[] prk, byte[] header) throws IOException {
        byte[] checkKey = expand(prk, CHECK_LABEL);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(checkKey, "HmacSHA256"));
            mac.update(header, 0, CHECK_OFFSET);
            return Arrays.copyOf(mac.doFinal(), CHECK_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IOException("HmacSHA256 unavailable", e);
        } finally {
            Arrays.fill(checkKey, (byte) 0);
        }
    }

    /// HKDF-Extract (RFC 5869 §2.2): PRK = HMAC-SHA256(salt, master key).
    private static byte[] extract(byte[] salt, byte[] masterKey) throws IOException {
        return hmac(salt, masterKey);
    }

    /// HKDF-Expand (RFC 5869 §2.3) for L = 32 = HashLen, i.e. the single block
    /// T(1) = HMAC-SHA256(PRK, info || 0x01).
    private static byte[] expand(byte[] prk, byte[] info) throws IOException {
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return hmac(prk, input);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IOException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] label(String purpose) {
        return ("mamori " + MAGIC_TEXT + " " + purpose).getBytes(StandardCharsets.US_ASCII);
    }
}
