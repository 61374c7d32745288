package mamori.audit;

/// Every kind of event the audit log records. A new action is added here; a `switch` without
/// `default` over it then shows every place that must handle it.
public enum AuditAction {
    // sessions
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    LOCK,
    UNLOCK,
    FORCED_LOGOUT,
    TERMINAL_LOCKED_OUT,
    LOCKOUT_LIFTED,
    // playback
    PLAY,
    PAUSE,
    RESUME,
    SEEK,
    RATE_CHANGE,
    STOP,
    CAMERA_SWITCH,
    PLAYBACK_FAILED,
    PRIVACY_MASKS_LIFTED,
    PRIVACY_MASKS_RESTORED,
    SNAPSHOT_ATTEMPT,
    // exports
    EXPORT_REQUESTED,
    EXPORT_APPROVED,
    EXPORT_DENIED,
    EXPORT_WRITTEN,
    EXPORT_COPIED_TO_MEDIA,
    EXPORT_VERIFIED,
    EXPORT_DELETED_BY_RETENTION,
    EXPORT_EXPIRED,
    EXPORT_CANCELLED,
    // devices and the terminal
    USB_DEVICE_CONNECTED,
    USB_DEVICE_REMOVED,
    VOLUME_MOUNTED,
    VOLUME_UNMOUNTED,
    READER_CONNECTED,
    READER_LOST,
    KIOSK_STARTED,
    KIOSK_EXITED,
    // policy, configuration, clock, keys, the log itself
    POLICY_DENIAL,
    CONFIGURATION_CHANGE,
    CLOCK_JUMP_DETECTED,
    KEY_ROTATION,
    LOG_VERIFICATION_RUN,
    // reports
    REPORT_GENERATED,
    // terminals
    TERMINAL_REGISTERED,
    // reports, printed
    REPORT_PRINTED,
    // a job the print system refused after REPORT_PRINTED was written
    REPORT_PRINT_FAILED
}
