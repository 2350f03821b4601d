"""Date and time formats: Pact writes Java SimpleDateFormat, people often know Python's strftime.

java_format("%Y-%m-%d")          == "yyyy-MM-dd"
strptime_format("yyyy-MM-dd")    == "%Y-%m-%d"
strptime_format("yyyy-MM-dd G")  is None   # a pattern letter this module cannot check
"""

from __future__ import annotations

import datetime as dt
import re

JAVA_FORMAT_DEFAULTS = {
    "date": "yyyy-MM-dd",
    "time": "HH:mm:ss",
    "datetime": "yyyy-MM-dd'T'HH:mm:ss",
    "timestamp": "yyyy-MM-dd'T'HH:mm:ss",
}

_STRFTIME_TO_JAVA = {
    "%Y": "yyyy", "%y": "yy", "%m": "MM", "%d": "dd", "%H": "HH", "%I": "hh", "%M": "mm", "%S": "ss",
    "%f": "SSSSSS", "%z": "Z", "%Z": "z", "%p": "a", "%b": "MMM", "%B": "MMMM", "%a": "EEE", "%A": "EEEE",
    "%j": "DDD", "%%": "%",
}  # fmt: skip
_JAVA_TO_STRPTIME = {
    "yyyy": "%Y", "yy": "%y", "MM": "%m", "M": "%m", "MMM": "%b", "MMMM": "%B", "dd": "%d", "d": "%d",
    "HH": "%H", "H": "%H", "hh": "%I", "h": "%I", "mm": "%M", "m": "%M", "ss": "%S", "s": "%S",
    "a": "%p", "EEE": "%a", "EEEE": "%A", "DDD": "%j", "X": "%z", "XX": "%z", "XXX": "%z", "Z": "%z", "ZZ": "%z",
}  # fmt: skip
_JAVA_TOKEN = re.compile(r"'[^']*'|([A-Za-z])\1*|.", re.DOTALL)


def java_format(pattern: str) -> str:
    """A format as Pact writes it: strftime codes are converted, a Java pattern is kept."""
    if "%" not in pattern:
        return pattern
    out: list[str] = []
    literal: list[str] = []
    index = 0
    while index < len(pattern):
        code = pattern[index : index + 2]
        if code in _STRFTIME_TO_JAVA:
            if literal:
                out.append(_quote("".join(literal)))
                literal = []
            out.append(_STRFTIME_TO_JAVA[code])
            index += 2
        else:
            literal.append(pattern[index])
            index += 1
    if literal:
        out.append(_quote("".join(literal)))
    return "".join(out)


def _quote(text: str) -> str:
    return f"'{text}'" if re.search("[A-Za-z]", text) else text


def strptime_format(pattern: str) -> str | None:
    """The strptime equivalent of a Java pattern, or None if it uses letters this cannot check."""
    out = []
    for found in _JAVA_TOKEN.finditer(pattern):
        token = found.group(0)
        if token.startswith("'"):
            out.append(token[1:-1].replace("%", "%%") or "'")
        elif token[0].isalpha():
            if token[0] == "S":
                out.append("%f")
            elif token in _JAVA_TO_STRPTIME:
                out.append(_JAVA_TO_STRPTIME[token])
            else:
                return None
        else:
            out.append(token.replace("%", "%%"))
    return "".join(out)


_FITTING = (
    "yyyy-MM-dd'T'HH:mm:ssXXX",
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    "yyyy-MM-dd'T'HH:mm:ssXX",
    "yyyy-MM-dd'T'HH:mm:ss.SSSXX",
    "yyyy-MM-dd'T'HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm:ss.SSS",
    "yyyy-MM-dd'T'HH:mm",
    "yyyy-MM-dd HH:mm:ssXXX",
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd",
    "HH:mm:ssXXX",
    "HH:mm:ss",
    "HH:mm:ss.SSS",
    "HH:mm",
    "dd/MM/yyyy",
    "dd.MM.yyyy",
    "yyyyMMdd",
)
"""Formats an example is commonly written in: ISO 8601 with `Z` and offsets first."""


def fitting_format(example: str) -> str | None:
    """The first common Java format the example is written in (`Z` and `+02:00` included), or None."""
    for candidate in _FITTING:
        python_pattern = strptime_format(candidate)
        if python_pattern is None:
            continue
        try:
            dt.datetime.strptime(example, python_pattern)
        except ValueError:
            continue
        colon = example[-3:-2] == ":"
        if candidate.endswith("XXX") and not (example.endswith("Z") or colon):
            continue  # XXX is Z or +02:00
        if candidate.endswith("XX") and not candidate.endswith("XXX") and colon:
            continue  # XX is +0200
        return candidate
    return None
