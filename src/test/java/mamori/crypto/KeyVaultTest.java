package mamori.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {

    @TempDir
    Path dir;

    private KeyVault open(Optional<String> password) throws KeyVaultException {
        return KeyVault.openOrCreate(dir.resolve("keys/terminal.p12"), dir.resolve("keys/terminal.p12.pin"), password,
                new SecureRandom(), Clock.systemUTC());
    }

    @Test
    void aSecretIsMadeOnceAndReadBackAfterReopening() throws Exception {
        byte[] first = open(Optional.empty()).secretKey("h2-file-key").getEncoded();
        byte[] again = open(Optional.empty()).secretKey("h2-file-key").getEncoded();
        assertEquals(32, first.length);
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, open(Optional.empty()).secretKey("other").getEncoded()));
    }

    @Test
    void keyStoreAndPasswordFileAreOwnerOnly() throws Exception {
        open(Optional.empty()).secretKey("h2-file-key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/terminal.p12"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/terminal.p12.pin"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys"))));
    }

    @Test
    void anInjectedPasswordIsUsedAndNoPasswordFileWritten() throws Exception {
        open(Optional.of("injected-by-systemd")).secretKey("k");
        assertFalse(Files.exists(dir.resolve("keys/terminal.p12.pin")));
        KeyVaultException failure = assertThrows(KeyVaultException.class, () -> open(Optional.of("wrong")));
        assertTrue(failure.getMessage().contains("wrong password or damaged"), failure.getMessage());
    }

    @Test
    void anEd25519SigningKeyIsMadeOnceAndSignsVerifiably() throws Exception {
        var key = open(Optional.empty()).signingKey("audit", "Mamori T-1 audit");
        var again = open(Optional.empty()).signingKey("audit", "Mamori T-1 audit");
        assertArrayEquals(key.getEncoded(), again.getEncoded());
        byte[] message = "entry".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = Ed25519Keys.sign(key, message);
        assertTrue(Ed25519Keys.verifies(again.generatePublicKey(), message, signature));
        signature[0] ^= 1;
        assertFalse(Ed25519Keys.verifies(key.generatePublicKey(), message, signature));
        assertEquals(16, Ed25519Keys.keyId(key.generatePublicKey().getEncoded()).length());
    }

    @Test
    void theKeyStoreFileDoesNotContainTheSecretInClear() throws Exception {
        byte[] secret = open(Optional.empty()).secretKey("h2-file-key").getEncoded();
        byte[] file = Files.readAllBytes(dir.resolve("keys/terminal.p12"));
        assertFalse(indexOf(file, secret) >= 0, "the raw key bytes must not appear in the key store file");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void anRsa3072CertifiedKeyIsMadeOnceWithASelfSignedCertificate() throws Exception {
        var key = open(Optional.empty()).rsaCertifiedKey("export-rsa", "Mamori T-1 export");
        var again = open(Optional.empty()).rsaCertifiedKey("export-rsa", "Mamori T-1 export");
        assertArrayEquals(key.certificate().getEncoded(), again.certificate().getEncoded());
        assertArrayEquals(key.privateKey().getEncoded(), again.privateKey().getEncoded());
        assertEquals(3072, ((java.security.interfaces.RSAPublicKey) key.certificate().getPublicKey()).getModulus().bitLength());
        assertEquals("CN=Mamori T-1 export", key.certificate().getSubjectX500Principal().getName());
        key.certificate().verify(key.certificate().getPublicKey());
        var other = open(Optional.empty()).certifiedKey("report-p256", "Mamori T-1 report");
        assertThrows(KeyVaultException.class, () -> open(Optional.empty()).rsaCertifiedKey("report-p256", "x"),
                "a P-256 entry is not taken for an RSA key");
        assertEquals("EC", other.privateKey().getAlgorithm());
    }
}
