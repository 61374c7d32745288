/// Keys and encryption: the terminal's PKCS#12 key store and the secrets kept in it.
/// AES-GCM sealing of small secrets at rest ([mamori.crypto.AesGcm]). Later: AES-GCM envelopes for
/// exports. Never touches JavaFX.
package mamori.crypto;
