package mamori.camera;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.policy.Permission;
import mamori.store.Database;

/// Changes of a camera's source settings and account, each a `CONFIGURATION_CHANGE` entry with the
/// old and the new values (of a password only whether it was set or changed, never the value).
///
/// Fails closed: the change and its entry go together. The change is written in a transaction, the
/// entry appended (and committed by the log) before that transaction commits, and the transaction
/// rolled back when the log refuses the entry.
public final class CameraAdministration {

    private final Database database;
    private final CameraCatalog catalog;
    private final CredentialStore credentials;
    private final AuditLog audit;

    public CameraAdministration(Database database, CameraCatalog catalog, CredentialStore credentials, AuditLog audit) {
        this.database = database;
        this.catalog = catalog;
        this.credentials = credentials;
        this.audit = audit;
    }

    /// Sets where `cameraId`'s video comes from; nothing is written or recorded when it is unchanged.
    public void changeSource(Session by, String cameraId, CameraSource source)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        requireAdministrator(by, cameraId);
        change(by, cameraId, "source", connection -> {
            CameraSource old = CameraSourceRepository.source(connection, cameraId);
            if (old.equals(source)) {
                return Optional.empty();
            }
            CameraSourceRepository.setSource(connection, cameraId, source);
            return Optional.of(new Change(old.auditDetails(), source.auditDetails()));
        });
    }

    /// Sets (or replaces) the account `cameraId` is reached with.
    public void setAccount(Session by, String cameraId, CameraAccount account)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        requireAdministrator(by, cameraId);
        change(by, cameraId, "credentials", connection -> {
            Optional<String> oldUser = CredentialStore.userName(connection, cameraId);
            credentials.set(connection, cameraId, account);
            return Optional.of(new Change(accountDetails(oldUser, oldUser.isPresent() ? "set" : "not set"),
                    accountDetails(Optional.of(account.user()), oldUser.isPresent() ? "changed" : "set")));
        });
    }

    /// Forgets `cameraId`'s account; nothing is recorded when it had none.
    public void removeAccount(Session by, String cameraId)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        requireAdministrator(by, cameraId);
        change(by, cameraId, "credentials", connection -> {
            Optional<String> oldUser = CredentialStore.userName(connection, cameraId);
            if (oldUser.isEmpty()) {
                return Optional.empty();
            }
            CredentialStore.remove(connection, cameraId);
            return Optional.of(new Change(accountDetails(oldUser, "set"), accountDetails(Optional.empty(), "removed")));
        });
    }

    private void requireAdministrator(Session by, String cameraId)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        if (catalog.decide(by, Permission.ADMINISTER, cameraId) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id()).camera(cameraId)
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("reason", denied.reason()));
            throw new AdministrationDeniedException(denied.reason());
        }
    }

    private void change(Session by, String cameraId, String setting, ChangeWork work) throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                Optional<Change> change = work.apply(connection);
                if (change.isPresent()) {
                    try {
                        audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                                .camera(cameraId).detail("setting", setting).detail("old", change.get().old())
                                .detail("new", change.get().updated()));
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

    /// An account as the audit log shows it: the user name, and the password only as a state.
    private static Map<String, Object> accountDetails(Optional<String> user, String passwordState) {
        Map<String, Object> details = new HashMap<>();
        details.put("user", user.orElse(null));
        details.put("password", passwordState);
        return details;
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
