package mamori.usb;

/// Someone who is not an active administrator tried to change the approved media.
public final class MediaApprovalDeniedException extends Exception {

    public MediaApprovalDeniedException(String message) {
        super(message);
    }
}
