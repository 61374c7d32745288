/// The production of an approved export: progress and cancel, then the package's SHA-256 and its
/// passphrase shown once to the approver, and the way on to the copy to media.
package mamori.ui.export.production;
