/// The composition root ([Mamori]) and the kiosk's stage and navigation. The only place where
/// services are constructed.
package mamori.app;
