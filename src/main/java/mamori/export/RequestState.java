package mamori.export;

/// Where an export request stands (decision 0024). `PENDING` waits for a second person; it ends
/// `DENIED` or `EXPIRED`, or is `APPROVED` and then `WRITTEN` (the package exists) or `CANCELLED`
/// (production stopped or failed, nothing left behind). Only `PENDING` and `APPROVED` move on.
public enum RequestState {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED,
    WRITTEN,
    CANCELLED
}
