#!/usr/bin/env python3
"""Re-verify a Mamori audit log export without Mamori.

Usage: verify_export.py EXPORT.jsonl PUBLIC_KEY.pem

EXPORT.jsonl comes from `mamori audit export --format jsonl`; PUBLIC_KEY.pem from
`mamori terminal show` (obtain it from the terminal, or from a signed report, not from the same
place as the export). Checks every line: the SHA-256 of `canonical` is `hash`; `signature` is the
key's Ed25519 signature of the 32 hash bytes; sequence numbers run 1, 2, 3, ... with no gap; each
entry's `prev` is the previous entry's hash (64 zeros for the first). Prints the entry count, the
head hash and the RFC 9162 Merkle root over the canonical texts; exits 1 at the first bad line.
Needs Python 3 and the `cryptography` package (Debian: python3-cryptography).
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key


def merkle_root(leaves):
    """RFC 9162 section 2.1.1 over leaf hashes, split at the largest power of two below n."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:])).digest()


def main(export_path, key_path):
    with open(key_path, "rb") as pem:
        key = load_pem_public_key(pem.read())
    previous = "0" * 64
    leaves = []
    with open(export_path, encoding="utf-8") as export:
        for number, line in enumerate(export, start=1):
            record = json.loads(line)
            canonical = record["canonical"].encode("utf-8")
            entry = json.loads(record["canonical"])
            digest = hashlib.sha256(canonical).hexdigest()
            problems = []
            if digest != record["hash"]:
                problems.append("canonical text does not give its hash")
            try:
                key.verify(base64.b64decode(record["signature"]), bytes.fromhex(record["hash"]))
            except InvalidSignature:
                problems.append("signature does not verify with this key")
            if record["seq"] != number or entry["seq"] != number:
                problems.append(f"sequence number {entry['seq']} where {number} was expected")
            if entry["prev"] != previous:
                problems.append("does not link to the previous entry")
            if problems:
                print(f"BAD entry {number}: " + "; ".join(problems))
                return 1
            previous = record["hash"]
            leaves.append(hashlib.sha256(b"\x00" + canonical).digest())
    print(f"intact: {len(leaves)} entries")
    print(f"head hash:   {previous}")
    print(f"merkle root: {merkle_root(leaves).hex()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
