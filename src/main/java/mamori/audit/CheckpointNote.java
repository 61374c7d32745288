package mamori.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// Signed checkpoints in the C2SP `tlog-checkpoint` form, carried in a C2SP `signed-note`:
///
/// ```
/// mamori.local/T-3F2A1B9C/audit      origin (this terminal's log)
/// 1203                               tree size
/// 8a3/Kq…=                           base64 Merkle root (RFC 9162)
/// time 2026-11-23T01:02:03Z          extension lines: when, and why it was made
/// reason LOGOUT
///                                    (blank line)
/// — mamori.local/T-3F2A1B9C/audit AbCd…   signature line: name, base64(key hash (4) || Ed25519 signature (64))
/// ```
///
/// The signature covers the note text up to and including the newline before the blank line; the
/// key hash is the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key) (0x01: Ed25519).
public final class CheckpointNote {

    private static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final byte ED25519_TYPE = 0x01;
    private static final int MAX_NOTE_BYTES = 8_192;

    private CheckpointNote() {
    }

    /// The origin line of a terminal's log.
    public static String origin(String terminalId) {
        return "mamori.local/" + terminalId + "/audit";
    }

    /// Writes and signs a checkpoint note.
    static String sign(String origin, long treeSize, byte[] root, Instant time, String reason, AuditSigningKey key) {
        String body = origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(root) + "\n"
                + "time " + time + "\n" + "reason " + reason + "\n";
        byte[] signature = key.sign(body.getBytes(StandardCharsets.UTF_8));
        byte[] keyHash = keyHash(origin, key.publicKey());
        byte[] line = new byte[keyHash.length + signature.length];
        System.arraycopy(keyHash, 0, line, 0, keyHash.length);
        System.arraycopy(signature, 0, line, keyHash.length, signature.length);
        return body + "\n" + SIGNATURE_PREFIX + origin + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /// Parses a note and checks its signature with one of `trustedKeys` (by key id); throws
    /// [CheckpointException] naming what is wrong. Only the fields a signature covers are returned.
    public static Checkpoint verify(String note, Map<String, byte[]> trustedKeys) throws CheckpointException {
        if (note.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) {
            throw new CheckpointException("the checkpoint is larger than " + MAX_NOTE_BYTES + " bytes");
        }
        int split = note.indexOf("\n\n");
        if (split < 0) {
            throw new CheckpointException("no blank line between the checkpoint and its signatures");
        }
        String body = note.substring(0, split + 1);
        List<String> lines = body.lines().toList();
        if (lines.size() < 3) {
            throw new CheckpointException("a checkpoint needs an origin, a tree size and a root");
        }
        String origin = lines.get(0);
        long treeSize;
        byte[] root;
        try {
            treeSize = Long.parseLong(lines.get(1));
            root = Base64.getDecoder().decode(lines.get(2));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("the tree size or root is not well formed");
        }
        if (treeSize < 0 || root.length != 32) {
            throw new CheckpointException("the tree size or root is not well formed");
        }
        Instant time = null;
        String reason = "";
        for (String extension : lines.subList(3, lines.size())) {
            try {
                if (extension.startsWith("time ")) {
                    time = Instant.parse(extension.substring(5));
                } else if (extension.startsWith("reason ")) {
                    reason = extension.substring(7);
                }
            } catch (DateTimeParseException e) {
                throw new CheckpointException("the time line is not an ISO-8601 instant");
            }
        }
        byte[] signed = body.getBytes(StandardCharsets.UTF_8);
        for (String line : note.substring(split + 2).lines().toList()) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                continue;
            }
            String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ");
            if (parts.length != 2 || !parts[0].equals(origin)) {
                continue;
            }
            byte[] value;
            try {
                value = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (value.length != 4 + 64) {
                continue;
            }
            for (var trusted : trustedKeys.entrySet()) {
                if (Arrays.equals(Arrays.copyOf(value, 4), keyHash(origin, trusted.getValue()))) {
                    if (!Ed25519Keys.verifies(new Ed25519PublicKeyParameters(trusted.getValue(), 0), signed,
                            Arrays.copyOfRange(value, 4, value.length))) {
                        throw new CheckpointException("the checkpoint's signature by key " + trusted.getKey() + " does not verify");
                    }
                    return new Checkpoint(origin, treeSize, root, time, reason, trusted.getKey(), note);
                }
            }
        }
        throw new CheckpointException("the checkpoint is not signed by a trusted key of " + origin);
    }

    private static byte[] keyHash(String name, byte[] publicKey) {
        MessageDigest sha256 = AuditEntryFormat.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519_TYPE);
        sha256.update(publicKey);
        return Arrays.copyOf(sha256.digest(), 4);
    }

    /// A checkpoint whose signature verified.
    public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant time, String reason, String keyId, String note) {

        public AuditVerifier.TreeHead treeHead() {
            return new AuditVerifier.TreeHead(treeSize, rootHash);
        }
    }

    /// A checkpoint that is malformed, unsigned, or signed by a key nobody trusts.
    public static final class CheckpointException extends Exception {
        public CheckpointException(String message) {
            super(message);
        }
    }
}
