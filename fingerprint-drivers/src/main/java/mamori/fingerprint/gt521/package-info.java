/// Driver for the ADH-Tech GT-521F32 / GT-521F52 fingerprint modules over a serial port (12-byte
/// `55 AA` command and response packets), and an emulator of the module's side for the protocol
/// tests. Templates stay on the module; the app keeps template id -> person.
package mamori.fingerprint.gt521;
