#!/usr/bin/env python3
"""Verify a ZtFleet audit export ("ztfleet-audit-export v1", docs/audit.md) with nothing but Python and openssl.

    python3 audit-verify.py export.json [public-key.pem]

Recomputes every record's SHA-256 from its fields, checks each record's link to the one before, rebuilds each
checkpoint's signed text and verifies its signature with openssl (`openssl dgst -sha256 -verify` for
ecdsa-p256-sha256, `openssl pkeyutl -verify -rawin` for ed25519), and checks that each
checkpoint's hash is the hash of the record at its sequence and that no checkpoint lies beyond the last record.
Give the public key you got from the operator out of band; without one, the key in the export is used (which only
proves the export is self-consistent). Prints what it found; exits 0 when everything holds, 1 at the first break
(naming the record and the reason), 2 on a bad signature or unusable input.
"""
import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile


def record_hash(record, previous_hash):
    """SHA-256 over: previous hash (32 bytes), sequence and time (Unix ms) as big-endian int64, then six
    length-prefixed UTF-8 fields (big-endian int64 byte length, then the bytes)."""
    digest = hashlib.sha256()
    digest.update(previous_hash)
    digest.update(struct.pack(">q", record["sequence"]))
    digest.update(struct.pack(">q", record["atUnixMs"]))
    for field in (record["plantId"] or "", record["actor"], record["action"], record["target"], record["outcome"], record["detail"]):
        data = field.encode("utf-8")
        digest.update(struct.pack(">q", len(data)))
        digest.update(data)
    return digest.digest()


def payload(checkpoint):
    return "ztfleet-audit-checkpoint v1\n{}\n{}\n{}\n{}\n".format(
        checkpoint["scope"], checkpoint["sequence"], checkpoint["hash"], checkpoint["at"])


def openssl_verifies(public_key_pem, text, signature, algorithm):
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: os.path.join(folder, name) for name in ("pub.pem", "payload.txt", "sig.bin")}
        with open(paths["pub.pem"], "w", encoding="ascii") as f:
            f.write(public_key_pem)
        with open(paths["payload.txt"], "wb") as f:
            f.write(text.encode("utf-8"))
        with open(paths["sig.bin"], "wb") as f:
            f.write(signature)
        if algorithm == "ed25519":
            command = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["pub.pem"], "-rawin",
                       "-in", paths["payload.txt"], "-sigfile", paths["sig.bin"]]
        elif algorithm == "ecdsa-p256-sha256":
            command = ["openssl", "dgst", "-sha256", "-verify", paths["pub.pem"], "-signature", paths["sig.bin"], paths["payload.txt"]]
        else:
            return False
        result = subprocess.run(command, capture_output=True, text=True)
        return result.returncode == 0


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        export = json.load(f)
    if export.get("format") != "ztfleet-audit-export v1":
        print("not a ztfleet-audit-export v1 document")
        return 2
    if len(sys.argv) == 3:
        with open(sys.argv[2], encoding="ascii") as f:
            public_key = f.read()
    else:
        public_key = (export.get("signingKey") or {}).get("publicKeyPem")

    records = export.get("records") or []
    checkpoints = export.get("checkpoints") or []
    by_sequence = {r["sequence"]: r for r in records}
    status = 0

    for checkpoint in checkpoints:
        text = payload(checkpoint)
        if text != checkpoint["payload"]:
            print("checkpoint {}: its payload is not the canonical text of its fields".format(checkpoint["sequence"]))
            status = 2
        elif public_key is None or not openssl_verifies(
                public_key, text, base64.b64decode(checkpoint["signature"]), checkpoint.get("algorithm")):
            print("checkpoint {}: signature does NOT verify".format(checkpoint["sequence"]))
            status = 2
        else:
            print("checkpoint {}: signature verified".format(checkpoint["sequence"]))

    if not records:
        print("no records in the export")
        return status
    signed = {c["sequence"]: c for c in checkpoints if c["payload"] == payload(c)}
    expected = export["fromSequence"]
    previous = bytes(32) if expected == 1 else None
    for record in sorted(records, key=lambda r: r["sequence"]):
        sequence = record["sequence"]
        if sequence != expected:
            print("record {}: missing (the chain goes from {} to {})".format(expected, expected - 1, sequence))
            return 1
        stored_previous = bytes.fromhex(record["previousHash"])
        if record_hash(record, stored_previous).hex() != record["hash"]:
            print("record {}: content changed (its fields no longer give its hash)".format(sequence))
            return 1
        if previous is not None and stored_previous != previous:
            print("record {}: missing record before it (its previous hash differs)".format(sequence))
            return 1
        if sequence in signed and signed[sequence]["hash"] != record["hash"]:
            print("record {}: content changed (differs from the signed checkpoint)".format(sequence))
            return 1
        previous = bytes.fromhex(record["hash"])
        expected += 1
    last = expected - 1
    beyond = [s for s in signed if s > last and s <= export["toSequence"]]
    if beyond:
        print("record {}: tail cut (a signed checkpoint says the chain reached {})".format(last + 1, max(beyond)))
        return 1
    print("intact: records {} to {}".format(export["fromSequence"], last))
    return status


if __name__ == "__main__":
    sys.exit(main())
