package mamori.export;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.audit.RecordingRange;
import mamori.camera.CameraCatalog;
import mamori.identity.Person;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.policy.Permission;
import mamori.store.Database;

/// Export requests and the four-eyes decision on them (decision 0024).
///
/// A request needs `REQUEST_EXPORT` for the camera now (viewing hours, trusted clock: the policy);
/// an approval or denial needs `APPROVE_EXPORT` for it, from a person identified by their own finger
/// at the moment of the decision, who is not the requester. A request waits at most the configured
/// time to live. Every step and every refusal is an audit entry; a step is written in a transaction
/// that commits only after the log has committed its entry, so the log never misses a step
/// (fail closed). Times are the trusted clock's.
public final class ExportRequests {

    /// The setting (environment variable) for how long a request waits, an ISO-8601 duration.
    public static final String TTL_SETTING = "MAMORI_EXPORT_REQUEST_TTL";
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private final Database database;
    private final CameraCatalog catalog;
    private final AuditLog audit;
    private final Clock trustedClock;
    private final Duration timeToLive;

    public ExportRequests(Database database, CameraCatalog catalog, AuditLog audit, Clock trustedClock, Duration timeToLive) {
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("An export request must wait a positive time, not " + timeToLive);
        }
        this.database = database;
        this.catalog = catalog;
        this.audit = audit;
        this.trustedClock = trustedClock;
        this.timeToLive = timeToLive;
    }

    /// The time to live from the setting's text: empty or absent is the default (24 hours).
    public static Duration timeToLive(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT_TTL;
        }
        Duration parsed = Duration.parse(setting.strip());
        if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException(TTL_SETTING + " must be between PT1S and P30D, got " + setting);
        }
        return parsed;
    }

    public Duration timeToLive() {
        return timeToLive;
    }

    /// Records `by`'s request to export `span` of `cameraId`'s recording; nothing is written yet.
    public ExportRequest request(Session by, String cameraId, RecordingRange span, String purpose, Recipient recipient)
            throws ExportRefusedException, AuditUnavailableException, SQLException {
        String stated = purpose == null ? "" : purpose.strip();
        if (stated.isEmpty() || stated.length() > ExportRequest.MAX_PURPOSE) {
            throw new IllegalArgumentException("An export states its purpose, in at most " + ExportRequest.MAX_PURPOSE + " characters");
        }
        if (span.from().equals(span.to())) {
            throw new IllegalArgumentException("An export covers some time of recording");
        }
        if (catalog.decide(by, Permission.REQUEST_EXPORT, cameraId) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id()).camera(cameraId).range(span)
                    .detail("action", AuditAction.EXPORT_REQUESTED).detail("reason", denied.reason()));
            throw new ExportRefusedException(ExportRefusedException.Reason.POLICY, Optional.of(denied.reason()));
        }
        Instant now = trustedClock.instant();
        ExportRequest request = new ExportRequest(UUID.randomUUID().toString(), by.terminal().id(), cameraId, span, stated, recipient,
                by.person().id(), by.person().displayName(), now, now.plus(timeToLive), RequestState.PENDING, Optional.empty(),
                Optional.empty(), Optional.empty());
        AuditEvent event = AuditEvent.of(AuditAction.EXPORT_REQUESTED).person(by.person().id()).session(by.id()).camera(cameraId)
                .range(span).detail("request", request.id()).detail("purpose", stated).detail("recipientKind", recipient.kind())
                .detail("recipient", recipient.text()).detail("expiresAt", request.expiresAt());
        inTransactionAfterEntry(event, connection -> {
            ExportRequestRepository.insert(connection, request);
            return true;
        });
        return request;
    }

    /// The requests that wait for a decision now, oldest first; those found overdue expire first (audited once each).
    public List<ExportRequest> pending() throws AuditUnavailableException, SQLException {
        expireOverdue();
        Instant now = trustedClock.instant();
        return database.inTransaction(connection -> ExportRequestRepository.inState(connection, RequestState.PENDING)).stream()
                .filter(request -> request.waitingAt(now)).toList();
    }

    public Optional<ExportRequest> find(String requestId) throws SQLException {
        return database.inTransaction(connection -> ExportRequestRepository.byId(connection, requestId));
    }

    /// Every pending request past its time: `EXPORT_EXPIRED`, recorded once (the state change and the
    /// entry go together); returns how many expired.
    public int expireOverdue() throws AuditUnavailableException, SQLException {
        Instant now = trustedClock.instant();
        List<ExportRequest> overdue = new ArrayList<>();
        for (ExportRequest request : database.inTransaction(connection -> ExportRequestRepository.inState(connection, RequestState.PENDING))) {
            if (!now.isBefore(request.expiresAt())) {
                overdue.add(request);
            }
        }
        int expired = 0;
        for (ExportRequest request : overdue) {
            AuditEvent event = AuditEvent.of(AuditAction.EXPORT_EXPIRED).person(request.requesterId()).camera(request.cameraId())
                    .range(request.span()).detail("request", request.id()).detail("requestedAt", request.requestedAt())
                    .detail("expiresAt", request.expiresAt());
            if (inTransactionAfterEntry(event, connection -> ExportRequestRepository.decide(connection, request.id(), RequestState.PENDING,
                    RequestState.EXPIRED, Optional.empty(), now, Optional.empty(), false))) {
                expired++;
            }
        }
        return expired;
    }

    /// Approves `requestId` by `approver`, identified by finger just now at the screen of `screen`'s
    /// session; returns the order production works from. Masks are lifted in the package only when
    /// asked and the approver holds `LIFT_PRIVACY_MASKS` for the camera.
    public ExportOrder approve(Session screen, String requestId, Person approver, boolean liftMasks, String comment)
            throws ExportRefusedException, AuditUnavailableException, SQLException {
        ExportRequest request = decidable(screen, requestId, approver, AuditAction.EXPORT_APPROVED);
        if (liftMasks && catalog.decide(asApprover(screen, approver), Permission.LIFT_PRIVACY_MASKS, request.cameraId())
                instanceof Decision.Denied denied) {
            refuse(screen, request, approver, AuditAction.EXPORT_APPROVED, ExportRefusedException.Reason.MASKS_NOT_LIFTABLE,
                    Optional.of(denied.reason()));
        }
        Instant now = trustedClock.instant();
        String said = comment(comment);
        AuditEvent event = AuditEvent.of(AuditAction.EXPORT_APPROVED).person(approver.id()).session(screen.id()).camera(request.cameraId())
                .range(request.span()).detail("request", request.id()).detail("requester", request.requesterId())
                .detail("purpose", request.purpose()).detail("recipientKind", request.recipient().kind())
                .detail("recipient", request.recipient().text()).detail("comment", said).detail("masksLifted", liftMasks)
                .detail("byFinger", true);
        decideAfterEntry(screen, request, approver, AuditAction.EXPORT_APPROVED, event, RequestState.APPROVED, now, said, liftMasks);
        return new ExportOrder(request.id(), request.terminalId(), request.cameraId(), request.span(), request.purpose(),
                request.recipient().described(), request.requesterId(), request.requesterName(), approver.id(), approver.displayName(), now,
                liftMasks);
    }

    /// Denies `requestId` with `comment`, by `approver` identified by finger (the same rules as approving).
    public void deny(Session screen, String requestId, Person approver, String comment)
            throws ExportRefusedException, AuditUnavailableException, SQLException {
        ExportRequest request = decidable(screen, requestId, approver, AuditAction.EXPORT_DENIED);
        String said = comment(comment);
        AuditEvent event = AuditEvent.of(AuditAction.EXPORT_DENIED).person(approver.id()).session(screen.id()).camera(request.cameraId())
                .range(request.span()).detail("request", request.id()).detail("requester", request.requesterId())
                .detail("comment", said).detail("byFinger", true);
        decideAfterEntry(screen, request, approver, AuditAction.EXPORT_DENIED, event, RequestState.DENIED, trustedClock.instant(), said,
                false);
    }

    private void decideAfterEntry(Session screen, ExportRequest request, Person approver, AuditAction action, AuditEvent event,
            RequestState to, Instant now, String comment, boolean masksLifted)
            throws ExportRefusedException, AuditUnavailableException, SQLException {
        boolean moved = inTransactionAfterEntry(event, connection -> ExportRequestRepository.decide(connection, request.id(),
                RequestState.PENDING, to, Optional.of(approver.id()), now, Optional.of(comment), masksLifted));
        if (!moved) {
            // Another screen decided it between our read and our write; our entry was never committed.
            refuse(screen, request, approver, action, ExportRefusedException.Reason.NOT_PENDING, Optional.empty());
        }
    }

    /// The request, when `approver` may decide it now; else the refusal, audited, as an exception.
    private ExportRequest decidable(Session screen, String requestId, Person approver, AuditAction action)
            throws ExportRefusedException, AuditUnavailableException, SQLException {
        expireOverdue();
        Optional<ExportRequest> found = find(requestId);
        if (found.isEmpty()) {
            throw new ExportRefusedException(ExportRefusedException.Reason.NOT_PENDING, Optional.empty());
        }
        ExportRequest request = found.get();
        if (request.state() == RequestState.EXPIRED) {
            refuse(screen, request, approver, action, ExportRefusedException.Reason.EXPIRED, Optional.empty());
        }
        if (request.state() != RequestState.PENDING) {
            refuse(screen, request, approver, action, ExportRefusedException.Reason.NOT_PENDING, Optional.empty());
        }
        // Checked before the policy: a requester who also holds the right to approve is still the requester.
        if (request.requesterId().equals(approver.id())) {
            refuse(screen, request, approver, action, ExportRefusedException.Reason.SELF_APPROVAL, Optional.empty());
        }
        if (catalog.decide(asApprover(screen, approver), Permission.APPROVE_EXPORT, request.cameraId()) instanceof Decision.Denied denied) {
            refuse(screen, request, approver, action, ExportRefusedException.Reason.POLICY, Optional.of(denied.reason()));
        }
        return request;
    }

    /// Records the refusal (`POLICY_DENIAL` of `action`, with the reason) and throws it.
    private void refuse(Session screen, ExportRequest request, Person approver, AuditAction action, ExportRefusedException.Reason reason,
            Optional<mamori.policy.DenialReason> policyReason) throws ExportRefusedException, AuditUnavailableException {
        audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(approver.id()).session(screen.id()).camera(request.cameraId())
                .range(request.span()).detail("action", action).detail("request", request.id()).detail("requester", request.requesterId())
                .detail("reason", policyReason.map(Enum::name).orElse(reason.name())));
        throw new ExportRefusedException(reason, policyReason);
    }

    /// The approver as the policy sees them: at this terminal, now (the screen's session is someone else's).
    private static Session asApprover(Session screen, Person approver) {
        return new Session(screen.id(), approver, screen.terminal(), screen.startedAt());
    }

    private static String comment(String comment) {
        String said = comment == null ? "" : comment.strip();
        if (said.length() > ExportRequest.MAX_COMMENT) {
            throw new IllegalArgumentException("A comment has at most " + ExportRequest.MAX_COMMENT + " characters");
        }
        return said;
    }

    /// Runs `change`; when it changed something, appends `event` and commits only after the log has
    /// (a refusal of the log rolls the change back). Returns whether it changed something.
    boolean inTransactionAfterEntry(AuditEvent event, Database.SqlWork<Boolean> change) throws AuditUnavailableException, SQLException {
        try {
            return database.inTransaction(connection -> {
                boolean changed = change.run(connection);
                if (changed) {
                    try {
                        audit.append(event);
                    } catch (AuditUnavailableException e) {
                        throw new LogRefused(e);
                    }
                }
                return changed;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    /// Carries the log's refusal out of the transaction, which rolls back on it.
    private static final class LogRefused extends RuntimeException {
        private final AuditUnavailableException cause;

        LogRefused(AuditUnavailableException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
