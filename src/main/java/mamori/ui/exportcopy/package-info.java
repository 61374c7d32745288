/// The copy screen: where an approved export's package may go now (approved media with their
/// identity and free space, the configured folder, refused storage greyed with the reason), the copy
/// with its progress, and the read-back result. The copier checks, records and copies; this screen shows.
package mamori.ui.exportcopy;
