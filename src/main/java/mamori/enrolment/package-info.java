/// Enrolment of fingers by administrators: which person's which finger is stored as which template
/// on which reader, enrolled, re-enrolled and removed through the reader SPI, each change an audited
/// `CONFIGURATION_CHANGE` with old and new values (never template data). Never touches JavaFX.
package mamori.enrolment;
