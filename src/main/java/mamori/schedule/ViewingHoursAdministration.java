package mamori.schedule;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.camera.AdministrationDeniedException;
import mamori.camera.Camera;
import mamori.camera.CameraCatalog;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.policy.Permission;
import mamori.policy.ViewingSchedule;
import mamori.store.Database;

/// Setting and removing viewing schedules, each a `CONFIGURATION_CHANGE` entry (setting "viewing
/// hours") with the owner and the old and new schedule as [ScheduleText] lines. Only someone who
/// administers every camera may change hours, since hours govern them all.
///
/// Fails closed: the change is written in a transaction, the entry appended (and committed by the
/// log) before that transaction commits, and the transaction rolled back when the log refuses it.
public final class ViewingHoursAdministration {

    private final Database database;
    private final CameraCatalog catalog;
    private final AuditLog audit;

    public ViewingHoursAdministration(Database database, CameraCatalog catalog, AuditLog audit) {
        this.database = database;
        this.catalog = catalog;
        this.audit = audit;
    }

    /// The schedule `owner` has now; empty when none is set (a role is then unrestricted, a person
    /// gets their roles' hours).
    public Optional<ViewingSchedule> schedule(ScheduleOwner owner) throws SQLException {
        return database.inTransaction(connection -> ViewingHoursRepository.schedule(connection, owner));
    }

    /// Sets `owner`'s schedule, replacing any; nothing is written or recorded when it is unchanged.
    public void set(Session by, ScheduleOwner owner, ViewingSchedule schedule)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        change(by, owner, Optional.of(schedule));
    }

    /// Removes `owner`'s schedule; nothing is recorded when there was none.
    public void clear(Session by, ScheduleOwner owner) throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        change(by, owner, Optional.empty());
    }

    private void change(Session by, ScheduleOwner owner, Optional<ViewingSchedule> updated)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        requireAdministratorOfAll(by);
        try {
            database.inTransaction(connection -> {
                Optional<ViewingSchedule> old = ViewingHoursRepository.schedule(connection, owner);
                if (old.equals(updated)) {
                    return null;
                }
                ViewingHoursRepository.replace(connection, owner, updated);
                try {
                    audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                            .detail("setting", "viewing hours").detail("owner", ownerDetails(owner))
                            .detail("old", describe(old)).detail("new", describe(updated)));
                } catch (AuditUnavailableException e) {
                    throw new LogRefused(e);
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    private static Map<String, Object> ownerDetails(ScheduleOwner owner) {
        return switch (owner) {
            case ScheduleOwner.OfPerson(String personId) -> Map.of("person", personId);
            case ScheduleOwner.OfRole role -> Map.of("role", role.role().name());
        };
    }

    /// "none" for no schedule (not the same as an empty one, which allows nothing).
    private static Object describe(Optional<ViewingSchedule> schedule) {
        return schedule.<Object>map(ScheduleText::lines).orElse("none");
    }

    private void requireAdministratorOfAll(Session by) throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        List<Camera> cameras = catalog.cameras();
        if (cameras.isEmpty() && !by.person().holds(mamori.identity.Role.ADMINISTRATOR)) {
            throw new AdministrationDeniedException(mamori.policy.DenialReason.NO_GRANT);
        }
        for (Camera camera : cameras) {
            if (catalog.decide(by, Permission.ADMINISTER, camera.id()) instanceof Decision.Denied denied) {
                audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id()).camera(camera.id())
                        .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("setting", "viewing hours")
                        .detail("reason", denied.reason()));
                throw new AdministrationDeniedException(denied.reason());
            }
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
