"""Verification results read back from the JUnit files of provider runs (`behave --junit`).

    results = junit_results([Path("reports/junit")], known)   # known: the pacts' interactions
    results[0].status, results[0].details                      # "failed", "BodyMismatch at $: ..."

A provider run says how each interaction fared in two ways, and both are read:

- the verification report (`every interaction passes verification`), one line per
  interaction, `PASSED  OrderService: 'A user who exists' given '...'`, in the case's
  output or failure text. Each line is compared with the line the report would print for
  each known interaction, made by the report's own code, so no format is guessed here;
- a case per interaction (`the interaction passes verification`), named by its
  interaction: `OrderService: A user who exists`, alone or followed by a bracket or a dash
  (an outline's `-- @1.2 ...`, the pact's source), never by more words. Its status is the case's.

A case is only ever read against interactions the pacts hold, and only when it is the
provider's own: a scenario that behave's JUnit reporter describes (its `@scenario.begin`
... `@scenario.end` block, on by default) with a step of the provider's verification
(`every interaction passes verification` or `the interaction passes verification`, after
any of behave's keywords in any language). So a consumer's own test cases, another tool's,
or a provider's other scenarios say nothing about them, whatever they print.

Inputs are bounded: only regular files are read (a FIFO, a device or a symlink to one is
refused before any read), each up to MAX_JUNIT_BYTES by the bytes actually read, all of
them together up to MAX_JUNIT_TOTAL_BYTES; a DOCTYPE is refused by the parser itself,
whatever the file's encoding.

A result counts only for what it verified. The provider steps print, beside each result,
a digest of its interaction as the pact held it (`content_report`, in the case's output);
a result whose digest is not the interaction's now, or that has none (an older run, another
tool), is read but marked as not vouching for the interaction as it stands.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.reports import CONTENT_HEADER, InteractionOutcome, verification_report
from contracts_bdd.site.model import Result, moment

MAX_JUNIT_BYTES = 128 << 20
"""The largest JUnit file read (a run of 3,000 interactions writes about 10 MB)."""
MAX_JUNIT_TOTAL_BYTES = 512 << 20
"""The most read from all the JUnit files given together: behave writes one file per feature,
so a provider's reports are a few files; four files at the cap is far past any real run, and
the build's time and memory stay bounded whatever the folder holds."""

_VERIFYING_STEPS = ("every interaction passes verification", "the interaction passes verification")
"""The provider steps whose scenario's case says how interactions fared."""
_HEADER = re.compile(r"Verified \d+ interaction\(s\) of provider '(?P<provider>.*)':")
_MARKS = {"PASSED": "passed", "FAILED (pending, not counted)": "pending-failed", "FAILED": "failed"}
_DETAIL = " " * 6
_SUFFIX = re.compile(r"\s+[^\w\s'\"]")
"""What may follow an interaction's name in its case's name: a bracket, a dash, an @ (not more words)."""
_OUTLINE_ROW = re.compile(r"\s+--\s+@\d+(\.\d+)*(\s.*)?$")
_CONTENT_HEADER = re.compile(
    "^" + re.escape(CONTENT_HEADER).replace(re.escape("{provider}"), "(?P<provider>.*)") + "$", re.MULTILINE
)
_CONTENT_LINE = re.compile(r"^  (?P<content>sha256:[0-9a-f]{64})  (?P<rest>.*)$")


@dataclass(frozen=True)
class Known:
    """An interaction a pact holds: who, what and in which states (by name)."""

    consumer: str
    provider: str
    description: str
    states: tuple[str, ...]
    content: str = ""
    """A digest of the interaction as the pact holds it now (`contents_of`)."""

    @property
    def report_line(self) -> str:
        """What the verification report prints after its mark for this interaction."""
        line = verification_report(
            self.provider, [InteractionOutcome(self.consumer, self.description, self.states, "passed")]
        ).splitlines()[1]
        return line.strip()[len("PASSED") :].strip()


