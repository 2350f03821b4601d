"""Rendering a pact file as a feature in this vocabulary, readable by a product owner.

    text = render_pact(json.loads(Path("pacts/Web-Api.json").read_text()), source="Web-Api.json")
    Path("features/consumer/web-api.feature").write_text(text)

Running the rendered feature with `behave` writes an equivalent pact: the same
requests, responses, states and matching rules. What the vocabulary cannot say
is listed at the top of the feature as comments.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2

from contracts_bdd.errors import PactFileError
from contracts_bdd.gherkin.step_texts import written
from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Generator,
    JsonBody,
    Matcher,
    MultipartBody,
    PathRule,
    ProviderState,
    TextBody,
    XmlBody,
    XmlElement,
    body_value,
    matchers_in,
    party_name_problem,
    path_rule_need,
    text_of,
)
from contracts_bdd.model.expressions import AS_RECORDED
from contracts_bdd.model.matchers import MATCHERS, generator_reader, lowest_specification, with_implied_rules
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction, at_paths_of, values_of
from contracts_bdd.model.specs import SPECIFICATIONS
from contracts_bdd.model.vocabularies import STATUS_CLASSES
from contracts_bdd.pact.document import load_pact
from contracts_bdd.pact.reader import ExampleJudge, read_pact
from contracts_bdd.render import gherkin_text as escaping
from contracts_bdd.render.gherkin_text import Sink, gherkin_text


@dataclass
class RenderedStep:
    """One step of a rendered scenario: keyword, text, and its table or docstring."""

    keyword: str
    text: str
    table: list[list[str]] = field(default_factory=list)
    docstring: str | None = None


@dataclass
class RenderedScenario:
    """One interaction as a scenario."""

    name: str
    tags: list[str]
    description: list[str]
    steps: list[RenderedStep]


def render_pact(document: dict[str, Any], source: str = "a pact file", judge: ExampleJudge | None = None) -> str:
    """Render a pact document (V1 to V4) as a feature file's text.

    `judge` says whether the pact engine accepts a rule's example (the CLI passes pact-rust's own
    check); an example that breaks its own rule is written `as_recorded(...)`.
    """
    pact = read_pact(document, source, judge)
    specification = pact.specification
    for interaction in pact.interactions:
        needed, word = lowest_specification_of(interaction)
        if SPECIFICATIONS.index(needed) > SPECIFICATIONS.index(specification):
            pact.notes.append(
                f"written as pact specification {needed}: {word} needs it (the file says {specification})"
            )
            specification = needed
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("contracts_bdd", "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - Gherkin, not HTML
    )
    for role, name in (("consumer", pact.consumer), ("provider", pact.provider)):
        problem = party_name_problem(name)
        if problem is not None:
            msg = f"{source} names its {role} {name!r}: {problem}; such a pact cannot be rendered or written"
            raise PactFileError(msg)
    if not pact.interactions:
        left = "; ".join(pact.notes) or "it holds no interaction"
        msg = f"{source} has nothing a feature can say: {left}"
        raise PactFileError(msg)
    scenarios = [_scenario(interaction, pact.notes) for interaction in pact.interactions]
    for scenario in scenarios:
        for step in scenario.steps:
            step.table = _aligned(step.table)
    return environment.get_template("pact.feature.j2").render(
        source=_one_line(source),
        consumer=pact.consumer,
        provider=pact.provider,
        background=[written("consumer", name=pact.consumer), written("provider", name=pact.provider)],
        specification=specification,
        notes=[_one_line(note) for note in pact.notes],
        scenarios=scenarios,
    )


def rendered_scenario(interaction: AnyInteraction) -> RenderedScenario:
    """One interaction as the scenario `render_pact` writes for it, its tables aligned."""
    scenario = _scenario(interaction, [])
    for step in scenario.steps:
        step.table = _aligned(step.table)
    return scenario


def lowest_specification_of(interaction: AnyInteraction) -> tuple[str, str]:
    """The lowest pact specification that holds every value of `interaction` (a synchronous message needs V4)."""
    if isinstance(interaction, MessageInteraction) and interaction.synchronous:
        return "V4", "a synchronous message"
    lowest, word = lowest_specification([value for value, _ in values_of(interaction)])
    if isinstance(interaction, MessageInteraction) and lowest == "V2":
        return "V3", "a message"
    needs = [need for need in map(path_rule_need, at_paths_of(interaction)) if need is not None]
    if needs and lowest == "V2":
        return "V3", needs[0]
    return lowest, word


def render_file(path: Path, judge: ExampleJudge | None = None) -> str:
    """Render the pact file at `path`.

    Raises:
        PactFileError: the file is not a pact this vocabulary can read.
    """
    return render_pact(load_pact(path), source=path.name, judge=judge)


def _scenario(interaction: AnyInteraction, notes: list[str]) -> RenderedScenario:
    tags = ["@pending"] if interaction.pending else []
    if interaction.key and escaping.tag_word(interaction.key):
        tags.append(f"@key:{interaction.key}")
    transport = getattr(interaction, "transport", None)
    if transport is not None and escaping.tag_word(transport):
        tags.append(f"@transport:{transport}")
    elif transport is not None:
        notes.append(f"'{interaction.description}': its transport {transport!r} is left out: a tag cannot hold it")
    tags += [f"@ref:{group}:{name}" for group, name, _ in interaction.references if escaping.tag_word(group + name)]
    steps = [_state_step(state, first=index == 0) for index, state in enumerate(interaction.states)]
    description, comment_steps = list(interaction.comments), []
    if not all(_reads_as_description(line) for line in description):
        # One comment that Gherkin would read as a step, a tag or a comment: all go as steps, in order.
        comment_steps = [RenderedStep("And", written("comment", comment=_literal(line))) for line in description]
        description = []
    if comment_steps and not steps:
        comment_steps[0].keyword = "Given"
    steps += comment_steps
    test_name = (
        [RenderedStep("And", written("test name", name=_argument(interaction.test_name)))]
        if interaction.test_name is not None
        else []
    )
    if isinstance(interaction, MessageInteraction):
        notes += _lone_generator_notes(interaction)
        message_steps = _message_steps(interaction)
        steps += message_steps[:1] + test_name + message_steps[1:]
        return RenderedScenario(
            gherkin_text(_scenario_name(interaction.description), Sink.LINE), tags, description, steps
        )
    request = interaction.request
    method = gherkin_text(request.method, Sink.WORD)
    steps.append(RenderedStep("When", written("request", method=method, path=_text(request.path))))
    steps += test_name
    name = interaction.description
    if not _plain_line(name):
        steps.append(RenderedStep("And", written("described as", description=_literal(name))))
        name = _scenario_name(name, "An interaction")
    if request.headers:
        steps.append(
            RenderedStep(
                "And",
                written("headers", part="request"),
                [[_cell(_name_cell(h.name)), _cell(_text(h.value))] for h in request.headers],
            )
        )
    if request.query:
        steps.append(
            RenderedStep(
                "And",
                written("query"),
                [[_cell(_name_cell(q.name)), _cell(_text(q.value))] for q in request.query],
            )
        )
    steps.extend(_body_steps("request", request.body))
    steps.extend(_path_rule_steps("request", request.at_paths))
    response = interaction.response
    if response is not None:
        steps.append(RenderedStep("Then", written("status", status=_status(response.status))))
        if response.headers:
            rows = [[_cell(_name_cell(h.name)), _cell(_text(h.value))] for h in response.headers]
            steps.append(RenderedStep("And", written("headers", part="response"), rows))
        steps.extend(_body_steps("response", response.body))
        steps.extend(_path_rule_steps("response", response.at_paths))
    return RenderedScenario(gherkin_text(name, Sink.LINE), tags, description, steps)


def _path_rule_steps(part: str, at_paths: list[PathRule]) -> list[RenderedStep]:
    """The rules and generators a pact keeps at paths of their own, as a table under the part's other steps."""
    if not at_paths:
        return []
    rows = [["in", "path", "rule"]]
    rows += [
        [found.part, _cell(_name_cell(found.path)), _cell("{{ " + expression(found.value) + " }}")]
        for found in at_paths
    ]
    return [RenderedStep("And", written("rules at paths", part=part), rows)]


