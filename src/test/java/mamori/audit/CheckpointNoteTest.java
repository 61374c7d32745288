package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class CheckpointNoteTest {

    private static final AuditSigningKey KEY = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(11), 0));
    private static final AuditSigningKey OTHER = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(12), 0));
    private static final byte[] ROOT = MerkleTree.leafHash(new byte[] {1, 2, 3});
    private static final Instant TIME = Instant.parse("2026-11-23T01:02:03Z");

    private static String note() {
        return CheckpointNote.sign(CheckpointNote.origin("T-1"), 1203, ROOT, TIME, "LOGOUT", KEY);
    }

    @Test
    void aNoteHasTheSignedNoteShape() {
        String[] lines = note().split("\n", -1);
        assertEquals("mamori.local/T-1/audit", lines[0]);
        assertEquals("1203", lines[1]);
        assertEquals(Base64.getEncoder().encodeToString(ROOT), lines[2]);
        assertEquals("time 2026-11-23T01:02:03Z", lines[3]);
        assertEquals("reason LOGOUT", lines[4]);
        assertEquals("", lines[5]);
        assertTrue(lines[6].startsWith("\u2014 mamori.local/T-1/audit "), lines[6]);
        assertEquals(68, Base64.getDecoder().decode(lines[6].substring(lines[6].lastIndexOf(' ') + 1)).length, "key hash + signature");
        assertEquals("", lines[7], "the note ends with a newline");
    }

    @Test
    void aNoteVerifiesWithItsKeyAndGivesWhatItSigned() throws Exception {
        var checkpoint = CheckpointNote.verify(note(), Map.of(KEY.keyId(), KEY.publicKey()));
        assertEquals(1203, checkpoint.treeSize());
        assertArrayEquals(ROOT, checkpoint.rootHash());
        assertEquals(TIME, checkpoint.time());
        assertEquals("LOGOUT", checkpoint.reason());
        assertEquals(KEY.keyId(), checkpoint.keyId());
    }

    @Test
    void anEditedSizeRootOrTimeBreaksTheSignature() {
        Map<String, byte[]> trusted = Map.of(KEY.keyId(), KEY.publicKey());
        for (String edited : new String[] {note().replace("\n1203\n", "\n1202\n"),
                note().replace(Base64.getEncoder().encodeToString(ROOT), Base64.getEncoder().encodeToString(MerkleTree.emptyRoot())),
                note().replace("01:02:03Z", "01:02:04Z"), note().replace("reason LOGOUT", "reason REPORT")}) {
            var failure = assertThrows(CheckpointNote.CheckpointException.class, () -> CheckpointNote.verify(edited, trusted));
            assertTrue(failure.getMessage().contains("does not verify"), failure.getMessage());
        }
    }

    @Test
    void aNoteFromAnotherKeyOrOriginIsNotTrusted() {
        var failure = assertThrows(CheckpointNote.CheckpointException.class,
                () -> CheckpointNote.verify(note(), Map.of(OTHER.keyId(), OTHER.publicKey())));
        assertTrue(failure.getMessage().contains("not signed by a trusted key"), failure.getMessage());
        String otherOrigin = note().replace("mamori.local/T-1/audit", "mamori.local/T-2/audit");
        assertThrows(CheckpointNote.CheckpointException.class,
                () -> CheckpointNote.verify(otherOrigin, Map.of(KEY.keyId(), KEY.publicKey())));
    }

    @Test
    void malformedNotesAreRefusedWithAReason() {
        Map<String, byte[]> trusted = Map.of(KEY.keyId(), KEY.publicKey());
        for (String bad : new String[] {"", "mamori.local/T-1/audit\n12\n", note().replace("\n\n", "\n"),
                note().replace("\n1203\n", "\n-5\n"), note().replace("\n1203\n", "\ntwelve\n"), "x\n1\nAAAA\n\n\u2014 x AAAA\n",
                "a".repeat(10_000)}) {
            assertThrows(CheckpointNote.CheckpointException.class, () -> CheckpointNote.verify(bad, trusted), bad);
        }
    }
}
