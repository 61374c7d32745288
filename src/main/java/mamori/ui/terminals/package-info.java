/// The administrators' terminals screen: the terminals this database knows (this PC marked), with
/// registering this PC, renaming a terminal and withdrawing another's registration, through
/// mamori.terminals (audited). No JDBC here.
package mamori.ui.terminals;
