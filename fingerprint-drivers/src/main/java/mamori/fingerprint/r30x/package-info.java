/// Driver for the R30x / R503 / AS608 / ZFM family of fingerprint modules over a serial port
/// (jSerialComm), and an emulator of such a module for the demo and the protocol tests.
///
/// Templates stay on the module; Mamori only keeps which module page belongs to whom. Every
/// serial read has a deadline, so a silent or unplugged module never hangs the caller.
package mamori.fingerprint.r30x;
