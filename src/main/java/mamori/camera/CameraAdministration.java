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
import mamori.policy.Grant;
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

    /// Longest camera code, name and location accepted (the columns' sizes).
    public static final int MAX_CODE_CHARS = 32;
    public static final int MAX_NAME_CHARS = 200;

    /// Registers a new camera with its source; needs the right to administer all cameras (a new camera
    /// has no grants of its own yet). Recorded with `old` saying there was no such camera.
    public Camera add(Session by, String code, String name, String location, CameraSource source)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        Camera camera = new Camera(java.util.UUID.randomUUID().toString(), requireText(code, "code", MAX_CODE_CHARS),
                requireText(name, "name", MAX_NAME_CHARS), requireLocation(location), source.kind());
        if (!camera.code().matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("A camera code has only letters, digits, '-' and '_'");
        }
        if (!catalog.allowsAny(by, Permission.ADMINISTER)) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id())
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("setting", "camera added")
                    .detail("reason", mamori.policy.DenialReason.NO_GRANT));
            throw new AdministrationDeniedException(mamori.policy.DenialReason.NO_GRANT);
        }
        change(by, camera.id(), "camera added", connection -> {
            int position;
            try (var query = connection.prepareStatement("SELECT COUNT(*), COALESCE(MAX(position), -1) + 1, "
                    + "SUM(CASE WHEN code = ? THEN 1 ELSE 0 END) FROM camera")) {
                query.setString(1, camera.code());
                try (var row = query.executeQuery()) {
                    row.next();
                    if (row.getLong(3) > 0) {
                        throw new IllegalArgumentException("A camera with the code " + camera.code() + " exists already");
                    }
                    position = row.getInt(2);
                }
            }
            CameraRepository.insert(connection, new Camera(camera.id(), camera.code(), camera.name(), camera.location(),
                    Camera.SourceKind.RECORDING_STORE), position);
            CameraSourceRepository.setSource(connection, camera.id(), source);
            Map<String, Object> added = new java.util.LinkedHashMap<>(descriptionDetails(camera.name(), camera.location()));
            added.put("code", camera.code());
            added.put("source", source.auditDetails());
            return Optional.of(new Change(Map.of("registered", false), added));
        });
        return camera;
    }

    /// Sets `cameraId`'s name and location; nothing is written or recorded when both are unchanged.
    public void describe(Session by, String cameraId, String name, String location)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        String newName = requireText(name, "name", MAX_NAME_CHARS);
        String newLocation = requireLocation(location);
        requireAdministrator(by, cameraId);
        change(by, cameraId, "description", connection -> {
            Map<String, Object> old;
            try (var query = connection.prepareStatement("SELECT name, location FROM camera WHERE id = ?")) {
                query.setString(1, cameraId);
                try (var row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("No camera " + cameraId);
                    }
                    old = descriptionDetails(row.getString(1), row.getString(2));
                }
            }
            Map<String, Object> updated = descriptionDetails(newName, newLocation);
            if (old.equals(updated)) {
                return Optional.empty();
            }
            try (var update = connection.prepareStatement("UPDATE camera SET name = ?, location = ? WHERE id = ?")) {
                update.setString(1, newName);
                update.setString(2, newLocation);
                update.setString(3, cameraId);
                update.executeUpdate();
            }
            return Optional.of(new Change(old, updated));
        });
    }

    private static Map<String, Object> descriptionDetails(String name, String location) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("name", name);
        details.put("location", location);
        return details;
    }

    private static String requireText(String text, String what, int maxChars) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty() || trimmed.length() > maxChars) {
            throw new IllegalArgumentException("The camera's " + what + " must be 1 to " + maxChars + " characters");
        }
        return trimmed;
    }

    private static String requireLocation(String location) {
        String trimmed = location == null ? "" : location.strip();
        if (trimmed.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("The camera's location must be at most " + MAX_NAME_CHARS + " characters");
        }
        return trimmed;
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

    /// Gives `grant` (to a person or a role, on one camera or all); nothing is written or recorded
    /// when it is already held. A grant on all cameras needs the right to administer them all.
    public void grant(Session by, Grant grant) throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        requireAdministrator(by, grant.cameraId());
        change(by, grant.cameraId().orElse(null), "camera grant", connection -> {
            if (CameraRepository.exists(connection, grant)) {
                return Optional.empty();
            }
            CameraRepository.insert(connection, grant);
            return Optional.of(new Change(grantDetails(grant, false), grantDetails(grant, true)));
        });
    }

    /// Takes `grant` back; nothing is recorded when it was not held. The last grant to administer all
    /// cameras is not taken back: nobody could administer the kiosk any more.
    public void revoke(Session by, Grant grant) throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        requireAdministrator(by, grant.cameraId());
        if (grant.permission() == Permission.ADMINISTER && grant.cameraId().isEmpty() && catalog.grants().stream()
                .filter(held -> held.permission() == Permission.ADMINISTER && held.cameraId().isEmpty()).count() <= 1) {
            throw new IllegalArgumentException("This is the last right to administer all cameras; give it to someone else first");
        }
        change(by, grant.cameraId().orElse(null), "camera grant", connection -> CameraRepository.delete(connection, grant) == 0
                ? Optional.empty() : Optional.of(new Change(grantDetails(grant, true), grantDetails(grant, false))));
    }

    private static Map<String, Object> grantDetails(Grant grant, boolean held) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        grant.personId().ifPresent(person -> details.put("person", person));
        grant.role().ifPresent(role -> details.put("role", role.name()));
        details.put("camera", grant.cameraId().orElse("all"));
        details.put("permission", grant.permission().name());
        details.put("held", held);
        return details;
    }

    private void requireAdministrator(Session by, Optional<String> cameraId)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        if (cameraId.isPresent()) {
            requireAdministrator(by, cameraId.get());
            return;
        }
        // All cameras: administering each of them, which a grant to administer all cameras gives.
        for (Camera camera : catalog.cameras()) {
            requireAdministrator(by, camera.id());
        }
    }

    void requireAdministrator(Session by, String cameraId)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        if (catalog.decide(by, Permission.ADMINISTER, cameraId) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id()).camera(cameraId)
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("reason", denied.reason()));
            throw new AdministrationDeniedException(denied.reason());
        }
    }

    /// `cameraId` null: a change that concerns all cameras.
    void change(Session by, String cameraId, String setting, ChangeWork work) throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                Optional<Change> change = work.apply(connection);
                if (change.isPresent()) {
                    try {
                        AuditEvent event = AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id());
                        audit.append((cameraId == null ? event : event.camera(cameraId)).detail("setting", setting).detail("old", change.get().old())
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

    record Change(Map<String, Object> old, Map<String, Object> updated) {
    }

    @FunctionalInterface
    interface ChangeWork {
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
