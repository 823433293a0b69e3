"""Demo accounts from `knowledge/accounts.yaml`: identifier, role, display name and a salted PBKDF2 hash.

The role a person acts in comes from here, never from what they type."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import DataError, DataErrors
from assistant.schemas import Role

ITERATIONS = 200_000  # PBKDF2-SHA256: ~0.1 s per check on this machine's cores; slow for guessing, fine for a login


class Account(BaseModel):
    identifier: str = Field(min_length=1)
    role: Role
    display_name: str = ""
    password_hash: str = Field(pattern=r"^pbkdf2_sha256\$\d+\$[0-9a-f]+\$[0-9a-f]+$")


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """`pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`, the format accounts.yaml stores."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    _, iterations, salt, _ = stored.split("$")
    return hmac.compare_digest(hash_password(password, salt, int(iterations)), stored)


@dataclass
class Accounts:
    by_id: dict[str, Account]

    @classmethod
    def load(cls, path: Path) -> "Accounts":
        """Read and validate the file; every bad entry is reported as `file:entry: field: problem`."""
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        errors, accounts = [], {}
        for i, raw in enumerate(data.get("accounts") or [], start=1):
            try:
                acc = Account.model_validate(raw)
            except ValidationError as exc:
                errors += [DataError(path, i, ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]
                continue
            accounts[acc.identifier.lower()] = acc
        if errors:
            raise DataErrors(errors)
        return cls(accounts)

    def authenticate(self, identifier: str, password: str) -> Account | None:
        acc = self.by_id.get(identifier.strip().lower())
        if acc is None:
            hash_password(password)  # same work either way, so timing does not tell which accounts exist
            return None
        return acc if check_password(password, acc.password_hash) else None
