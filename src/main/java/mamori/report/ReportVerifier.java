package mamori.report;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLogDamagedException;
import mamori.audit.AuditRange;
import mamori.audit.StoredEntry;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/// Checks a report file: its one signature covers the whole file and verifies with the terminal's
/// report certificate; the log records the report's generation with this file's hash; the entries
/// the report covers are in the log unchanged; and the log since the report's checkpoint is an
/// extension of it (nothing cut, nothing edited). Throws [ReportInvalidException] naming the first
/// thing that does not hold.
public final class ReportVerifier {

    /// Larger files are refused before parsing.
    static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    private final AuditEntryStore store;
    private final Map<String, byte[]> auditKeys;
    private final X509Certificate trustedCertificate;

    public ReportVerifier(AuditEntryStore store, Map<String, byte[]> auditKeys, X509Certificate trustedCertificate) {
        this.store = store;
        this.auditKeys = auditKeys;
        this.trustedCertificate = trustedCertificate;
    }

    /// What a valid report is.
    public record Verified(String reportNumber, long firstSeq, long lastSeq, long checkpointSize, long generationEntry, long logEntries,
            int laterCheckpoints) {
    }

    public Verified verify(byte[] file) throws ReportInvalidException, IOException, SQLException {
        if (file.length > MAX_FILE_BYTES) {
            throw new ReportInvalidException("the file is larger than a report can be");
        }
        byte[] text;
        byte[] leaves;
        try (PDDocument document = Loader.loadPDF(file)) {
            var signatures = document.getSignatureDictionaries();
            if (signatures.size() != 1) {
                throw new ReportInvalidException("a report carries exactly one signature; this file has " + signatures.size());
            }
            checkSignature(signatures.getFirst(), file);
            var names = document.getDocumentCatalog().getNames();
            var embedded = names == null || names.getEmbeddedFiles() == null ? null : names.getEmbeddedFiles().getNames();
            if (embedded == null) {
                throw new ReportInvalidException("the report carries no binding to the audit log");
            }
            text = content(embedded.get(ReportBinding.TEXT_FILE), ReportBinding.MAX_TEXT_BYTES);
            leaves = content(embedded.get(ReportBinding.LEAVES_FILE), ReportBinding.MAX_LEAVES * 32);
        } catch (IOException e) {
            throw new ReportInvalidException("the file is not a readable PDF: " + e.getMessage(), e);
        }
        ReportBinding.Read read = ReportBinding.read(text, leaves, auditKeys);
        AuditRange.Extension extension;
        try {
            extension = AuditRange.checkExtension(store, auditKeys, read.binding());
        } catch (AuditLogDamagedException e) {
            throw new ReportInvalidException("the audit log no longer matches the report: " + e.getMessage(), e);
        }
        long generation = generationEntry(file, read.reportNumber());
        return new Verified(read.reportNumber(), read.binding().firstSeq(), read.binding().lastSeq(), read.binding().checkpoint().treeSize(),
                generation, extension.logEntries(), extension.laterCheckpoints());
    }

    private void checkSignature(PDSignature signature, byte[] file) throws ReportInvalidException, IOException {
        if (!PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName().equals(signature.getSubFilter())) {
            throw new ReportInvalidException("the signature is not a PAdES (ETSI.CAdES.detached) signature");
        }
        int[] range = signature.getByteRange();
        if (range.length != 4 || range[0] != 0 || range[1] < 0 || range[2] <= range[1] || range[3] < 0
                || (long) range[2] + range[3] != file.length) {
            throw new ReportInvalidException("the signature does not cover the whole file (something was added after signing)");
        }
        byte[] signedContent = signature.getSignedContent(file);
        byte[] contents = signature.getContents(file);
        try (ASN1InputStream asn1 = new ASN1InputStream(contents)) {
            // The /Contents field is zero-padded: only its first ASN.1 object is the CMS.
            ContentInfo info = ContentInfo.getInstance(asn1.readObject());
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signedContent), info);
            var signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new ReportInvalidException("the signature has " + signers.size() + " signers, not one");
            }
            SignerInformation signer = signers.iterator().next();
            X509CertificateHolder trusted = new X509CertificateHolder(trustedCertificate.getEncoded());
            if (!signer.getSID().match(trusted)) {
                throw new ReportInvalidException("the report is not signed by this terminal's report certificate");
            }
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(trustedCertificate))) {
                throw new ReportInvalidException("the signature does not verify: the file was changed after signing");
            }
        } catch (CMSException e) {
            throw new ReportInvalidException("the signature does not verify: " + e.getMessage(), e);
        } catch (OperatorCreationException | java.security.cert.CertificateException | RuntimeException e) {
            throw new ReportInvalidException("the signature cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] content(PDComplexFileSpecification spec, long maxBytes) throws ReportInvalidException, IOException {
        if (spec == null || spec.getEmbeddedFile() == null) {
            throw new ReportInvalidException("the report's binding to the audit log is missing");
        }
        try (var in = spec.getEmbeddedFile().createInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ReportInvalidException("the report's binding to the audit log is too large");
            }
            return bytes;
        }
    }

    /// The log's entry recording this file's generation (its SHA-256 and number).
    private long generationEntry(byte[] file, String reportNumber) throws ReportInvalidException, SQLException {
        String hash = HexFormat.of().formatHex(sha256(file));
        for (StoredEntry entry : store.byAction(AuditAction.REPORT_GENERATED)) {
            if (entry.canonical().contains("\"pdfSha256\":\"" + hash + "\"") && entry.canonical().contains("\"report\":\"" + reportNumber + "\"")) {
                return entry.seq();
            }
        }
        throw new ReportInvalidException("the audit log does not record the generation of this file (report " + reportNumber
                + ", SHA-256 " + hash + ")");
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
