package mamori.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import mamori.crypto.KeyVault;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/// Signs a PDF PAdES baseline B-B: an incremental update adds a signature field whose /Contents is
/// a detached CMS (SubFilter ETSI.CAdES.detached) over the whole file but that field, made with
/// Bouncy Castle. As B-B requires, the signed attributes hold the content type, the message digest
/// and the signing certificate (ESS signing-certificate-v2) but no signing time: the time is the
/// signature dictionary's /M (ETSI EN 319 142-1, 5.3 and 6.3).
public final class ReportSigner {

    private static final int SIGNATURE_SPACE = 8_192;

    private final KeyVault.CertifiedKey key;

    public ReportSigner(KeyVault.CertifiedKey key) {
        this.key = key;
    }

    public java.security.cert.X509Certificate certificate() {
        return key.certificate();
    }

    /// The signed file: `unsigned` with the signature appended as an incremental update.
    public byte[] sign(byte[] unsigned, Instant at, String signerName, String reason) throws IOException {
        try (PDDocument document = Loader.loadPDF(unsigned); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signerName);
            signature.setReason(reason);
            Calendar time = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            time.setTimeInMillis(at.toEpochMilli());
            signature.setSignDate(time);
            options.setPreferredSignatureSize(SIGNATURE_SPACE);
            document.addSignature(signature, this::cms, options);
            ByteArrayOutputStream signed = new ByteArrayOutputStream(unsigned.length + 2 * SIGNATURE_SPACE + 4_096);
            document.saveIncremental(signed);
            return signed.toByteArray();
        }
    }

    private byte[] cms(InputStream content) throws IOException {
        try {
            byte[] data = content.readAllBytes();
            var certificate = key.certificate();
            byte[] certificateHash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            Attribute signingCertificate = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(certificateHash)})));
            var defaults = new DefaultSignedAttributeTableGenerator(new AttributeTable(signingCertificate));
            var signerInfo = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(parameters -> defaults.getAttributes(parameters).remove(CMSAttributes.signingTime))
                    .build(new JcaContentSignerBuilder(key.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA")
                            .build(key.privateKey()), certificate);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            return generator.generate(new CMSProcessableByteArray(data), false).getEncoded("DER");
        } catch (GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new IOException("The report cannot be signed: " + e.getMessage(), e);
        }
    }
}
