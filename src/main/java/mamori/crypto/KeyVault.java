package mamori.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import mamori.store.OwnerOnly;

/// The terminal's PKCS#12 key store: created on first run, holds every secret the kiosk needs
/// (the database file key, later the signing keys). Secrets never leave it in clear except as
/// arguments to the component that uses them.
///
/// The store password comes from `MAMORI_KEYSTORE_PASSWORD` when the deployment injects one
/// (systemd credentials, a TPM-sealed file), else from an owner-only file beside the store.
/// See docs/decisions/0003-key-store-and-database-encryption.md.
public final class KeyVault {

    private static final String TYPE = "PKCS12";

    private final Path file;
    private final char[] password;
    private final KeyStore store;
    private final SecureRandom random;
    private final Clock clock;

    private KeyVault(Path file, char[] password, KeyStore store, SecureRandom random, Clock clock) {
        this.file = file;
        this.password = password;
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    /// Opens the key store, creating it (and its password file) on first run.
    public static KeyVault openOrCreate(Path file, Path passwordFile, Optional<String> injectedPassword, SecureRandom random,
            Clock clock) throws KeyVaultException {
        try {
            char[] password = injectedPassword.map(String::toCharArray).orElse(null);
            if (password == null) {
                password = readOrCreatePassword(passwordFile, random);
            }
            KeyStore store = KeyStore.getInstance(TYPE);
            if (Files.exists(file)) {
                try (var in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                    store.load(in, password);
                } catch (IOException e) {
                    throw new KeyVaultException("The key store " + file + " cannot be opened: wrong password or damaged file", e);
                }
            } else {
                store.load(null, password);
            }
            KeyVault vault = new KeyVault(file, password, store, random, clock);
            if (!Files.exists(file)) {
                vault.save();
            }
            return vault;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyVaultException("The key store " + file + " cannot be opened or created", e);
        }
    }

    private static char[] readOrCreatePassword(Path passwordFile, SecureRandom random) throws IOException {
        if (Files.exists(passwordFile)) {
            return new String(Files.readAllBytes(passwordFile), StandardCharsets.US_ASCII).strip().toCharArray();
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        OwnerOnly.write(passwordFile, encoded.getBytes(StandardCharsets.US_ASCII));
        return encoded.toCharArray();
    }

    /// The AES-256 key stored under `alias`, made and saved on first use.
    public synchronized SecretKey secretKey(String alias) throws KeyVaultException {
        try {
            var protection = new KeyStore.PasswordProtection(password);
            if (store.containsAlias(alias)) {
                if (store.getEntry(alias, protection) instanceof KeyStore.SecretKeyEntry entry) {
                    return entry.getSecretKey();
                }
                throw new KeyVaultException("Key store entry '" + alias + "' is not a secret key");
            }
            byte[] material = new byte[32];
            random.nextBytes(material);
            SecretKey key = new SecretKeySpec(material, "AES");
            Arrays.fill(material, (byte) 0);
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), protection);
            save();
            return key;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyVaultException("Key store entry '" + alias + "' cannot be read or made", e);
        }
    }

