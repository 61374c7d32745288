/// The report screen for auditors and administrators: filters, a signed report generated and
/// previewed page by page, saved to the reports folder and printed (audited) through the OS print
/// system. It calls mamori.report's services only; the PDF is drawn by mamori.report.
package mamori.ui.report;
