/// Keys and encryption: the terminal's PKCS#12 key store and the secrets kept in it.
/// Later: Ed25519 signing for the audit log, AES-GCM envelopes for exports. Never touches JavaFX.
package mamori.crypto;
