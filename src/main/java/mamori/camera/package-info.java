/// Cameras, the grants on them and the catalogue a person may see; where each camera's video comes
/// from (`CameraSource`), its account with the password sealed under a key-store key
/// (`CredentialStore`), and the audited changes of both (`CameraAdministration`). Never touches
/// JavaFX, and never shows a stored password.
package mamori.camera;
