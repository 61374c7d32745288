/// The administrators' camera screen: the cameras with their source and whether an account is set,
/// adding one, editing its name, location and source, setting or removing its account (a password
/// is typed, saved and never shown again). Changes go through `camera.CameraAdministration`.
package mamori.ui.cameras;
