/// Exports leaving the PC: copies of staged packages to removable media an administrator has
/// approved (or to the configured folder), each read back and its hash checked before the audit
/// entry that names the device is written and the copy is renamed into place; and the deletion of
/// staged packages after the retention period, each audited first. No JavaFX; the screens and the
/// composition root call it.
package mamori.export.media;
