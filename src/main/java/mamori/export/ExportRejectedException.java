package mamori.export;

/// A package that `mamori export verify` does not accept, with the [Reason] naming what failed.
public final class ExportRejectedException extends Exception {

    /// What failed, in the order the verifier looks.
    public enum Reason {
        /// The passphrase does not open the package.
        WRONG_PASSPHRASE,
        /// Not a Mamori export package: not a ZIP, cut off, unexpected entries or boxes.
        MALFORMED_PACKAGE,
        /// An entry's encrypted bytes were changed inside the ZIP (its WinZip AES authentication code fails).
        PACKAGE_DAMAGED,
        /// The manifest's Ed25519 signature does not verify: the manifest or its signature was changed.
        MANIFEST_SIGNATURE_BAD,
        /// The manifest is not the canonical text Mamori writes: it was edited.
        MANIFEST_CHANGED,
        /// The manifest key is not the one pinned with `--public-key`.
        UNKNOWN_KEY,
        /// The video's bytes (outside its signature) are not those the manifest names.
        MP4_CHANGED,
        /// The video's ONVIF RSASSA-PSS signature does not verify, or is by another certificate.
        MP4_SIGNATURE_BAD,
        /// A file's SHA-256 or size differs from the manifest's.
        HASH_MISMATCH
    }

    private final Reason reason;

    ExportRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    ExportRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
