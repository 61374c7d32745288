package mamori.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mamori.export.IsoBoxes.Box;
import mamori.export.IsoBoxes.MalformedBoxException;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/// The ONVIF Export File Format signature of an MP4 (ONVIF Export File Format Specification,
/// "Signature" and "Required Side Information"): a file-level `meta` box appended after the
/// existing boxes (so no chunk offset moves) holding `hdlr`, the SurveillanceExportBox `suep`
/// (export unit, time, operator, one entry per track) and `ipro`/`sinf` with `cstb` (the footage's
/// start time), `schm` ('oeff', version 1.0) and `schi` with the SignatureBox `sibo` and the
/// CertificateBox `cert` (DER).
///
/// What is signed: every byte of the file, with the signature bytes inside `sibo` set to zero
/// (the spec's "Preparing the signature input" and its Annex A check), RSASSA-PSS with SHA-256,
/// MGF1-SHA-256, salt length 20, trailer 0xBC (the spec's default, so no `sigC` box).
final class OnvifExportSignature {

    static final int SALT_LENGTH = 20;
    /// Largest signature `meta` box a verifier reads into memory.
    static final int MAX_META_BYTES = 1024 * 1024;
    private static final long SECONDS_1904_TO_1970 = 2_082_844_800L;
    private static final long SECONDS_1601_TO_1970 = 11_644_473_600L;

    private OnvifExportSignature() {
    }

    /// The `meta` box to append, its signature bytes still zero, and where they sit inside it.
    record SignatureBox(byte[] meta, int signatureOffset, int signatureLength) {

        byte[] withSignature(byte[] signature) {
            if (signature.length != signatureLength) {
                throw new IllegalArgumentException("signature of " + signature.length + " bytes, expected " + signatureLength);
            }
            byte[] signed = meta.clone();
            System.arraycopy(signature, 0, signed, signatureOffset, signatureLength);
            return signed;
        }
    }

    /// What the `meta` box of a signed file says, as read back.
    record ReadBack(int signatureOffset, int signatureLength, byte[] certificateDer, String exportUnit, String operator,
            Instant exportTime) {
    }

    /// Checks the plain MP4's top-level structure and returns its track ids (from `moov`'s `tkhd`s).
    static List<Integer> trackIds(FileChannel file) throws IOException, MalformedBoxException {
        List<Box> top = IsoBoxes.topLevel(file);
        if (top.isEmpty() || !top.getFirst().type().equals("ftyp")) {
            throw new MalformedBoxException("the file does not start with an 'ftyp' box");
        }
        Box moov = null;
        for (Box box : top) {
            if (box.type().equals("meta")) {
                throw new MalformedBoxException("the file already has a file-level 'meta' box");
            }
            if (box.type().equals("moov")) {
                if (moov != null) {
                    throw new MalformedBoxException("more than one 'moov' box");
                }
                moov = box;
            }
        }
        if (moov == null) {
            throw new MalformedBoxException("no 'moov' box");
        }
        if (moov.size() > IsoBoxes.MAX_IN_MEMORY_BOX) {
            throw new MalformedBoxException("the 'moov' box is larger than " + IsoBoxes.MAX_IN_MEMORY_BOX + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) moov.size());
        while (buffer.hasRemaining() && file.read(buffer, moov.start() + buffer.position()) >= 0) {
            // reads until full
        }
        byte[] data = buffer.array();
        List<Integer> ids = new ArrayList<>();
        for (Box trak : IsoBoxes.children(data, (int) (moov.payloadStart() - moov.start()), data.length)) {
            if (!trak.type().equals("trak")) {
                continue;
            }
            Box tkhd = IsoBoxes.only(data, trak, 0, "tkhd");
            int payload = (int) tkhd.payloadStart();
            int version = data[payload] & 0xff;
            int idAt = payload + 4 + (version == 1 ? 16 : 8);
            if (idAt + 4 > tkhd.end()) {
                throw new MalformedBoxException("a 'tkhd' box is cut off");
            }
            ids.add(ByteBuffer.wrap(data, idAt, 4).getInt());
        }
        if (ids.isEmpty()) {
            throw new MalformedBoxException("no track in 'moov'");
        }
        return ids;
    }