def _scenario_name(description: str, fallback: str = "A message") -> str:
    """A scenario's name for a description: as it is when a line holds it, else its words on one line."""
    return description if _plain_line(description) else " ".join(description.split())[:100] or fallback


def _message_steps(interaction: MessageInteraction) -> list[RenderedStep]:
    """A message (or a request message and its replies) in the words a product owner writes."""
    who = "sends message" if interaction.synchronous else "publishes"
    steps = [RenderedStep("When", written(who, description=_argument(interaction.description)))]
    steps += _message_part_steps("message", interaction.message)
    for reply in interaction.replies or []:
        steps.append(RenderedStep("Then", written("replies")))
        steps += _message_part_steps("reply", reply)
    steps.append(RenderedStep("Then" if not interaction.replies else "And", written("message accepted")))
    return steps


def _lone_generator_notes(interaction: MessageInteraction) -> list[str]:
    """Generators alone in a body the provider makes: the feature gives each the rule it implies."""
    made = (interaction.replies or []) if interaction.synchronous else [interaction.message]
    lone = [
        matcher.generator.kind
        for message in made
        for matcher in matchers_in(body_value(message.body))
        if matcher.rule is None and matcher.generator is not None and with_implied_rules(matcher).rule is not None
    ]
    return [
        f"'{interaction.description}': the {kind} generator stands alone in a body the provider makes; the feature "
        "gives it the rule it implies, since the provider's message is checked against that rule"
        for kind in lone
    ]


