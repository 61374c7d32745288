-- Privacy masks: polygons per camera, corners as "x,y;x,y;..." scaled to 0..1 of the picture.
CREATE TABLE privacy_mask (
    camera_id VARCHAR(36) NOT NULL REFERENCES camera (id),
    position INT NOT NULL,
    label VARCHAR(200) NOT NULL,
    corners VARCHAR(4000) NOT NULL,
    PRIMARY KEY (camera_id, position)
);
