-- Where an RTSP or ONVIF camera's video comes from (a local-store camera has no row), and the
-- account it is reached with. camera.source_kind says which settings apply.

-- RTSP: source_uri is the rtsp:// address without user information; a recorded stream has
-- recorded_from and recorded_millis, a live one neither. ONVIF: source_uri is the device service
-- address; recording_ref and profile_ref optionally name the recording (Profile G) and the live
-- profile (Profile S) when the device has several.
CREATE TABLE camera_source (
    camera_id VARCHAR(36) PRIMARY KEY REFERENCES camera (id),
    source_uri VARCHAR(2000) NOT NULL,
    recorded_from TIMESTAMP WITH TIME ZONE,
    recorded_millis BIGINT,
    recording_ref VARCHAR(64),
    profile_ref VARCHAR(64),
    CHECK ((recorded_from IS NULL) = (recorded_millis IS NULL)),
    CHECK (recorded_millis IS NULL OR recorded_millis > 0)
);

-- The password is AES-256-GCM under the key store's camera-credentials key: a random 12-byte
-- nonce per value, the camera id bound in as associated data (a sealed password copied to
-- another camera's row does not open). The user name is not secret.
CREATE TABLE camera_credential (
    camera_id VARCHAR(36) PRIMARY KEY REFERENCES camera (id),
    user_name VARCHAR(200) NOT NULL,
    password_nonce VARBINARY(12) NOT NULL,
    password_sealed VARBINARY(1040) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