    /// The signature `meta` box for `order`'s export, with room for a signature by `certificate`'s key.
    static SignatureBox signatureBox(ExportOrder order, List<Integer> trackIds, Instant exportTime, X509Certificate certificate)
            throws CertificateEncodingException {
        int signatureLength = (((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength() + 7) / 8;
        IsoBoxes.Writer w = new IsoBoxes.Writer();
        w.beginFull("meta", 0, 0);
        w.beginFull("hdlr", 0, 0).u32(0).fourCc("null").u32(0).u32(0).u32(0).string("Mamori ONVIF export signature").end();
        w.beginFull("suep", 1, 0)
                .string(order.terminalId()).string("").string("")
                .u64(exportTime.getEpochSecond() + SECONDS_1904_TO_1970)
                .string(order.approverName() + " (" + order.approverId() + "), requested by " + order.requesterName() + " ("
                        + order.requesterId() + ")")
                .u32(trackIds.size());
        for (int id : trackIds) {
            w.u16(id).string(order.cameraId()).string("").string("").string("");
        }
        w.end();
        w.beginFull("ipro", 0, 0).u16(1);
        w.begin("sinf");
        Instant start = order.span().from();
        long hundredNanos = Math.addExact(Math.multiplyExact(start.getEpochSecond() + SECONDS_1601_TO_1970, 10_000_000L),
                start.getNano() / 100);
        w.begin("cstb").u32(1).u32(trackIds.getFirst()).u64(hundredNanos).end();
        w.beginFull("schm", 0, 0).fourCc("oeff").u32(0x00010000).end();
        w.begin("schi");
        w.begin("sibo");
        int signatureOffset = w.position();
        w.bytes(new byte[signatureLength]).end();
        w.begin("cert").bytes(certificate.getEncoded()).end();
        w.end(); // schi
        w.end(); // sinf
        w.end(); // ipro
        w.end(); // meta
        return new SignatureBox(w.toByteArray(), signatureOffset, signatureLength);
    }

    /// Reads a signature `meta` box (exactly one `sinf`, scheme 'oeff' 1.x, one `sibo`, one `cert`).
    static ReadBack read(byte[] meta) throws MalformedBoxException {
        List<Box> top = IsoBoxes.children(meta, 0, meta.length);
        if (top.size() != 1 || !top.getFirst().type().equals("meta")) {
            throw new MalformedBoxException("not a single 'meta' box");
        }
        Box box = top.getFirst();
        Box suep = IsoBoxes.only(meta, box, 4, "suep");
        Box ipro = IsoBoxes.only(meta, box, 4, "ipro");
        Box sinf = IsoBoxes.only(meta, ipro, 6, "sinf");
        Box schm = IsoBoxes.only(meta, sinf, 0, "schm");
        if (schm.end() - schm.payloadStart() < 12
                || !IsoBoxes.fourCc(ByteBuffer.wrap(meta, (int) schm.payloadStart() + 4, 4).getInt()).equals("oeff")
                || (ByteBuffer.wrap(meta, (int) schm.payloadStart() + 8, 4).getInt() >>> 16) != 1) {
            throw new MalformedBoxException("the protection scheme is not ONVIF Export File Format 1.x ('oeff')");
        }
        Box schi = IsoBoxes.only(meta, sinf, 0, "schi");
        Box sibo = IsoBoxes.only(meta, schi, 0, "sibo");
        Box cert = IsoBoxes.only(meta, schi, 0, "cert");
        for (Box child : IsoBoxes.children(meta, (int) schi.payloadStart(), (int) schi.end())) {
            if (child.type().equals("sigC")) {
                throw new MalformedBoxException("the file names a signature algorithm other than RSASSA-PSS/SHA-256 ('sigC')");
            }
        }
        // suep: version 1, then unit name, URL, MAC, time, operator
        int at = (int) suep.payloadStart() + 4;
        int end = (int) suep.end();
        String[] unit = new String[3];
        for (int i = 0; i < 3; i++) {
            int nul = nul(meta, at, end);
            unit[i] = new String(meta, at, nul - at, StandardCharsets.UTF_8);
            at = nul + 1;
        }
        if (at + 8 > end) {
            throw new MalformedBoxException("the 'suep' box is cut off");
        }
        long isoSeconds = ByteBuffer.wrap(meta, at, 8).getLong();
        if (isoSeconds < 0 || isoSeconds > SECONDS_1904_TO_1970 + 32_503_680_000L) {
            throw new MalformedBoxException("the export time in 'suep' is not a date before the year 3000");
        }
        at += 8;
        int nul = nul(meta, at, end);
        String operator = new String(meta, at, nul - at, StandardCharsets.UTF_8);
        return new ReadBack((int) sibo.payloadStart(), (int) (sibo.end() - sibo.payloadStart()),
                Arrays.copyOfRange(meta, (int) cert.payloadStart(), (int) cert.end()), unit[0], operator,
                Instant.ofEpochSecond(isoSeconds - SECONDS_1904_TO_1970));
    }

    private static int nul(byte[] data, int from, int end) throws MalformedBoxException {
        for (int i = from; i < end; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        throw new MalformedBoxException("a string in 'suep' has no end");
    }

    /// The RSASSA-PSS signature of a SHA-256 `digest` of the signature input.
    static byte[] sign(PrivateKey key, byte[] digest, SecureRandom random) throws IOException, CryptoException {
        PSSSigner signer = PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), SALT_LENGTH,
                PSSSigner.TRAILER_IMPLICIT);
        signer.init(true, new ParametersWithRandom(PrivateKeyFactory.createKey(key.getEncoded()), random));
        signer.update(digest, 0, digest.length);
        return signer.generateSignature();
    }

    /// True when `signature` is `key`'s RSASSA-PSS signature of the SHA-256 `digest`.
    static boolean verifies(PublicKey key, byte[] digest, byte[] signature) throws IOException {
        PSSSigner verifier = PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), SALT_LENGTH,
                PSSSigner.TRAILER_IMPLICIT);
        verifier.init(false, PublicKeyFactory.createKey(key.getEncoded()));
        verifier.update(digest, 0, digest.length);
        return verifier.verifySignature(signature);
    }
}
