package mamori.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    private static final HexFormat HEX = HexFormat.of();

    /// McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test case 16: AES-256, a
    /// 96-bit IV, 60 bytes of plaintext and 20 bytes of associated data.
    @Test
    void sealsThePublishedTestCase16() throws Exception {
        SecretKey key = new SecretKeySpec(HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"), "AES");
        byte[] nonce = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] plain = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");

        AesGcm.Sealed sealed = AesGcm.seal(key, nonce, plain, aad);

        assertEquals("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b",
                HEX.formatHex(sealed.ciphertext()));
        assertArrayEquals(plain, AesGcm.open(key, sealed, aad));
    }

    @Test
    void aValueOpensOnlyWithItsKeyItsAssociatedDataAndUnchanged() throws Exception {
        SecretKey key = new SecretKeySpec(new byte[32], "AES");
        byte[] aad = "camera cam-1".getBytes(StandardCharsets.UTF_8);
        AesGcm.Sealed sealed = AesGcm.seal(key, "pw".getBytes(StandardCharsets.UTF_8), aad, new SecureRandom());

        assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, sealed, "camera cam-2".getBytes(StandardCharsets.UTF_8)));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(new SecretKeySpec(otherKey, "AES"), sealed, aad));
        byte[] flipped = sealed.ciphertext();
        flipped[0] ^= 1;
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, new AesGcm.Sealed(sealed.nonce(), flipped), aad));
        byte[] otherNonce = sealed.nonce();
        otherNonce[11] ^= 1;
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, new AesGcm.Sealed(otherNonce, sealed.ciphertext()), aad));
    }

    @Test
    void everySealingTakesAFreshNonce() {
        SecretKey key = new SecretKeySpec(new byte[32], "AES");
        SecureRandom random = new SecureRandom();
        AesGcm.Sealed first = AesGcm.seal(key, new byte[4], new byte[0], random);
        AesGcm.Sealed second = AesGcm.seal(key, new byte[4], new byte[0], random);
        assertFalse(Arrays.equals(first.nonce(), second.nonce()));
        assertFalse(Arrays.equals(first.ciphertext(), second.ciphertext()));
    }
}
