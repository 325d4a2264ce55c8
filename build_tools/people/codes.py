"""Document fingerprints and verification codes: short, typed by hand, mistakes caught.

A pack's *fingerprint* is a hash of the exact text it gives its reader
(:func:`build_tools.review.fingerprint.fingerprint`). Its *verification code* is derived
from the employee id and that fingerprint, keyed with the register's secret (an HMAC: nobody
can work out a colleague's code from the fingerprint on their own pack): eight characters of
Crockford's base 32 (no I, L, O or U, so nothing reads as another) and a Luhn mod 32 check
character, which catches every single mistyped character and every swap of two neighbours
but that of 0 and Z.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from stdnum import luhn

#: Crockford's base 32: digits and letters without I, L, O and U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BODY = 8
#: What people type for what they read: O for 0, I or L for 1.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def verification_code(key: bytes, employee_id: str, fingerprint: str) -> str:
    """``K7QX-3M9P-W``: the code printed on a pack, the same for the same person (whatever the
    case of their employee id) and text in the same register."""
    message = f"{employee_id.casefold()}\n{fingerprint}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits: eight base-32 characters
    body = "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return _grouped(body + luhn.calc_check_digit(body, ALPHABET))


def normalise(text: str) -> str | None:
    """A code as typed (any case, with or without spaces and dashes of any kind, O for 0) in
    its printed form; ``None`` when it is not a well-formed code or its check character does
    not match."""
    kept = (
        c for c in text if not (c.isspace() or c == "\u2212" or unicodedata.category(c) == "Pd")
    )
    body = "".join(kept).upper().translate(_READ_AS)
    if len(body) != _BODY + 1 or any(char not in ALPHABET for char in body):
        return None
    return _grouped(body) if luhn.is_valid(body, ALPHABET) else None


def _grouped(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
