package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditBrowserTest {

    @TempDir
    Path dir;

    private static List<Long> seqs(List<AuditBrowser.CheckedEntry> page) {
        return page.stream().map(entry -> entry.entry().seq()).toList();
    }

    @Test
    void pagesGoNewestFirstAndFiltersNarrowThem() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(41))) {
            fixture.appendViews(30);
            var browser = new AuditBrowser(fixture.database, fixture.trusted());
            var first = browser.olderPage(AuditQuery.ALL, Optional.empty(), 10);
            assertEquals(List.of(30L, 29L, 28L, 27L, 26L, 25L, 24L, 23L, 22L, 21L), seqs(first));
            assertEquals(List.of(20L, 19L, 18L), seqs(browser.olderPage(AuditQuery.ALL, Optional.of(21L), 3)));
            assertEquals(List.of(24L, 23L, 22L), seqs(browser.newerPage(AuditQuery.ALL, 21, 3)));

            var seeks = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(AuditAction.SEEK), Optional.empty());
            assertEquals(List.of(30L, 27L, 24L, 21L, 18L, 15L, 12L, 9L, 6L, 3L), seqs(browser.olderPage(seeks, Optional.empty(), 50)));
            var personOnCamera = new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("p-1"), Optional.of("cam-1"),
                    Optional.empty(), Optional.empty());
            assertEquals(List.of(25L, 13L, 1L), seqs(browser.olderPage(personOnCamera, Optional.empty(), 50)));
            first.forEach(entry -> assertEquals(EntryState.VERIFIED, entry.state()));
        }
    }

    @Test
    void eachEntryShownCarriesWhatCheckingItFound() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(42))) {
            fixture.appendViews(12);
            fixture.sql("UPDATE audit_entry SET recorded_at = DATEADD('HOUR', 2, recorded_at) WHERE seq = 10",
                    "UPDATE audit_signed SET signature = BITXOR(signature, X'01" + "00".repeat(63) + "') WHERE seq = 8",
                    "DELETE FROM audit_signed WHERE seq = 5", "DELETE FROM audit_entry WHERE seq = 5");
            var page = new AuditBrowser(fixture.database, fixture.trusted()).olderPage(AuditQuery.ALL, Optional.empty(), 20);
            var states = page.stream().collect(java.util.stream.Collectors.toMap(entry -> entry.entry().seq(), AuditBrowser.CheckedEntry::state));
            assertEquals(EntryState.CONTENT_CHANGED, states.get(10L));
            assertEquals(EntryState.BAD_SIGNATURE, states.get(8L));
            assertEquals(EntryState.CHAIN_BROKEN, states.get(6L), "its predecessor is gone");
            assertEquals(EntryState.VERIFIED, states.get(12L));
            assertEquals(EntryState.VERIFIED, states.get(1L));
            var otherKey = new AuditBrowser(fixture.database, java.util.Map.of("0000000000000000",
                    AuditFixture.rogueKey().generatePublicKey().getEncoded()));
            assertEquals(EntryState.UNKNOWN_KEY, otherKey.olderPage(AuditQuery.ALL, Optional.empty(), 1).getFirst().state());
        }
    }
}
