package mamori.usb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.store.Database;

/// The removable media an administrator has approved for copies (vendor id, product id, serial
/// number). Approving and revoking are `CONFIGURATION_CHANGE` entries with the old and new value;
/// the change and its entry go together (the entry is committed before the change, and the change
/// rolled back when the log refuses it).
public final class ApprovedMedia {

    /// The setting name the entries carry.
    public static final String SETTING = "usb.approvedMedia";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    public ApprovedMedia(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /// One approved medium.
    public record Approval(MediaIdentity identity, String label, String approvedBy, Instant approvedAt) {

        Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>(identity.auditDetails());
            details.put("label", label);
            return details;
        }
    }

    /// Whether `identity` is approved; a device without a serial number never is.
    public boolean isApproved(MediaIdentity identity) throws SQLException {
        return identity.hasSerial() && database.inTransaction(connection -> find(connection, identity)).isPresent();
    }

    public List<Approval> all() throws SQLException {
        return database.inTransaction(connection -> {
            List<Approval> approvals = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT vendor_id, product_id, serial, label, approved_by, "
                    + "approved_at FROM usb_approved_medium ORDER BY label, vendor_id, product_id, serial");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    approvals.add(approval(rows));
                }
            }
            return approvals;
        });
    }

    /// Approves `identity` under `label` (or renames an approved one); nothing is recorded when unchanged.
    public void approve(Session by, MediaIdentity identity, String label)
            throws SQLException, AuditUnavailableException, MediaApprovalDeniedException {
        if (!identity.hasSerial()) {
            throw new IllegalArgumentException("A device without a serial number cannot be told apart from others of its model; it cannot be approved");
        }
        if (label.isBlank() || label.length() > 200) {
            throw new IllegalArgumentException("A medium's label has 1 to 200 characters");
        }
        requireAdministrator(by);
        change(by, connection -> {
            Optional<Approval> old = find(connection, identity);
            if (old.isPresent() && old.get().label().equals(label)) {
                return Optional.empty();
            }
            Approval approval = new Approval(identity, label, by.person().id(), clock.instant());
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO usb_approved_medium (vendor_id, product_id, serial, "
                    + "label, approved_by, approved_at) KEY (vendor_id, product_id, serial) VALUES (?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, identity.vendorId());
                merge.setString(2, identity.productId());
                merge.setString(3, identity.serial());
                merge.setString(4, label);
                merge.setString(5, by.person().id());
                merge.setObject(6, OffsetDateTime.ofInstant(approval.approvedAt(), ZoneOffset.UTC));
                merge.executeUpdate();
            }
            return Optional.of(new Change(old.map(Approval::auditDetails).orElse(null), approval.auditDetails()));
        });
    }

    /// Revokes `identity`'s approval; nothing is recorded when it was not approved.
    public void revoke(Session by, MediaIdentity identity) throws SQLException, AuditUnavailableException, MediaApprovalDeniedException {
        requireAdministrator(by);
        change(by, connection -> {
            Optional<Approval> old = find(connection, identity);
            if (old.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM usb_approved_medium WHERE vendor_id = ? AND product_id = ? AND serial = ?")) {
                delete.setString(1, identity.vendorId());
                delete.setString(2, identity.productId());
                delete.setString(3, identity.serial());
                delete.executeUpdate();
            }
            return Optional.of(new Change(old.get().auditDetails(), null));
        });
    }

    private void requireAdministrator(Session by) throws AuditUnavailableException, MediaApprovalDeniedException {
        if (!by.person().active() || !by.person().holds(Role.ADMINISTRATOR)) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id())
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("setting", SETTING).detail("reason", "NOT_ADMINISTRATOR"));
            throw new MediaApprovalDeniedException(by.person().id() + " is not an active administrator");
        }
    }

    private void change(Session by, ChangeWork work) throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                Optional<Change> change = work.apply(connection);
                if (change.isPresent()) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("setting", SETTING);
                    details.put("old", change.get().old());
                    details.put("new", change.get().updated());
                    AuditEvent event = AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id());
                    for (var detail : details.entrySet()) {
                        event = event.detail(detail.getKey(), detail.getValue());
                    }
                    try {
                        audit.append(event);
                    } catch (AuditUnavailableException e) {
                        throw new LogRefused(e);
                    }
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    private static Optional<Approval> find(Connection connection, MediaIdentity identity) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT vendor_id, product_id, serial, label, approved_by, approved_at "
                + "FROM usb_approved_medium WHERE vendor_id = ? AND product_id = ? AND serial = ?")) {
            query.setString(1, identity.vendorId());
            query.setString(2, identity.productId());
            query.setString(3, identity.serial());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(approval(row)) : Optional.empty();
            }
        }
    }

    private static Approval approval(ResultSet row) throws SQLException {
        return new Approval(new MediaIdentity(row.getString(1), row.getString(2), row.getString(3)), row.getString(4), row.getString(5),
                row.getObject(6, OffsetDateTime.class).toInstant());
    }

    private record Change(Map<String, Object> old, Map<String, Object> updated) {
    }

    @FunctionalInterface
    private interface ChangeWork {
        Optional<Change> apply(Connection connection) throws SQLException;
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
