package mamori.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/// AES-GCM with a 128-bit tag and a random 96-bit nonce per value (NIST SP 800-38D): small
/// secrets sealed at rest under a key of the [KeyVault]. The associated data binds a value to its
/// place, so a sealed value moved elsewhere does not open.
public final class AesGcm {

    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private AesGcm() {
    }

    /// A sealed value: the nonce and the ciphertext with its tag appended.
    public record Sealed(byte[] nonce, byte[] ciphertext) {

        public Sealed {
            if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
                throw new IllegalArgumentException("Not an AES-GCM sealed value");
            }
            nonce = nonce.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }
    }

    public static Sealed seal(SecretKey key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return seal(key, nonce, plaintext, associatedData);
    }

    /// With a given nonce: for the published test vectors only; a nonce must never repeat under one key.
    static Sealed seal(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return new Sealed(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by the Java platform: " + e.getMessage(), e);
        }
    }

    /// The plaintext; throws when the tag does not match (wrong key, wrong associated data, or a
    /// changed nonce or ciphertext). The caller wipes the returned array when done with it.
    public static byte[] open(SecretKey key, Sealed sealed, byte[] associatedData) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed.ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by the Java platform: " + e.getMessage(), e);
        }
    }
}
