"""The text of every consumer step, in one table: behave registers the steps from it, and render writes
features with it, so render never writes a step the vocabulary does not read.

    @step(STEPS["request"])                               # 'the consumer sends a {method} request to "{path}"'
    written("request", method="GET", path="/users/1")     # 'the consumer sends a GET request to "/users/1"'

A template's fields are parse's: `{name}`, or `{part:Part}` for a field of a type the steps
register (`Part`: request, response, message or reply). `written` fills both kinds; the
values must already be written as a feature writes them (quoted text escaped, for one).
"""

from __future__ import annotations

import re

STEPS: dict[str, str] = {
    "consumer": 'the consumer is "{name}"',
    "provider": 'the provider is "{name}"',
    "state": 'the provider is in the state "{state}"',
    "state with": 'the provider is in the state "{state}" with:',
    "described as": 'the interaction is described as "{description}"',
    "comment": 'the interaction has the comment "{comment}"',
    "test name": 'the interaction is the test "{name}"',
    "request": 'the consumer sends a {method} request to "{path}"',
    "publishes": 'the provider publishes the message "{description}"',
    "sends message": 'the consumer sends the message "{description}"',
    "replies": "the provider replies with a message",
    "metadata": "the {part:MessagePart} has the metadata:",
    "headers": "the {part:HttpPart} has the headers:",
    "query": "the request has the query:",
    "rules at paths": "the {part:Part} has the rules at paths:",
    "json body": "the {part:Part} has the JSON body:",
    "json body of type": 'the {part:Part} has the JSON body of type "{content_type}":',
    "text body": "the {part:Part} has the text body:",
    "status": "the provider responds with status {status}",
    "fields": "the {part:Part} has the fields:",
    "form body": "the {part:Part} has the form body:",
    "xml body": "the {part:Part} has the XML body:",
    "body of type": 'the {part:Part} has a body of type "{content_type}":',
    "binary body": 'the {part:Part} has a binary body of type "{content_type}" in base64:',
    "file body": 'the {part:Part} has the file "{path}" as a body of type "{content_type}"',
    "file part": 'the {part:HttpPart} has the file "{path}" as the multipart part "{name}" of type "{content_type}"',
    "part in base64": 'the {part:HttpPart} has the multipart part "{name}" of type "{content_type}" in base64:',
    "requests met": "the consumer's requests meet the contract",
    "message accepted": "the consumer accepts the message",
    "messages accepted": "the consumer accepts the messages",
}

_FIELD = re.compile(r"\{(\w+)(?::\w+)?\}")


def written(step: str, /, **values: str) -> str:
    """The step `step` as a feature writes it: each `{field}` (typed or not) replaced by its value."""
    template = STEPS[step]
    missing = set(_FIELD.findall(template)) - set(values)
    if missing:
        msg = f"the step {step!r} needs {', '.join(sorted(missing))}"
        raise KeyError(msg)
    return _FIELD.sub(lambda found: values[found.group(1)], template)
