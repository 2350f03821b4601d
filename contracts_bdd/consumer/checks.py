"""What a pact can hold: V4-only features, every rule and generator, and rules on headers and queries.

check_specification(interaction, "V3", scenario_location)   # FeatureError at the line that needs more
check_names(interaction)                                    # FeatureError at a header or query row Pact cannot keep
check_with_engine(interaction, scenario_location)           # FeatureError at a regex or format pact-rust refuses
check_multipart(interaction)                                # FeatureError at a multipart part no request could meet
check_message(message, "V3", scenario_location)             # FeatureError at a message a pact cannot hold
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import quote

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.model.contract import (
    Header,
    Interaction,
    Matcher,
    MultipartBody,
    QueryParameter,
    XmlBody,
    XmlElement,
    example_of,
    matchers_in,
    path_rule_need,
    text_of,
)
from contracts_bdd.model.matchers import lowest_specification
from contracts_bdd.model.media_types import essence, is_json, is_xml
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction, at_paths_of, values_of
from contracts_bdd.model.specs import SPECIFICATIONS
from contracts_bdd.pact.engine_checks import example_problem, generator_problem

_V4_ONLY = (
    ("test_name", "a test name (a V4 comment)"),
    ("pending", "the @pending tag"),
    ("comments", "a scenario description (written into the pact as comments)"),
    ("references", "an @ref: tag"),
    ("key", "an @key: tag"),
)


def check_specification(interaction: AnyInteraction, version: str, scenario: Location) -> None:
    """Raise `FeatureError` at the line of whatever `version` of the pact specification cannot hold."""
    if version != "V4":
        for attribute, what in _V4_ONLY:
            if getattr(interaction, attribute):
                raise FeatureError(
                    scenario,
                    f"{what} needs pact specification V4; this scenario's pact is {version}",
                    "tag the feature @pact:V4 (or set pact_specification = V4), or remove it",
                )
    transport = interaction.transport if isinstance(interaction, Interaction) else None
    if transport is not None and version != "V4":
        raise FeatureError(
            scenario,
            f"the transport {transport!r} needs pact specification V4; this scenario's pact is {version}",
            "tag the feature @pact:V4 (or set pact_specification = V4), or remove the @transport tag",
        )
    for found in at_paths_of(interaction):
        need = path_rule_need(found)
        if need is not None and version == "V2":
            raise FeatureError(
                found.location or scenario,
                f"{need} needs pact specification V3; pact-ffi 0.5 writes a V2 pact's {found.part} rules by name only",
                "tag the feature @pact:V3 (or set pact_specification = V3)",
            )
    for value, location in values_of(interaction):
        lowest, word = lowest_specification(value)
        if SPECIFICATIONS.index(lowest) > SPECIFICATIONS.index(version):
            raise FeatureError(
                location or scenario,
                f"{word}() needs pact specification {lowest} or later; this scenario's pact is {version}",
                f"tag the feature @pact:{lowest} (or set pact_specification = {lowest}), "
                "or use a matcher the version holds (like, regex)",
            )


def check_with_engine(interaction: AnyInteraction, scenario: Location) -> None:
    """Raise `FeatureError` at a regex or a date/time format whose example, or a value its generator can certainly
    make, pact-rust would not accept.

    The words check their examples in Python when a feature is read; this asks the pact
    engine too, so that nothing passes here that the verifier then refuses. A value written
    `as_recorded(...)` is not checked: its example is the one a pact recorded.
    """
    recorded: set[int] = set()
    for value, location in values_of(interaction):
        for matcher in matchers_in(value):
            if matcher.recorded:
                recorded.update(id(rule) for rule in matcher.each_rule())
            if matcher.recorded or id(matcher) in recorded:
                continue
            found = example_problem(matcher) or generator_problem(matcher)
            if found is not None:
                problem, hint = found
                raise FeatureError(location or scenario, f"{matcher.name or matcher.rule}(): {problem}", hint)


def check_multipart(interaction: Interaction) -> None:
    """Raise `FeatureError` at a multipart part that pact-ffi 0.5's mock server can never match.

    It parses a JSON or XML part and then applies the part's content-type rule to the parsed
    value, which fails whatever the consumer sends.
    """
    response = interaction.response
    for body in (interaction.request.body, response.body if response else None):
        if not isinstance(body, MultipartBody):
            continue
        for part in body.parts:
            if is_json(part.content_type) or is_xml(part.content_type):
                media = essence(part.content_type)
                raise FeatureError(
                    part.location or body.location or Location("", 0),
                    f"the multipart part '{part.name}' is of type {part.content_type}; pact-ffi 0.5 parses such a "
                    "part and then fails its content-type rule on the parsed value, so no request could meet it",
                    f'the part as text: of type "text/plain", or the {media.split("/")[-1].upper()} as the body of '
                    "its own request",
                )


def check_names(interaction: Interaction) -> None:
    """Raise `FeatureError` at a header or query row whose rule a pact cannot keep as written.

    A pact keeps one rule per header or query parameter name, and applies it to every value
    of that name. A rule over all of a name's values (`array_containing`, `each_value_matches`)
    is one row: pact-ffi 0.5's mock server and verifier apply it to all the header's lines at
    once (`test_header_lists.py` measures it).
    """
    response = interaction.response
    header_sets: list[Sequence[Header]] = [interaction.request.headers, response.headers if response else []]
    for headers in header_sets:
        for header in headers:
            _check_header_text(header, interaction)
            _check_header_list(header, interaction)
        _one_rule_per_name(headers, "header", lambda name: name.lower())
    _one_rule_per_name(interaction.request.query, "query parameter", lambda name: name)


def _check_header_list(header: Header, interaction: Interaction) -> None:
    """A rule over a header's values needs two values or more: pact-ffi 0.5 applies it to a header of one line
    neither in its mock server nor in its verifier (`test_header_lists.py` measures it)."""
    example = example_of(header.value)
    if isinstance(example, list) and len(example) < 2:
        raise FeatureError(
            header.location or interaction.request.location or Location("", 0),
            f"the header '{header.name}' has a rule over a list of {len(example)} value; pact-ffi 0.5 applies such a "
            "rule only to a header of two lines or more, so with one line no request, and no provider, meets it",
            f'two values or more, or the matcher on the one value: | {header.name} | {{{{ regex("b", "[a-z]+") }}}} |',
        )


def _check_header_text(header: Header, interaction: Interaction) -> None:
    """A header value must be ASCII on one line: pact-ffi's mock server refuses any other byte
    ("Found an invalid header encoding"), and http.client cannot send beyond Latin-1."""
    example = example_of(header.value)
    for text in [text_of(item) for item in (example if isinstance(example, list) else [example])]:
        strange = next((char for char in text if not char.isascii() or char in "\r\n\0"), None)
        if strange is None:
            continue
        line_break = strange in "\r\n\0"
        raise FeatureError(
            header.location or interaction.request.location or Location("", 0),
            f"the header '{header.name}' holds "
            + ("a line break, which would end the header" if line_break else f"{strange!r}, which HTTP cannot carry")
            + " (header values are ASCII)",
            "one line per header value"
            if line_break
            else f"percent-encode it ({quote(strange)}), or carry the text in the body",
        )


def _one_rule_per_name(rows: Sequence[Header | QueryParameter], what: str, key: Callable[[str], str]) -> None:
    first: dict[str, Header | QueryParameter] = {}
    for row in rows:
        earlier = first.setdefault(key(row.name), row)
        if earlier is row or _rule_of(earlier.value) == _rule_of(row.value):
            continue
        listing = (
            ' or list the values in one row: {{ each_value_matches(["1", "2"], regex("1", "\\\\d+")) }}'
            if what == "query parameter"
            else ""
        )
        raise FeatureError(
            row.location or Location("", 0),
            f"the {what} '{row.name}' has {_described(row.value)} here and {_described(earlier.value)} at "
            f"{earlier.location}; a pact keeps one rule per {what} name and applies it to every value",
            f"give every row of '{row.name}' the same matcher (or none){listing}",
        )


def _rule_of(value: object) -> object:
    return (value.rule, value.options) if isinstance(value, Matcher) and value.rule is not None else None


def _described(value: object) -> str:
    if isinstance(value, Matcher) and value.rule is not None:
        return f"the rule {value.name or value.rule}()"
    return "no rule"


def check_message(interaction: MessageInteraction, version: str, scenario: Location) -> None:
    """Raise `FeatureError` at a message that `version` cannot hold, or that pact-ffi could not write as declared."""
    where = interaction.location or scenario
    if version == "V2":
        raise FeatureError(
            where,
            "messages need pact specification V3 or later; this scenario's pact is V2",
            "tag the feature @pact:V4 (or set pact_specification = V4)",
        )
    if interaction.synchronous and version != "V4":
        raise FeatureError(
            where,
            f"a message the consumer sends and the provider replies to needs pact specification V4; this "
            f"scenario's pact is {version}",
            "tag the feature @pact:V4 (or set pact_specification = V4)",
        )
    replies = interaction.replies or []
    if interaction.synchronous and not replies:
        raise FeatureError(
            where,
            f"the message '{interaction.description}' is sent by the consumer, but no reply is declared",
            "Then the provider replies with a message\n      And the reply has the JSON body: ...",
        )
    for message in interaction.messages():
        seen: dict[str, Location | None] = {}
        for entry in message.metadata:
            if entry.name in seen:
                raise FeatureError(
                    entry.location or where,
                    f"the metadata '{entry.name}' is declared twice (first at {seen[entry.name]}); a message has "
                    "one value per metadata name",
                    "one row per name",
                )
            seen[entry.name] = entry.location
    if len(replies) > 1:
        raise FeatureError(
            replies[1].location or where,
            f"the message '{interaction.description}' has a second reply; pact-rust's verifier asks a provider for "
            "a synchronous message's reply once and compares it with every reply declared, so a second could "
            "never be met",
            "one reply per message: declare the second exchange as a message of its own",
        )
    for message in interaction.messages():
        _check_xml_minimum(message, where)


def _check_xml_minimum(message: Message, where: Location) -> None:
    """pact-rust checks an XML element's minimum in a message against the element's own children."""
    if not isinstance(message.body, XmlBody):
        return
    for element in _elements(message.body.root):
        if element.copies > 1:
            raise FeatureError(
                message.body.location or where,
                f"the element <{element.tag}> of this message's XML must repeat at least {element.copies} times; "
                "pact-rust's verifier counts a message element's own children against that minimum, so no "
                "provider's message could meet it",
                f"<{element.tag} {{{{ each_like() }}}}> (at least once) in a message, or the minimum in an HTTP body",
            )


def _elements(element: XmlElement) -> list[XmlElement]:
    found = [element]
    for child in element.children:
        if isinstance(child, XmlElement):
            found += _elements(child)
    return found
