package mamori.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import mamori.export.IsoBoxes.Box;
import mamori.export.IsoBoxes.MalformedBoxException;

/// Follows the top-level boxes of a signed MP4 as its bytes stream past, in one pass: the file's
/// SHA-256, and the SHA-256 of its ONVIF signature input (the same bytes with the signature in
/// `sibo` set to zero), which shares the file digest's state up to the file-level `meta` box.
/// The `meta` box (bounded) is kept to read the signature and certificate from. Problems are kept,
/// not thrown, so that the caller can first check that the bytes were not changed in transit.
final class SignedMp4Check implements WinZipAes.Sink {

    private final long size;
    private final MessageDigest file = PackageLayout.sha256();
    private MessageDigest signatureInput;
    private final byte[] header = new byte[16];
    private int headerFill;
    private long position;
    private long boxEnd;
    private boolean inMeta;
    private long metaStart = -1;
    private final ByteArrayOutputStream meta = new ByteArrayOutputStream();
    private OnvifExportSignature.ReadBack readBack;
    private String problem;
    private int boxes;

    SignedMp4Check(long size) {
        this.size = size;
    }

    @Override
    public void accept(byte[] data, int offset, int length) {
        if (problem != null) {
            return;
        }
        int end = offset + length;
        while (offset < end && problem == null) {
            if (position == boxEnd) {
                offset = takeHeader(data, offset, end);
                continue;
            }
            int n = (int) Math.min(end - offset, boxEnd - position);
            if (inMeta) {
                meta.write(data, offset, n);
            } else {
                outside(data, offset, n);
            }
            position += n;
            offset += n;
            if (inMeta && position == boxEnd) {
                endMeta();
            }
        }
    }

    private void outside(byte[] data, int offset, int length) {
        file.update(data, offset, length);
        if (signatureInput != null) {
            signatureInput.update(data, offset, length);
        }
    }

    private int takeHeader(byte[] data, int offset, int end) {
        int needed = headerFill < 8 ? 8 : 16;
        int n = Math.min(end - offset, needed - headerFill);
        System.arraycopy(data, offset, header, headerFill, n);
        headerFill += n;
        offset += n;
        if (headerFill < 8 || (headerFill < 16 && ByteBuffer.wrap(header, 0, 4).getInt() == 1)) {
            return offset; // more header to come (a size of 1 means a 64-bit size follows)
        }
        long start = position;
        Box box;
        try {
            if (++boxes > IsoBoxes.MAX_TOP_LEVEL_BOXES) {
                throw new MalformedBoxException("too many boxes");
            }
            box = IsoBoxes.header(ByteBuffer.wrap(header, 0, headerFill), start, size);
        } catch (MalformedBoxException e) {
            problem = "the video is not a well-formed MP4: " + e.getMessage();
            return end;
        }
        int headerLength = headerFill;
        headerFill = 0;
        if (box.payloadStart() - box.start() != headerLength) {
            problem = "the video is not a well-formed MP4: a box header at offset " + start + " is inconsistent";
            return end;
        }
        boxEnd = box.end();
        position += headerLength;
        if (box.type().equals("meta")) {
            if (metaStart >= 0) {
                problem = "the video has more than one file-level 'meta' box (signed again after export?)";
                return end;
            }
            if (box.size() > OnvifExportSignature.MAX_META_BYTES) {
                problem = "the video's signature box is larger than " + OnvifExportSignature.MAX_META_BYTES + " bytes";
                return end;
            }
            metaStart = start;
            inMeta = true;
            meta.write(header, 0, headerLength);
            if (position == boxEnd) {
                endMeta();
            }
        } else {
            outside(header, 0, headerLength);
        }
        return offset;
    }

    private void endMeta() {
        inMeta = false;
        byte[] bytes = meta.toByteArray();
        try {
            readBack = OnvifExportSignature.read(bytes);
        } catch (MalformedBoxException e) {
            problem = "the video's ONVIF signature box is not well formed: " + e.getMessage();
            return;
        }
        signatureInput = cloneOf(file);
        file.update(bytes);
        byte[] zeroed = bytes.clone();
        java.util.Arrays.fill(zeroed, readBack.signatureOffset(), readBack.signatureOffset() + readBack.signatureLength(), (byte) 0);
        signatureInput.update(zeroed);
    }

    static MessageDigest cloneOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned on the Java platform", e);
        }
    }

    /// The problem found, once all bytes went past (a box cut off, no signature box), or null.
    String problem() {
        if (problem == null && (headerFill != 0 || position != boxEnd || position != size)) {
            return "the video is cut off inside a box";
        }
        if (problem == null && readBack == null) {
            return "the video has no ONVIF signature box (file-level 'meta')";
        }
        return problem;
    }

    OnvifExportSignature.ReadBack readBack() {
        return readBack;
    }

    /// Where the signature bytes are in the file.
    long signatureOffset() {
        return metaStart + readBack.signatureOffset();
    }

    byte[] signatureInputSha256() {
        return signatureInput.digest();
    }

    byte[] sha256() {
        return file.digest();
    }

    byte[] signature() {
        byte[] bytes = meta.toByteArray();
        return java.util.Arrays.copyOfRange(bytes, readBack.signatureOffset(), readBack.signatureOffset() + readBack.signatureLength());
    }
}
