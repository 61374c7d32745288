package mamori.audit;

import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// The terminal's Ed25519 key that signs audit entries, with its key id.
public final class AuditSigningKey {

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String keyId;

    public AuditSigningKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.keyId = Ed25519Keys.keyId(publicKey);
    }

    public String keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /// The private key itself, for the one other thing the terminal signs with it: export manifests.
    public Ed25519PrivateKeyParameters privateKey() {
        return privateKey;
    }

    byte[] sign(byte[] message) {
        return Ed25519Keys.sign(privateKey, message);
    }
}