def junit_results(paths: Sequence[Path], known: Sequence[Known]) -> list[Result]:
    """The results the JUnit files in `paths` (folders, read recursively, or files) hold for `known` interactions.

    Raises:
        PactFileError: a file named is missing, too large, or not XML.
    """
    reader = _Reader(known)
    results: list[Result] = []
    total = 0
    for path in _files(paths):
        content = _read(path)
        total += len(content)
        if total > MAX_JUNIT_TOTAL_BYTES:
            msg = (
                f"{path}: the JUnit files read come to more than {MAX_JUNIT_TOTAL_BYTES} bytes together; "
                "give only the folder of the provider run's reports"
            )
            raise PactFileError(msg)
        results += reader.read(path, content)
    return results


def _files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.xml"))
        elif path.exists() or path.is_symlink():
            yield path  # whatever it is: _read refuses what is not a regular file
        else:
            msg = f"{path} does not exist: give the folder behave --junit-directory wrote to"
            raise PactFileError(msg)


class _Reader:
    def __init__(self, known: Sequence[Known]) -> None:
        self.lines: dict[tuple[str, str], list[Known]] = {}
        self.names: dict[str, list[Known]] = {}
        for interaction in known:
            self.lines.setdefault((interaction.provider, interaction.report_line), []).append(interaction)
            self.names.setdefault(f"{interaction.consumer}: {interaction.description}", []).append(interaction)
        self.longest_name = max((len(name) for name in self.names), default=0)

    def read(self, path: Path, content: bytes) -> list[Result]:
        root = _parse(path, content)
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        results = []
        for suite in suites:
            when = moment(suite.get("timestamp", ""))
            for case in suite.iter("testcase"):
                results += self._case(case, when, str(path))
        return results

    def _case(self, case: ElementTree.Element, when: str, by: str) -> list[Result]:
        if not _verifies(case.findtext("system-out") or ""):
            return []  # not a scenario of the provider's verification: says nothing, whatever it prints
        texts = [case.findtext("system-out") or ""]
        for part in ("failure", "error", "skipped"):
            found = case.find(part)
            if found is not None:
                texts += [found.get("message") or "", found.text or ""]
        contents = _contents(texts)
        reported = [result for text in texts for result in self._report(text, when, by)]
        return [_vouched(result, contents) for result in reported or self._named(case, when, by)]

    def _report(self, text: str, when: str, by: str) -> Iterator[_Found]:
        """The interactions of a verification report in `text`, each with its mismatch lines."""
        provider = None
        lines = text.splitlines()
        for index, line in enumerate(lines):
            header = _HEADER.search(line)
            if header:
                provider = header.group("provider")
                continue
            if provider is None or not line.startswith("  ") or line.startswith(_DETAIL):
                continue
            stripped = line.strip()
            for mark, status in _MARKS.items():
                if stripped.startswith(mark + "  "):
                    rest = stripped[len(mark) :].strip()
                    details = []
                    following = index + 1
                    while following < len(lines) and lines[following].startswith(_DETAIL):
                        details.append(lines[following][len(_DETAIL) :])
                        following += 1
                    for known in self.lines.get((provider, rest), []):
                        yield _result(known, status, when, "\n".join(details), by)
                    break

    def _named(self, case: ElementTree.Element, when: str, by: str) -> list[_Found]:
        """A case named by its interaction: `<consumer>: <description>`, whatever follows."""
        name = _OUTLINE_ROW.sub("", case.get("name", ""))
        matches: list[Known] = []
        for end in range(min(len(name), self.longest_name), 0, -1):
            if end == len(name) or _SUFFIX.match(name, end):
                matches = self.names.get(name[:end], [])
                if matches:
                    break
        if len(matches) > 1:
            matches = [known for known in matches if known.states and all(state in name for state in known.states)]
        if len(matches) != 1:
            return []
        known = matches[0]
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        skipped = case.find("skipped")
        if failure is not None:
            return [_result(known, "failed", when, _after_first_line(failure.get("message") or ""), by)]
        if skipped is not None:
            reason = skipped.get("message") or skipped.text or ""
            if "pending" in reason:
                return [_result(known, "pending-failed", when, _after_first_line(reason), by)]
            return []  # left out of the run: not verified
        return [_result(known, "passed", when, "", by)]


