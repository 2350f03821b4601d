"""Characters a reader cannot see: controls, bidi overrides, zero-width and other invisible characters.

    invisible("\u202e")          # True: RIGHT-TO-LEFT OVERRIDE turns the rest of a line around
    shown("evil\u200bname")      # 'evil\\u200bname': what is there, made visible

Text from a pact (or a name that becomes a file name) can hold characters that
change how a line reads without being seen: Unicode's format characters (bidi
embeddings, overrides and isolates, zero-width spaces and joiners, the byte
order mark, tag characters), controls, line and paragraph separators, private
use and unassigned code points, spaces other than the plain space, and the
blank Hangul fillers. CVE-2021-42574 ("Trojan Source") shows what the bidi
controls do to code review; a feature file is read the same way.
"""

from __future__ import annotations

import unicodedata

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters that draw as nothing (Hangul fillers, the blank Braille pattern)."""
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def invisible(char: str) -> bool:
    """Whether `char` changes or hides what a line shows without showing itself (the plain space does not)."""
    if char == " ":
        return False
    code = ord(char)
    return (
        unicodedata.category(char) in _HIDDEN_CATEGORIES
        or char in _BLANK_LETTERS
        or any(code in block for block in _VARIATION_SELECTORS)
    )


def has_invisible(text: str) -> bool:
    """Whether any character of `text` is `invisible`."""
    return any(invisible(char) for char in text)


def escape_code(char: str, *, json: bool = False) -> str:
    """`char` as an escape: `\\u202e`; beyond the first plane `\\U000e0041` (Python), or a surrogate pair (JSON)."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    if not json:
        return f"\\U{code:08x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def shown(text: str) -> str:
    """`text` with every invisible character written as its (Python) escape, for a line a person reads."""
    return "".join(escape_code(char) if invisible(char) else char for char in text)
