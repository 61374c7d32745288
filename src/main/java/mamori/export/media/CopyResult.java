package mamori.export.media;

import java.nio.file.Path;

/// A finished copy: where it is, what was read back from it, and the audit entry that records it.
/// `alreadyPresent` when an identical copy was there before (read back and recorded, not written again).
public record CopyResult(Destination destination, Path file, String sha256, long bytes, ReadBack readBack, boolean alreadyPresent,
        long auditSeq) {

    /// How the copy was read back.
    public enum ReadBack {
        /// With `O_DIRECT`: the bytes came from the medium, not from the PC's page cache.
        DIRECT,
        /// The file system does not allow direct reads: read through the page cache after `fsync`
        /// (this proves the file system holds the bytes, not that the medium does).
        CACHED
    }
}