def _read(path: Path) -> bytes:
    """The bytes of a regular file, at most MAX_JUNIT_BYTES of them, read from what was opened."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer does not wait; fstat then says what was opened.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        msg = f"{path} cannot be read ({err.strerror})"
        raise PactFileError(msg) from err
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            msg = (
                f"{path} is not a regular file (a pipe, a device or a link to one); give the files behave --junit wrote"
            )
            raise PactFileError(msg)
        content = file.read(MAX_JUNIT_BYTES + 1)  # by what is read: a file growing after it was opened cannot pass
    if len(content) > MAX_JUNIT_BYTES:
        msg = f"{path} is more than the {MAX_JUNIT_BYTES} bytes a JUnit file is read up to"
        raise PactFileError(msg)
    return content


class _Refused(Exception):
    """A DOCTYPE or an entity declaration, met by the parser."""


def _parse(path: Path, content: bytes) -> ElementTree.Element:
    """The file's elements, built by expat, which refuses any DTD in whatever encoding the file is in."""
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(content, True)
        root = builder.close()
    except _Refused:
        msg = f"{path} declares a DOCTYPE or entities, which no JUnit file does; it is not read"
        raise PactFileError(msg) from None
    except (expat.ExpatError, ValueError, AssertionError) as err:  # ValueError: an encoding expat lacks
        msg = f"{path} is not a JUnit XML file ({err})"
        raise PactFileError(msg) from err
    return root


def _verifies(system_out: str) -> bool:
    """Whether behave's description of the case's scenario holds a step of the provider's verification."""
    from contracts_bdd.behave.feature_files import STEP_KEYWORDS  # noqa: PLC0415 - only reading reports loads behave

    begin, end = "@scenario.begin\n", "\n@scenario.end\n"
    system_out = system_out.lstrip()  # behave writes the CDATA after a line break of its own
    if not system_out.startswith(begin) or end not in system_out:
        return False
    for line in system_out[len(begin) : system_out.index(end)].splitlines():
        said, _, status = line.strip().rpartition(" ... ")
        for step in _VERIFYING_STEPS:
            if status and said.endswith(" " + step) and said[: -len(step) - 1] in STEP_KEYWORDS:
                return True
    return False


def _contents(texts: Sequence[str]) -> dict[tuple[str, str], str]:
    """What the case says each result verified: (provider, report line) -> digest."""
    found: dict[tuple[str, str], str] = {}
    for text in texts:
        provider = None
        for line in text.splitlines():
            header = _CONTENT_HEADER.match(line)
            if header:
                provider = header.group("provider")
                continue
            said = _CONTENT_LINE.match(line) if provider is not None else None
            if said is None:
                provider = None
                continue
            found[(str(provider), said.group("rest"))] = said.group("content")
    return found


def _vouched(result: _Found, contents: dict[tuple[str, str], str]) -> Result:
    """The result, with what it verified and whether that is the interaction as the pacts hold it now."""
    content = contents.get((result.known.provider, result.known.report_line), "")
    vouches = bool(content) and content == result.known.content
    return dataclasses.replace(result.result, content=content, vouches=vouches)


def _after_first_line(text: str) -> str:
    return text.partition("\n")[2].strip("\n") or text


@dataclass(frozen=True)
class _Found:
    known: Known
    result: Result


def _result(known: Known, status: str, when: str, details: str, by: str) -> _Found:
    return _Found(
        known, Result(known.consumer, known.provider, known.description, known.states, status, when, details, by)
    )
