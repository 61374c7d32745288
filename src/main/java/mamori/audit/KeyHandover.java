package mamori.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// A key rotation written into the log itself: a `KEY_ROTATION` entry, signed by the outgoing key
/// like every entry, whose details carry the incoming public key and the incoming key's signature
/// over a statement that ties it to that exact place in the chain. Verifiers that trust the
/// outgoing key thereby learn to trust the incoming one, and stop trusting the outgoing one.
public final class KeyHandover {

    static final String NEW_KEY = "new_key";
    static final String NEW_PUBLIC_KEY = "new_public_key";
    static final String NEW_KEY_SIGNATURE = "new_key_signature";

    private KeyHandover() {
    }

    /// What the incoming key signs: version, terminal, both key ids, and the entry's place.
    static byte[] statement(String terminalId, String oldKeyId, String newKeyId, long seq, byte[] prevHash) {
        return ("mamori-key-handover-v1\n" + terminalId + "\n" + oldKeyId + "\n" + newKeyId + "\n" + seq + "\n"
                + HexFormat.of().formatHex(prevHash) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static AuditEvent event(String terminalId, AuditSigningKey outgoing, AuditSigningKey incoming, long seq, byte[] prevHash) {
        byte[] signature = incoming.sign(statement(terminalId, outgoing.keyId(), incoming.keyId(), seq, prevHash));
        return AuditEvent.of(AuditAction.KEY_ROTATION).detail("old_key", outgoing.keyId()).detail(NEW_KEY, incoming.keyId())
                .detail(NEW_PUBLIC_KEY, Base64.getEncoder().encodeToString(incoming.publicKey()))
                .detail(NEW_KEY_SIGNATURE, Base64.getEncoder().encodeToString(signature));
    }

    /// The incoming key announced by a handover entry, once its signature checks out.
    record Incoming(String keyId, byte[] publicKey) {
    }

    /// Checks the handover in a `KEY_ROTATION` entry's canonical text; throws when the incoming key
    /// did not sign it, or the announced key id does not belong to the announced key.
    static Incoming verify(String canonical, String terminalId, String oldKeyId, long seq, byte[] prevHash)
            throws HandoverException {
        try {
            var details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(canonical).path("details");
            String newKeyId = details.path(NEW_KEY).asText("");
            byte[] publicKey = Base64.getDecoder().decode(details.path(NEW_PUBLIC_KEY).asText(""));
            byte[] signature = Base64.getDecoder().decode(details.path(NEW_KEY_SIGNATURE).asText(""));
            if (publicKey.length != 32 || !Ed25519Keys.keyId(publicKey).equals(newKeyId)) {
                throw new HandoverException("the announced key id does not belong to the announced key");
            }
            if (!Ed25519Keys.verifies(new Ed25519PublicKeyParameters(publicKey, 0),
                    statement(terminalId, oldKeyId, newKeyId, seq, prevHash), signature)) {
                throw new HandoverException("the incoming key " + newKeyId + " did not sign the handover");
            }
            return new Incoming(newKeyId, publicKey);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new HandoverException("the handover details are malformed: " + e.getMessage());
        }
    }

    /// Checks the handover in the `KEY_ROTATION` entry `handover` (its text `canonical`) and moves
    /// `activeKeys` on from the outgoing key to the incoming one; throws, changing nothing, when it does not hold.
    static void apply(Map<String, Ed25519PublicKeyParameters> activeKeys, String canonical, AuditEntryFormat.ParsedEntry handover)
            throws HandoverException {
        Incoming incoming = verify(canonical, handover.terminalId(), handover.keyId(), handover.seq(), handover.prevHash());
        activeKeys.remove(handover.keyId());
        activeKeys.put(incoming.keyId(), new Ed25519PublicKeyParameters(incoming.publicKey(), 0));
    }

    /// The public keys by id that the log's handovers lead to from `initial`: for screens that
    /// show entries signed after a rotation. (Verification re-checks every handover in order.)
    public static Map<String, byte[]> followed(AuditEntryStore store, Map<String, byte[]> initial) throws java.sql.SQLException {
        Map<String, byte[]> keys = new java.util.HashMap<>(initial);
        for (StoredEntry entry : store.byAction(AuditAction.KEY_ROTATION)) {
            try {
                var parsed = AuditEntryFormat.parse(entry.canonical());
                if (keys.containsKey(parsed.keyId())) {
                    Incoming incoming = verify(entry.canonical(), parsed.terminalId(), parsed.keyId(), parsed.seq(), parsed.prevHash());
                    keys.put(incoming.keyId(), incoming.publicKey());
                }
            } catch (AuditEntryFormat.MalformedEntryException | HandoverException skipped) {
                // A broken handover leads nowhere; full verification names it.
            }
        }
        return keys;
    }

    /// The key id the latest handover in the log hands over to, if there has been one.
    public static java.util.Optional<String> latestIncomingKeyId(AuditEntryStore store) throws java.sql.SQLException {
        var rotations = store.byAction(AuditAction.KEY_ROTATION);
        if (rotations.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            var details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rotations.getLast().canonical()).path("details");
            return java.util.Optional.of(details.path(NEW_KEY).asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return java.util.Optional.empty();
        }
    }

    /// A handover that does not hold.
    static final class HandoverException extends Exception {
        HandoverException(String message) {
            super(message);
        }
    }
}