    /// The Ed25519 signing key stored under `alias`, made on first use. It is kept as a standard
    /// PKCS#12 private-key entry with a self-signed certificate naming `subject`, so ordinary tools
    /// (keytool, openssl) can inspect the store; signing itself uses Bouncy Castle (see [Ed25519Keys]).
    public synchronized Ed25519PrivateKeyParameters signingKey(String alias, String subject) throws KeyVaultException {
        try {
            var protection = new KeyStore.PasswordProtection(password);
            if (!store.containsAlias(alias)) {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Instant now = clock.instant();
                X500Name name = new X500Name("CN=" + subject.replaceAll("[,+=\"\\<>;]", "_"));
                var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                        name, new BigInteger(64, random), Date.from(now), Date.from(now.plus(Duration.ofDays(3650 * 3))),
                        name, pair.getPublic()).build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
                store.setEntry(alias, new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {certificate}), protection);
                save();
            }
            if (store.getEntry(alias, protection) instanceof KeyStore.PrivateKeyEntry entry) {
                return (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(entry.getPrivateKey().getEncoded());
            }
            throw new KeyVaultException("Key store entry '" + alias + "' is not a private key");
        } catch (GeneralSecurityException | IOException | OperatorCreationException | ClassCastException e) {
            throw new KeyVaultException("Signing key '" + alias + "' cannot be read or made: " + e.getMessage(), e);
        }
    }

    /// An ECDSA P-256 key with a self-signed X.509 certificate naming `subject`, stored under
    /// `alias` and made on first use: for signatures other tools check (PDF reports: poppler's
    /// `pdfsig` does not understand Ed25519, see REFERENCE "Findings").
    public synchronized CertifiedKey certifiedKey(String alias, String subject) throws KeyVaultException {
        try {
            var protection = new KeyStore.PasswordProtection(password);
            if (!store.containsAlias(alias)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), random);
                KeyPair pair = generator.generateKeyPair();
                Instant now = clock.instant();
                X500Name name = new X500Name("CN=" + subject.replaceAll("[,+=\"\\<>;]", "_"));
                var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650 * 3))), name, pair.getPublic());
                builder.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                        new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                                | org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation));
                var certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
                store.setEntry(alias, new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {certificate}), protection);
                save();
            }
            if (store.getEntry(alias, protection) instanceof KeyStore.PrivateKeyEntry entry
                    && entry.getCertificate() instanceof java.security.cert.X509Certificate certificate) {
                return new CertifiedKey(entry.getPrivateKey(), certificate);
            }
            throw new KeyVaultException("Key store entry '" + alias + "' is not a private key with a certificate");
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new KeyVaultException("Certified key '" + alias + "' cannot be read or made: " + e.getMessage(), e);
        }
    }

    /// An RSA 3072 key with a self-signed X.509 certificate (SHA256withRSA) naming `subject`, stored
    /// under `alias` and made on first use: for signatures a standard requires to be RSA (the ONVIF
    /// Export File Format's RSASSA-PSS, see docs/decisions/0022).
    public synchronized CertifiedKey rsaCertifiedKey(String alias, String subject) throws KeyVaultException {
        try {
            var protection = new KeyStore.PasswordProtection(password);
            if (!store.containsAlias(alias)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(3072, random);
                KeyPair pair = generator.generateKeyPair();
                Instant now = clock.instant();
                X500Name name = new X500Name("CN=" + subject.replaceAll("[,+=\"\\<>;]", "_"));
                var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650 * 3))), name, pair.getPublic());
                builder.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                        new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                                | org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation));
                var certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
                store.setEntry(alias, new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {certificate}), protection);
                save();
            }
            if (store.getEntry(alias, protection) instanceof KeyStore.PrivateKeyEntry entry
                    && entry.getPrivateKey() instanceof java.security.interfaces.RSAPrivateKey
                    && entry.getCertificate() instanceof java.security.cert.X509Certificate certificate) {
                return new CertifiedKey(entry.getPrivateKey(), certificate);
            }
            throw new KeyVaultException("Key store entry '" + alias + "' is not an RSA private key with a certificate");
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new KeyVaultException("RSA certified key '" + alias + "' cannot be read or made: " + e.getMessage(), e);
        }
    }

    /// A private key with its certificate.
    public record CertifiedKey(java.security.PrivateKey privateKey, java.security.cert.X509Certificate certificate) {
    }

    /// The aliases in the store that start with `prefix`, sorted.
    public synchronized java.util.List<String> aliasesStartingWith(String prefix) throws KeyVaultException {
        try {
            return java.util.Collections.list(store.aliases()).stream().filter(alias -> alias.startsWith(prefix)).sorted().toList();
        } catch (GeneralSecurityException e) {
            throw new KeyVaultException("The key store cannot be listed", e);
        }
    }

    /// A secret key as a hex string, for components that take a password string (H2's file cipher).
    public char[] secretAsHex(String alias) throws KeyVaultException {
        return HexFormat.of().formatHex(secretKey(alias).getEncoded()).toCharArray();
    }

    private void save() throws IOException, GeneralSecurityException {
        var out = new ByteArrayOutputStream();
        store.store(out, password);
        OwnerOnly.write(file, out.toByteArray());
    }
}
