"""The small vocabularies besides matchers, one table each: status classes and consumer version selectors.

    STATUS_CLASSES["clientError"].codes     # range(400, 500)
    STATUS_WORDS["client error"]            # "clientError"
    SELECTORS["mainBranch"].keyword         # "main_branch", pact-python's name for it

Each table is the one place its vocabulary is spelled: the Gherkin words, the
pact's names, examples, ranges and pact-python's keywords are all derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusClass:
    """A class of HTTP statuses (pact specification V4): its pact name, the words a feature writes for it.

    `words[0]` is what render writes; `example` is the status an example shows.
    """

    name: str
    example: int
    codes: range
    words: tuple[str, ...]


STATUS_CLASSES = {
    status.name: status
    for status in (
        StatusClass("info", 100, range(100, 200), ("informational", "any 1xx")),
        StatusClass("success", 200, range(200, 300), ("any 2xx", "success", "successful")),
        StatusClass("redirect", 301, range(300, 400), ("any 3xx", "redirect", "redirection")),
        StatusClass("clientError", 400, range(400, 500), ("client error", "any 4xx")),
        StatusClass("serverError", 500, range(500, 600), ("server error", "any 5xx")),
        StatusClass("nonError", 200, range(100, 400), ("non-error", "not an error")),
        StatusClass("error", 500, range(400, 600), ("any error", "error")),
    )
}
STATUS_WORDS = {word: status.name for status in STATUS_CLASSES.values() for word in status.words}


@dataclass(frozen=True)
class Selector:
    """A consumer version selector: its name at the broker, pact-python's keyword, whether it is a flag."""

    name: str
    keyword: str
    flag: bool = False


SELECTORS = {
    selector.name: selector
    for selector in (
        Selector("mainBranch", "main_branch", flag=True),
        Selector("branch", "branch"),
        Selector("deployedOrReleased", "deployed_or_released", flag=True),
        Selector("deployed", "deployed", flag=True),
        Selector("released", "released", flag=True),
        Selector("environment", "environment"),
        Selector("tag", "tag"),
        Selector("fallbackTag", "fallback_tag"),
        Selector("latest", "latest", flag=True),
        Selector("consumer", "consumer"),
        Selector("matchingBranch", "matching_branch", flag=True),
        Selector("fallbackBranch", "fallback_branch"),
    )
}


PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"
"""What a request path keeps as written (as a browser or `requests` does); other characters are percent-encoded."""
