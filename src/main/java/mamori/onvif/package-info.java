/// The ONVIF client the player needs: the device clock, the service addresses, live profiles and
/// stream URIs (Profile S), recordings and replay URIs (Profile G), over SOAP 1.2 with WS-Security
/// user name tokens, built and read with the JDK's hardened XML stack (decision 0010). Its only I/O
/// is HTTP to the device; it never touches JavaFX, the database or the audit log.
package mamori.onvif;
