/// The administrators' privacy-mask editor: a still of the camera (recorded as viewing), polygons
/// drawn on it by clicking corners, corners moved or deleted, masks deleted, and the set saved
/// through `camera.PrivacyMaskAdministration` (audited before it is stored) or dropped.
package mamori.ui.masks;
