/// The optional PIN second factor (decision 0029): which roles need a PIN after the finger, each
/// person's PIN as a slow salted Argon2id hash, and the named people an administrator lets log in
/// with a PIN instead of a finger. Every change is audited before it counts. It knows people and
/// sessions (`mamori.identity`) and the log; it never touches screens, and never holds a PIN
/// longer than one check.
package mamori.pin;
