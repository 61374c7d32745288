/// USB devices and removable volumes: the platform watch (`UsbWatch`; on Linux the kernel's uevent
/// socket, sysfs and the mount table), the administrator's list of approved media, and `UsbMonitor`,
/// which records every connection, removal, mount and unmount in the audit log and raises an alert
/// when unapproved storage appears. It does not touch JavaFX or the session's screens: it tells
/// listeners, and the composition root connects them.
package mamori.usb;
