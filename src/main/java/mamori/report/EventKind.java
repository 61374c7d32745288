package mamori.report;

import java.util.Optional;
import mamori.audit.AuditAction;

/// The kinds of event a report can be limited to.
public enum EventKind {
    VIEWING, EXPORT, DENIAL, LOCKOUT, USB, CLOCK;

    /// The kind an action belongs to in a report; empty for actions a viewing report does not list.
    public static Optional<EventKind> of(AuditAction action) {
        return switch (action) {
            case PLAY, PAUSE, RESUME, SEEK, RATE_CHANGE, STOP, CAMERA_SWITCH, PLAYBACK_FAILED, PRIVACY_MASKS_LIFTED,
                    PRIVACY_MASKS_RESTORED, SNAPSHOT_ATTEMPT -> Optional.of(VIEWING);
            case EXPORT_REQUESTED, EXPORT_APPROVED, EXPORT_WRITTEN, EXPORT_COPIED_TO_MEDIA, EXPORT_VERIFIED,
                    EXPORT_DELETED_BY_RETENTION, EXPORT_EXPIRED, EXPORT_CANCELLED -> Optional.of(EXPORT);
            case POLICY_DENIAL, EXPORT_DENIED, LOGIN_FAILED -> Optional.of(DENIAL);
            case LOCK, FORCED_LOGOUT, TERMINAL_LOCKED_OUT, LOCKOUT_LIFTED -> Optional.of(LOCKOUT);
            case USB_DEVICE_CONNECTED, USB_DEVICE_REMOVED, VOLUME_MOUNTED, VOLUME_UNMOUNTED -> Optional.of(USB);
            case CLOCK_JUMP_DETECTED -> Optional.of(CLOCK);
            case LOGIN, LOGOUT, UNLOCK, READER_CONNECTED, READER_LOST, KIOSK_STARTED, KIOSK_EXITED, CONFIGURATION_CHANGE,
                    KEY_ROTATION, LOG_VERIFICATION_RUN, REPORT_GENERATED, TERMINAL_REGISTERED,
                    REPORT_PRINTED, REPORT_PRINT_FAILED -> Optional.empty();
        };
    }
}
