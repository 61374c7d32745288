package mamori.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Production of an approved export: `EXPORT_WRITTEN` after the file with its hash and size, a
/// cancelled or failed production leaves nothing and says so. The producer here is
/// [SteppedTestProducer], standing in for the real one (transcode, sign, encrypt), which lands separately.
class ExportProductionTest {

    @TempDir
    Path dir;
    private ExportRequestsFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new ExportRequestsFixture(dir);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private ExportOrder approved() throws Exception {
        ExportRequest request = fixture.requestByOperator();
        return fixture.requests.approve(ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(), ExportRequestsFixture.SUPERVISOR, false, "");
    }

    private static boolean empty(Path folder) throws Exception {
        try (Stream<Path> inside = Files.walk(folder)) {
            return inside.allMatch(folder::equals);
        }
    }

    @Test
    void theWrittenEntryFollowsTheCompleteFileWithItsHashAndSize() throws Exception {
        ExportOrder order = approved();
        SteppedTestProducer producer = new SteppedTestProducer(4, 0);
        List<Double> steps = new ArrayList<>();
        ExportProduction production = new ExportProduction(fixture.database, fixture.log, fixture.staging, () -> producer);

        ExportPackage made = production.produce(order, steps::add, () -> false);

        assertTrue(Files.isRegularFile(made.file()));
        assertEquals(ExportProduction.sha256(made.file()), made.sha256());
        assertEquals(Files.size(made.file()), made.bytes());
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), steps);
        assertArrayEquals(SteppedTestProducer.PASSPHRASE.toCharArray(), made.passphrase());
        StoredEntry written = fixture.entries.byAction(AuditAction.EXPORT_WRITTEN).getFirst();
        assertTrue(written.canonical().contains("\"sha256\":\"" + made.sha256() + "\""), written.canonical());
        assertTrue(written.canonical().contains("\"bytes\":" + made.bytes()), written.canonical());
        assertFalse(written.canonical().contains(SteppedTestProducer.PASSPHRASE), "the passphrase is never recorded");
        assertEquals(RequestState.WRITTEN, fixture.requests.find(order.exportId()).orElseThrow().state());
    }

    @Test
    void aCancelledProductionLeavesNothingAndIsRecorded() throws Exception {
        ExportOrder order = approved();
        AtomicBoolean cancel = new AtomicBoolean();
        SteppedTestProducer producer = new SteppedTestProducer(10, 3);
        producer.onStep = step -> cancel.set(step == 3);
        ExportProduction production = new ExportProduction(fixture.database, fixture.log, fixture.staging, () -> producer);

        assertThrows(ExportException.class, () -> production.produce(order, progress -> { }, cancel::get));

        assertTrue(empty(fixture.staging), "nothing left in the staging directory");
        assertTrue(fixture.entries.byAction(AuditAction.EXPORT_WRITTEN).isEmpty());
        StoredEntry cancelled = fixture.entries.byAction(AuditAction.EXPORT_CANCELLED).getFirst();
        assertTrue(cancelled.canonical().contains("\"reason\":\"cancelled\""), cancelled.canonical());
        assertEquals(RequestState.CANCELLED, fixture.requests.find(order.exportId()).orElseThrow().state());
    }

    @Test
    void aBuildWithoutProductionSaysSoAndKeepsNothing() throws Exception {
        ExportOrder order = approved();
        ExportProduction production = new ExportProduction(fixture.database, fixture.log, fixture.staging, UnavailableExportProducer::new);

        ExportException failed = assertThrows(ExportException.class, () -> production.produce(order, progress -> { }, () -> false));

        assertEquals("export production is not part of this build", failed.getMessage());
        assertTrue(empty(fixture.staging));
        assertTrue(fixture.entries.byAction(AuditAction.EXPORT_CANCELLED).getFirst().canonical().contains("failed: export production"));
    }

    @Test
    void aPackageTheLogCannotRecordIsDeleted() throws Exception {
        ExportOrder order = approved();
        SteppedTestProducer producer = new SteppedTestProducer(2, 0);
        producer.onStep = step -> {
            if (step == 2) {
                fixture.log.close();
            }
        };
        ExportProduction production = new ExportProduction(fixture.database, fixture.log, fixture.staging, () -> producer);

        assertThrows(AuditUnavailableException.class, () -> production.produce(order, progress -> { }, () -> false));

        assertTrue(empty(fixture.staging), "no package leaves without its entry");
        assertEquals(RequestState.APPROVED, fixture.requests.find(order.exportId()).orElseThrow().state());
    }
}
