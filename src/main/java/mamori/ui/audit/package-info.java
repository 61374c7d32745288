/// The audit screen for auditors and administrators: filter, page, verify.
package mamori.ui.audit;
