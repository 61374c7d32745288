/// The `mamori` command line: starts the kiosk or runs a headless command (help, version, bench).
/// The only package that writes to stdout or stderr.
package mamori.cli;
