/// The fingerprint reader SPI: identify a finger against the templates kept on the reader module.
/// Drivers (R30x, GT-521Fxx, the emulator) live in `fingerprint-drivers/` and implement it.
/// Never touches JavaFX; templates never leave the module.
package mamori.fingerprint;
