package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A range of a real log bound to a checkpoint (what a report carries), then the log damaged
/// inside the range, between the range and the checkpoint, after the checkpoint, and cut back.
class AuditRangeTest {

    @TempDir
    Path dir;

    private AuditRange.Binding bind(AuditFixture fixture, long first, long last, List<AuditEntry> covered) throws Exception {
        CheckpointNote.Checkpoint checkpoint = fixture.log.checkpoint("REPORT");
        return AuditRange.bind(fixture.store, fixture.trusted(), first, last, checkpoint, covered::add);
    }

    @Test
    void aBoundRangeHandsOverItsEntriesAndTheGrownLogExtendsIt() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(1))) {
            fixture.appendViews(40);
            fixture.log.checkpoint("TEST"); // a stored checkpoint before the range: reading starts there
            fixture.appendViews(60);
            List<AuditEntry> covered = new ArrayList<>();
            AuditRange.Binding binding = bind(fixture, 51, 80, covered);
            assertEquals(30, covered.size());
            assertEquals(51, covered.getFirst().seq());
            assertEquals(80, covered.getLast().seq());
            assertEquals(30 * 32, binding.leafHashes().length);
            assertEquals(100, binding.checkpoint().treeSize());
            fixture.appendViews(25);
            fixture.log.checkpoint("LATER");
            AuditRange.Extension extension = AuditRange.checkExtension(fixture.store, fixture.trusted(), binding);
            assertEquals(125, extension.logEntries());
            assertEquals(1, extension.laterCheckpoints());
        }
    }

    @Test
    void theFrontierBeforeTheRangeIsTheSameWhereverReadingStarts() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(1))) {
            fixture.appendViews(37);
            AuditRange.Binding fromStart = bind(fixture, 20, 30, new ArrayList<>());
            fixture.log.checkpoint("TEST");
            AuditRange.Binding fromCheckpoint = bind(fixture, 20, 30, new ArrayList<>());
            assertArrayEquals(fromStart.frontierBefore(), fromCheckpoint.frontierBefore());
            assertArrayEquals(fromStart.leafHashes(), fromCheckpoint.leafHashes());
        }
    }

    /// The signed text of entry `seq` with `from` replaced by `to`.
    private static String edit(long seq, String from, String to) {
        return "UPDATE audit_signed SET canonical = STRINGTOUTF8(REPLACE(UTF8TOSTRING(canonical), '" + from + "', '" + to + "')) WHERE seq = " + seq;
    }

    private static AuditLogDamagedException damageFound(AuditFixture fixture, AuditRange.Binding binding) {
        return assertThrows(AuditLogDamagedException.class, () -> AuditRange.checkExtension(fixture.store, fixture.trusted(), binding));
    }

    @Test
    void anEntryEditedInsideTheRangeIsNamed() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(1))) {
            fixture.appendViews(50);
            AuditRange.Binding binding = bind(fixture, 10, 30, new ArrayList<>());
            // Re-hashed, so the row is consistent in itself: only the report's leaf hashes show it.
            fixture.sql(edit(17, "\"n\":17", "\"n\":71"), "UPDATE audit_signed SET entry_hash = HASH('SHA-256', canonical) WHERE seq = 17");
            AuditLogDamagedException damage = damageFound(fixture, binding);
            assertEquals(17, damage.seq());
            assertEquals(Damage.CHANGED, damage.damage());
        }
    }

    @Test
    void anEntryEditedBetweenTheRangeAndTheCheckpointOrAfterItIsFound() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(1))) {
            fixture.appendViews(50);
            AuditRange.Binding binding = bind(fixture, 10, 30, new ArrayList<>());
            fixture.appendViews(10);
            fixture.sql(edit(56, "\"n\":6", "\"n\":7"));
            AuditLogDamagedException after = damageFound(fixture, binding);
            assertEquals(56, after.seq());
            fixture.sql(edit(56, "\"n\":7", "\"n\":6"), edit(40, "\"n\":40", "\"n\":04"),
                    "UPDATE audit_signed SET entry_hash = HASH('SHA-256', canonical) WHERE seq = 40");
            AuditLogDamagedException between = damageFound(fixture, binding);
            assertEquals(Damage.CHANGED, between.damage());
        }
    }

    @Test
    void aLogCutBackBelowTheCheckpointIsTruncated() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(1))) {
            fixture.appendViews(50);
            AuditRange.Binding binding = bind(fixture, 10, 30, new ArrayList<>());
            fixture.sql("DELETE FROM audit_checkpoint WHERE tree_size > 40", "DELETE FROM audit_entry WHERE seq > 40",
                    "DELETE FROM audit_signed WHERE seq > 40");
            AuditLogDamagedException damage = damageFound(fixture, binding);
            assertEquals(Damage.TRUNCATED, damage.damage());
            assertEquals(41, damage.seq());
        }
    }
}
