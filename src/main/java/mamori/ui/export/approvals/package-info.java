/// The supervisors' list of export requests waiting for a decision, each opening its approval.
package mamori.ui.export.approvals;
