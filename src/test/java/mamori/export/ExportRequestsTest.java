package mamori.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import mamori.policy.DenialReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Requests and the four-eyes decision on them, against a real database and audit log.
class ExportRequestsTest {

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

    private List<StoredEntry> entries(AuditAction action) throws Exception {
        return fixture.entries.byAction(action);
    }

    @Test
    void aRequestIsRecordedWithWhatWhyAndForWhomAndWaits() throws Exception {
        ExportRequest request = fixture.requestByOperator();

        List<StoredEntry> requested = entries(AuditAction.EXPORT_REQUESTED);
        assertEquals(1, requested.size());
        StoredEntry entry = requested.getFirst();
        assertEquals(ExportRequestsFixture.OPERATOR.id(), entry.personId());
        assertEquals("cam-1", entry.cameraId());
        String text = entry.canonical();
        assertTrue(text.contains("\"purpose\":\"窃盗事件の捜査\""), text);
        assertTrue(text.contains("\"recipientKind\":\"POLICE\""), text);
        assertTrue(text.contains("\"recipient\":\"中央警察署\""), text);
        assertTrue(text.contains("\"request\":\"" + request.id() + "\""), text);
        assertTrue(text.contains("2026-11-23T01:00:00Z") && text.contains("2026-11-23T01:05:00Z"), "the recording range: " + text);
        assertEquals(List.of(request.id()), fixture.requests.pending().stream().map(ExportRequest::id).toList());
        assertEquals(RequestState.PENDING, fixture.requests.find(request.id()).orElseThrow().state());
        assertEquals(fixture.clock.instant().plus(Duration.ofHours(2)), request.expiresAt());
    }

    @Test
    void whenTheLogCannotRecordTheRequestThereIsNoRequest() throws Exception {
        fixture.log.close();

        assertThrows(AuditUnavailableException.class, fixture::requestByOperator);

        assertTrue(fixture.database.inTransaction(connection -> ExportRequestRepository.inState(connection, RequestState.PENDING)).isEmpty());
    }

    @Test
    void aPersonWithoutTheRightToRequestIsRefusedAndTheRefusalRecorded() throws Exception {
        ExportRefusedException refused = assertThrows(ExportRefusedException.class, () -> fixture.requests.request(
                ExportRequestsFixture.session(ExportRequestsFixture.SUPERVISOR), "cam-1", ExportRequestsFixture.SPAN, "確認", new Recipient(RecipientKind.INTERNAL, "")));

        assertEquals(ExportRefusedException.Reason.POLICY, refused.reason());
        assertEquals(DenialReason.NO_GRANT, refused.policyReason().orElseThrow());
        assertTrue(entries(AuditAction.EXPORT_REQUESTED).isEmpty());
        String denial = entries(AuditAction.POLICY_DENIAL).getFirst().canonical();
        assertTrue(denial.contains("\"action\":\"EXPORT_REQUESTED\"") && denial.contains("NO_GRANT"), denial);
    }

    @Test
    void theRequestersOwnFingerNeverApprovesEvenWhenTheyMayApprove() throws Exception {
        ExportRequest request = fixture.requests.request(ExportRequestsFixture.session(ExportRequestsFixture.REQUESTING_SUPERVISOR), "cam-1",
                ExportRequestsFixture.SPAN, "保険請求", new Recipient(RecipientKind.INSURER, "東京海上"));

        ExportRefusedException refused = assertThrows(ExportRefusedException.class, () -> fixture.requests.approve(
                ExportRequestsFixture.session(ExportRequestsFixture.REQUESTING_SUPERVISOR), request.id(), ExportRequestsFixture.REQUESTING_SUPERVISOR, false, ""));

        assertEquals(ExportRefusedException.Reason.SELF_APPROVAL, refused.reason());
        assertTrue(entries(AuditAction.EXPORT_APPROVED).isEmpty());
        String denial = entries(AuditAction.POLICY_DENIAL).getFirst().canonical();
        assertTrue(denial.contains("\"action\":\"EXPORT_APPROVED\"") && denial.contains("\"reason\":\"SELF_APPROVAL\""), denial);
        assertEquals(RequestState.PENDING, fixture.requests.find(request.id()).orElseThrow().state(), "another supervisor may still approve");

        ExportOrder order = fixture.requests.approve(ExportRequestsFixture.session(ExportRequestsFixture.REQUESTING_SUPERVISOR), request.id(),
                ExportRequestsFixture.SUPERVISOR, false, "確認済み");
        assertEquals(ExportRequestsFixture.SUPERVISOR.id(), order.approverId());
        assertEquals(ExportRequestsFixture.REQUESTING_SUPERVISOR.id(), order.requesterId());
    }

    @Test
    void anApproverWithoutTheRightIsRefusedAndTheRefusalRecorded() throws Exception {
        ExportRequest request = fixture.requestByOperator();

        ExportRefusedException refused = assertThrows(ExportRefusedException.class, () -> fixture.requests.approve(
                ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(), ExportRequestsFixture.OTHER_OPERATOR, false, ""));

        assertEquals(DenialReason.NO_GRANT, refused.policyReason().orElseThrow());
        assertTrue(entries(AuditAction.EXPORT_APPROVED).isEmpty());
        assertEquals(ExportRequestsFixture.OTHER_OPERATOR.id(), entries(AuditAction.POLICY_DENIAL).getFirst().personId());
        assertEquals(RequestState.PENDING, fixture.requests.find(request.id()).orElseThrow().state());
    }

