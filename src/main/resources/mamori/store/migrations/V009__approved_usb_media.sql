-- Removable media an administrator has approved for copies: a USB storage device by vendor id,
-- product id and serial number (all three as the device reports them; ids are four lower-case
-- hex digits). A device without a serial number cannot be approved. Revoking deletes the row; the
-- audit log keeps the history.
CREATE TABLE usb_approved_medium (
    vendor_id VARCHAR(4) NOT NULL,
    product_id VARCHAR(4) NOT NULL,
    serial VARCHAR(255) NOT NULL,
    label VARCHAR(200) NOT NULL,
    approved_by VARCHAR(36) NOT NULL REFERENCES person (id),
    approved_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (vendor_id, product_id, serial),
    CHECK (serial <> '')
);
