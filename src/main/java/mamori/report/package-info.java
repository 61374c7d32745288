/// Signed viewing reports for auditors: who watched which camera's recordings, when, for how long and
/// why, built from the audit log ([ViewingReport], pure), drawn as a PDF with the fonts embedded
/// ([ReportPdf]), signed PAdES B-B with the terminal's P-256 certificate ([ReportSigner]) and bound to a
/// signed audit checkpoint so that [ReportVerifier] can cross-check a report against the log later.
/// Reads the log only through `mamori.audit`; never touches JavaFX.
package mamori.report;