    @Test
    void anApprovalIsRecordedAndBuildsTheOrder() throws Exception {
        ExportRequest request = fixture.requestByOperator();

        ExportOrder order = fixture.requests.approve(ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(), ExportRequestsFixture.SUPERVISOR,
                false, "捜査協力");

        assertEquals(request.id(), order.exportId());
        assertEquals(ExportRequestsFixture.SPAN, order.span());
        assertEquals("POLICE: 中央警察署", order.recipient());
        assertFalse(order.masksLifted());
        StoredEntry approved = entries(AuditAction.EXPORT_APPROVED).getFirst();
        assertEquals(ExportRequestsFixture.SUPERVISOR.id(), approved.personId());
        assertTrue(approved.canonical().contains("\"comment\":\"捜査協力\""), approved.canonical());
        assertTrue(approved.canonical().contains("\"requester\":\"op-1\""), approved.canonical());
        assertEquals(RequestState.APPROVED, fixture.requests.find(request.id()).orElseThrow().state());
        assertTrue(fixture.requests.pending().isEmpty());
        assertThrows(ExportRefusedException.class, () -> fixture.requests.approve(ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR),
                request.id(), ExportRequestsFixture.REQUESTING_SUPERVISOR, false, ""), "an approved request is not approved twice");
    }

    @Test
    void masksAreLiftedOnlyByAnApproverWithThatRight() throws Exception {
        ExportRequest request = fixture.requestByOperator();

        ExportRefusedException refused = assertThrows(ExportRefusedException.class, () -> fixture.requests.approve(
                ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(), ExportRequestsFixture.SUPERVISOR, true, ""));

        assertEquals(ExportRefusedException.Reason.MASKS_NOT_LIFTABLE, refused.reason());
        assertEquals(RequestState.PENDING, fixture.requests.find(request.id()).orElseThrow().state());
    }

    @Test
    void aDenialIsRecordedWithItsComment() throws Exception {
        ExportRequest request = fixture.requestByOperator();

        fixture.requests.deny(ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(), ExportRequestsFixture.SUPERVISOR, "令状がない");

        StoredEntry denied = entries(AuditAction.EXPORT_DENIED).getFirst();
        assertEquals(ExportRequestsFixture.SUPERVISOR.id(), denied.personId());
        assertTrue(denied.canonical().contains("\"comment\":\"令状がない\""), denied.canonical());
        ExportRequest stored = fixture.requests.find(request.id()).orElseThrow();
        assertEquals(RequestState.DENIED, stored.state());
        assertEquals("令状がない", stored.comment().orElseThrow());
        assertTrue(fixture.requests.pending().isEmpty());
    }

    @Test
    void whenTheLogCannotRecordTheApprovalNothingIsApproved() throws Exception {
        ExportRequest request = fixture.requestByOperator();
        fixture.log.close();

        assertThrows(AuditUnavailableException.class, () -> fixture.requests.approve(ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR),
                request.id(), ExportRequestsFixture.SUPERVISOR, false, ""));

        assertEquals(RequestState.PENDING, fixture.requests.find(request.id()).orElseThrow().state());
    }

    @Test
    void aRequestExpiresOnceAndCannotBeApprovedAfterwards() throws Exception {
        ExportRequest request = fixture.requestByOperator();
        fixture.clock.advance(Duration.ofHours(2));

        assertTrue(fixture.requests.pending().isEmpty());
        assertTrue(fixture.requests.pending().isEmpty());
        ExportRefusedException refused = assertThrows(ExportRefusedException.class, () -> fixture.requests.approve(
                ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(), ExportRequestsFixture.SUPERVISOR, false, ""));

        assertEquals(ExportRefusedException.Reason.EXPIRED, refused.reason());
        List<StoredEntry> expired = entries(AuditAction.EXPORT_EXPIRED);
        assertEquals(1, expired.size(), "recorded once, when first noticed");
        assertEquals(request.id(), expired.getFirst().canonical().replaceAll(".*\"request\":\"([^\"]+)\".*", "$1"));
        assertEquals(RequestState.EXPIRED, fixture.requests.find(request.id()).orElseThrow().state());
        assertTrue(entries(AuditAction.EXPORT_APPROVED).isEmpty());
    }

    @Test
    void aRequestJustBeforeItsTimeStillWaits() throws Exception {
        fixture.requestByOperator();
        fixture.clock.advance(Duration.ofHours(2).minusSeconds(1));

        assertEquals(1, fixture.requests.pending().size());
        assertTrue(entries(AuditAction.EXPORT_EXPIRED).isEmpty());
    }

    @Test
    void theTimeToLiveSettingIsAnIsoDurationWithADefault() {
        assertEquals(Duration.ofHours(24), ExportRequests.timeToLive(null));
        assertEquals(Duration.ofHours(24), ExportRequests.timeToLive(" "));
        assertEquals(Duration.ofMinutes(30), ExportRequests.timeToLive("PT30M"));
        assertThrows(IllegalArgumentException.class, () -> ExportRequests.timeToLive("-PT1H"));
        assertThrows(java.time.format.DateTimeParseException.class, () -> ExportRequests.timeToLive("an hour"));
    }
}
