/// The on-screen approval (four eyes): what will leave, a scrub-able preview, a comment, then the
/// approver's own finger on the reader at the moment of approving or denying.
package mamori.ui.export.approval;