def _message_part_steps(part: str, message: Message) -> list[RenderedStep]:
    steps = _body_steps(part, message.body)
    if message.metadata:
        rows = [[_cell(_name_cell(entry.name)), _cell(_metadata_cell(entry.value))] for entry in message.metadata]
        steps.append(RenderedStep("And", written("metadata", part=part), rows))
    return steps + _path_rule_steps(part, message.at_paths)


def _metadata_cell(value: Any) -> str:
    """A metadata value: text as text, a matcher or any other JSON value as `{{ ... }}`."""
    return _text(value) if isinstance(value, (str, Matcher)) else "{{ " + expression(value) + " }}"


def _aligned(table: list[list[str]]) -> list[list[str]]:
    """The table's cells padded so that its columns line up, as a product owner lays a table out."""
    if not table:
        return table
    widths = [max(len(row[column]) for row in table if column < len(row)) for column in range(max(map(len, table)))]
    return [[cell.ljust(widths[column]) for column, cell in enumerate(row)] for row in table]


def _state_step(state: ProviderState, *, first: bool) -> RenderedStep:
    keyword = "Given" if first else "And"
    name = gherkin_text(state.name, Sink.QUOTED)
    if not state.parameters:
        return RenderedStep(keyword, written("state", state=name))
    rows = [["parameter", "value"]] + [
        [_cell(_name_cell(key)), _cell(_parameter(value))] for key, value in state.parameters.items()
    ]
    return RenderedStep(keyword, written("state with", state=name), rows)


def _parameter(value: Any) -> str:
    """A state parameter as a cell: JSON, except for text that reads the same as text."""
    if isinstance(value, str) and _plain_line(value) and "\\" not in value:
        try:
            json.loads(value)
        except ValueError:
            return value
    return _json_one_line(value)


def _json_one_line(value: Any) -> str:
    """`value` as JSON on one line: line breaks and invisible characters inside strings are written as escapes."""
    return escaping.json_text(value)


