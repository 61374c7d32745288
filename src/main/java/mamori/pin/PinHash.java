package mamori.pin;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/// A PIN as it is stored: Argon2id (RFC 9106, version 0x13) over the PIN's digits with a 16-byte
/// random salt, 32 bytes out, and the cost it was made with. The PIN itself is never kept.
public record PinHash(byte[] salt, byte[] hash, Argon2Cost cost) {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    public PinHash {
        if (salt.length != SALT_BYTES || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("A PIN hash has a " + SALT_BYTES + "-byte salt and a " + HASH_BYTES + "-byte hash");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /// Hashes `pin` with a fresh salt at `cost`.
    public static PinHash of(char[] pin, Argon2Cost cost, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PinHash(salt, derive(pin, salt, cost), cost);
    }

    /// Whether `pin` is the one hashed here; the comparison takes the same time wherever the bytes differ.
    public boolean matches(char[] pin) {
        byte[] candidate = derive(pin, salt, cost);
        try {
            return MessageDigest.isEqual(candidate, hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    static byte[] derive(char[] pin, byte[] salt, Argon2Cost cost) {
        byte[] password = new byte[pin.length];
        for (int i = 0; i < pin.length; i++) {
            password[i] = (byte) pin[i];
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt).withMemoryAsKB(cost.memoryKiB()).withIterations(cost.iterations())
                    .withParallelism(cost.parallelism()).build());
            byte[] out = new byte[HASH_BYTES];
            generator.generateBytes(password, out);
            return out;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PinHash that && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash) && cost.equals(that.cost);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PinHash[Argon2id " + cost + "]";
    }
}
