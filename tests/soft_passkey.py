"""A software authenticator: real WebAuthn answers (P-256 keys, CBOR, signatures) made in Python.

It answers the options our server sends the way a browser and a passkey would, so the server's
checks (py_webauthn) run on true attestation and assertion data: "none" attestation, an ES256
key, the signature over the authenticator data and the hash of the client data. Knobs let a test
spoil one thing at a time (the origin, the counter, user verification).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url, encode_cbor

UP, UV, AT = 0x01, 0x04, 0x40


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@dataclass
class SoftPasskey:
    origin: str = "http://testserver"
    key: ec.EllipticCurvePrivateKey = field(default_factory=_key)
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    sign_count: int = 0
    user_handle: str | None = None

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        cose = {
            1: 2,
            3: -7,
            -1: 1,
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        }
        return bytes(encode_cbor(cose))

    def _client_data(self, kind: str, options: dict[str, Any], origin: str | None) -> bytes:
        data = {
            "type": kind,
            "challenge": options["challenge"],
            "origin": origin or self.origin,
            "crossOrigin": False,
        }
        return json.dumps(data).encode()

    def create(self, options: dict[str, Any], *, origin: str | None = None) -> str:
        """The answer to ``navigator.credentials.create`` with these options, as JSON text."""
        self.user_handle = str(options["user"]["id"])
        rp_hash = hashlib.sha256(options["rp"]["id"].encode()).digest()
        attested = (
            bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id
        ) + self._cose_key()
        auth = rp_hash + bytes([UP | UV | AT]) + self.sign_count.to_bytes(4, "big") + attested
        attestation = encode_cbor({"fmt": "none", "attStmt": {}, "authData": auth})
        client_data = self._client_data("webauthn.create", options, origin)
        return self._json(
            {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(bytes(attestation)),
                "transports": ["internal"],
            }
        )

    def get(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        count_step: int = 1,
        verified: bool = True,
    ) -> str:
        """The answer to ``navigator.credentials.get``: a signature by this passkey's key."""
        self.sign_count += count_step
        rp_hash = hashlib.sha256(options["rpId"].encode()).digest()
        flags = UP | (UV if verified else 0)
        auth = rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big")
        client_data = self._client_data("webauthn.get", options, origin)
        signed = auth + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return self._json(
            {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth),
                "signature": bytes_to_base64url(signature),
                "userHandle": self.user_handle,
            }
        )

    def _json(self, response: dict[str, Any]) -> str:
        credential = bytes_to_base64url(self.credential_id)
        return json.dumps(
            {
                "id": credential,
                "rawId": credential,
                "type": "public-key",
                "response": response,
                "clientExtensionResults": {},
            }
        )