def _body_steps(part: str, body: Body | None) -> list[RenderedStep]:
    if isinstance(body, MultipartBody):
        return [
            RenderedStep(
                "And",
                written(
                    "part in base64",
                    part=part,
                    name=_argument(found.name),
                    content_type=gherkin_text(found.content_type, Sink.WORD),
                ),
                docstring=_base64_lines(found.data),
            )
            for found in body.parts
        ]
    return [] if body is None else [_body_step(part, body)]


def _argument(text: str) -> str:
    """Text for a quoted step argument: as it is, or as a `{{ "..." }}` literal when a line would read it otherwise."""
    return gherkin_text(text, Sink.ARGUMENT)


def _base64_lines(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return "\n".join(encoded[start : start + 76] for start in range(0, len(encoded), 76))


def _body_step(part: str, body: Body) -> RenderedStep:
    """The step that declares `body`; a body from a file is written out in base64."""
    if isinstance(body, JsonBody):
        text = (
            written("json body", part=part)
            if body.content_type == "application/json"
            else written("json body of type", part=part, content_type=gherkin_text(body.content_type, Sink.WORD))
        )
        return RenderedStep("And", text, docstring=_json_document(body.value))
    if isinstance(body, FormBody):
        rows = [["field", "value"]]
        for name, value in body.fields.items():
            rows.extend(
                [_cell(_name_cell(name)), _cell(_text(item))]
                for item in (value if isinstance(value, list) else [value])
            )
        return RenderedStep("And", written("form body", part=part), rows)
    if isinstance(body, XmlBody):
        return RenderedStep("And", written("xml body", part=part), docstring=_xml_document(body.root))
    if isinstance(body, TextBody):
        text = body.text if _docstring_safe(body.text) else _literal(body.text)
        content_type = gherkin_text(body.content_type, Sink.WORD)
        return RenderedStep("And", written("body of type", part=part, content_type=content_type), docstring=text)
    assert isinstance(body, BinaryBody)
    text = written("binary body", part=part, content_type=gherkin_text(body.content_type, Sink.WORD))
    return RenderedStep("And", text, docstring=_base64_lines(body.data))


def _status(status: int | Matcher) -> str:
    if not isinstance(status, Matcher):
        return str(status)
    example = status.example
    if status.rule is None:
        text = str(example)
    elif status.combined or status.rule != "statusCode":
        return "{{ " + expression(status) + " }}"
    else:
        status_class = str(status.option("status"))
        known = STATUS_CLASSES.get(status_class)
        text = known.words[0] if known else gherkin_text(status_class, Sink.WORD)
        if known is None or example != known.example:
            text += f" like {gherkin_text(str(example), Sink.WORD)}"
    if status.generator is not None:
        low, high = (gherkin_text(str(status.generator.option(bound)), Sink.WORD) for bound in ("min", "max"))
        text += f", generated between {low} and {high}"
    return text


def _text(value: Any) -> str:
    """A path, header, query or form value as the feature writes it."""
    if isinstance(value, Matcher):
        return "{{ " + expression(value) + " }}"
    if value is None:
        return "{{ null }}"  # a query parameter with no value
    return gherkin_text(str(value), Sink.VALUE)


# -- text copied from a pact: every string goes through render.gherkin_text --------------
_plain_line = escaping.plain_line
_reads_as_description = escaping.reads_as_description
_docstring_safe = escaping.docstring_safe
_cell = escaping.cell


def _literal(text: str) -> str:
    """`text` as a one-line `{{ "..." }}` literal that the feature reads back exactly."""
    return escaping.literal(text)


def _one_line(text: str) -> str:
    """`text` for a `#` comment line: its line breaks and invisible characters written as escapes."""
    return gherkin_text(text, Sink.LINE)


def _name_cell(name: str) -> str:
    return gherkin_text(name, Sink.NAME)


def _json_document(value: Any, indent: str = "") -> str:
    """JSON with `{{ matcher(...) }}` where the value has a rule or generator."""
    inner = indent + "  "
    if isinstance(value, Matcher):
        return "{{ " + expression(value) + " }}"
    if isinstance(value, dict) and value:
        # A key is JSON text in the docstring: `{` as \u007b, so that no expression is read from `{{`.
        items = [
            f"{inner}{_json_one_line(key).replace('{', chr(92) + 'u007b')}: {_json_document(item, inner)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{_json_document(item, inner)}" for item in value]
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    if isinstance(value, str) and "{{" in value:
        return _literal(value)  # as JSON text, the feature would read an expression from it
    return _json_one_line(value)


def _xml_document(element: XmlElement, indent: str = "") -> str:
    """XML with `{{ matcher(...) }}` for texts and attributes, and each element rule inside its start tag."""
    parts = [f"<{element.tag}"]
    parts += [f' {name}="{_xml_value(value, attribute=True)}"' for name, value in element.attributes.items()]
    if element.rule is not None:
        parts.append(" {{ " + _element_rule(element.rule) + " }}")
    if not element.children:
        return indent + "".join(parts) + "/>"
    start = indent + "".join(parts) + ">"
    if all(not isinstance(child, XmlElement) for child in element.children):
        return start + "".join(_xml_value(child) for child in element.children) + f"</{element.tag}>"
    inner = indent + "  "
    lines = [start]
    for child in element.children:
        lines.append(_xml_document(child, inner) if isinstance(child, XmlElement) else inner + _xml_value(child))
    lines.append(f"{indent}</{element.tag}>")
    return "\n".join(lines)


def _element_rule(rule: Matcher) -> str:
    options = [
        f"{key}={escaping.json_text(value, python=True)}" for key, value in rule.options if key in ("min", "max")
    ]
    shown = [f"shown={escaping.json_text(value, python=True)}" for key, value in rule.options if key == "shown"]
    made = f"each_like({', '.join(options + shown)})" if options else f"like({', '.join(shown)})"
    return f"{AS_RECORDED}({made})" if rule.recorded else made


def _xml_value(value: Any, *, attribute: bool = False) -> str:
    """A text or attribute value: a matcher as `{{ ... }}`, text escaped for XML (and `{` so no expression is read)."""
    if isinstance(value, Matcher):
        return "{{ " + expression(value) + " }}"
    text = xml_escape(text_of(value), {'"': "&quot;"} if attribute else {})
    text = text.replace("{", "&#123;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return escaping.xml_text(text)


# -- matcher expressions --------------------------------------------------------------
def expression(value: Any) -> str:
    """A model value as the jinja2 expression a feature writes."""
    if isinstance(value, Matcher):
        return _call(value)
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{escaping.json_text(key, python=True)}: {expression(item)}" for key, item in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(expression(item) for item in value) + "]"
    return "none" if value is None else escaping.json_text(value, python=True)


def _call(matcher: Matcher) -> str:
    if matcher.rule is None and matcher.generator is not None:
        made = _generator_call(matcher.generator, matcher.example)
        return f"{AS_RECORDED}({made})" if matcher.recorded else made
    spec = MATCHERS[matcher.name]
    arguments = spec.arguments(matcher, expression)
    if matcher.generator is not None and not matcher.combined:
        generated = _generator_call(matcher.generator, matcher.example, beside_example=True)
        arguments.append(f"generate={generated}")
    made = f"{matcher.name}({', '.join(arguments)})"
    return f"{AS_RECORDED}({made})" if matcher.recorded else made


def _generator_call(generator: Generator, example: Any, *, beside_example: bool = False) -> str:
    """The generator's call; `beside_example` when it is a matcher's `generate=`, whose example it shares."""
    spec = generator_reader(generator.kind)
    if spec is None:
        return expression(example)  # a generator the vocabulary has no word for: its example stands
    arguments = spec.arguments(Matcher(None, example, (), generator, spec.name), expression)
    if beside_example:
        arguments = [argument for argument in arguments if not argument.startswith("example=")]
    return f"{spec.name}({', '.join(arguments)})"
