/// Cameras, the grants on them and the catalogue a person may see. Later: encrypted credentials
/// and the ONVIF client. Never touches JavaFX.
package mamori.camera;
