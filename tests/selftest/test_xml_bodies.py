"""XML bodies as written: prefixes, namespace declarations, mixed text, element rules and generators.

Each feature runs in real behave on pact-python's mock server; the pact it writes is then
verified by pact-rust's own verifier (`pact verifier`, from pact-python-cli) against a small
provider that answers the documents, so an independent implementation reads what we write.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from behave_project import Project
from round_trip import assert_exactly_back, run_rendered

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Orders\n"

NAMESPACED = """\
Feature: XML orders
  Scenario: An order with a namespace and tail text
    When the consumer sends a GET request to "/orders/1"
    Then the provider responds with status 200
    And the response has the XML body:
      \"\"\"
      <a xmlns:n="http://e/"><b>t</b>tail<n:c>{{ like("v") }}</n:c></a>
      \"\"\"

  Scenario: Repeated items with generated values
    When the consumer sends a GET request to "/orders"
    Then the provider responds with status 200
    And the response has the XML body:
      \"\"\"
      <o:orders xmlns:o="http://example.com/orders" count="{{ integer(2, generate=random_integer(1, 9)) }}">
        Orders of today
        <o:order {{ each_like(min=2) }} id="{{ integer(1) }}">
          <o:total currency="EUR">{{ decimal(9.5) }}</o:total>
          <o:note {{ like() }} lang="en">{{ string("gift") }}</o:note>
        </o:order>
        end of list
      </o:orders>
      \"\"\"
"""


def test_namespaces_prefixes_and_tail_text_are_written_as_declared(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/xml.feature", NAMESPACED)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    written = {item["description"]: item["response"] for item in run.pact("Shop-Orders.json")["interactions"]}
    one = written["An order with a namespace and tail text"]
    assert one["body"]["content"] == '<a xmlns:n="http://e/"><b>t</b>tail<n:c>v</n:c></a>'
    # By namespace and local name, as pact-rust's verifier applies rules (a rule at $.a.n:c is never applied).
    assert one["matchingRules"]["body"] == {
        "$.a['http://e/:c'].#text": {"combine": "AND", "matchers": [{"match": "type"}]}
    }
    many = written["Repeated items with generated values"]
    content = many["body"]["content"]
    assert content.count('<o:order id="1">') == 2
    assert "Orders of today<o:order" in content
    assert "</o:order>end of list</o:orders>" in content
    rules = many["matchingRules"]["body"]
    orders = "$['http://example.com/orders:orders']"
    order = f"{orders}['http://example.com/orders:order']"
    assert rules[order]["matchers"] == [{"match": "type", "min": 2}]
    assert rules[f"{order}['@id']"]["matchers"] == [{"match": "integer"}]
    assert rules[f"{order}['http://example.com/orders:total'].#text"]["matchers"] == [{"match": "decimal"}]
    assert rules[f"{order}['http://example.com/orders:note']"]["matchers"] == [{"match": "type"}]
    assert many["generators"]["body"] == {f"{orders}['@count']": {"type": "RandomInt", "min": 1, "max": 9}}


# Documents that differ from the examples in every way the rules allow: other values, three orders.
PROVIDER_DOCUMENTS = {
    "/orders/1": "<a xmlns:n='http://e/'><b>t</b>tail<n:c>another</n:c></a>",
    "/orders": (
        "<o:orders xmlns:o='http://example.com/orders' count='3'>Orders of today"
        + "".join(
            f"<o:order id='{number}'><o:total currency='EUR'>{number}.25</o:total>"
            f"<o:note lang='de'>n{number}</o:note></o:order>"
            for number in (4, 5, 6)
        )
        + "end of list</o:orders>"
    ),
}


class _Documents(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        document = PROVIDER_DOCUMENTS.get(self.path)
        body = (document or "").encode()
        self.send_response(200 if document else 404)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def xml_provider() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Documents)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _pact_cli() -> str:
    found = shutil.which("pact", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("pact-python-cli's `pact` is not installed beside this Python; pip install -e '.[test]'")
    return found


def test_pact_rusts_own_verifier_reads_the_xml_we_write(project: Project, xml_provider: int) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/xml.feature", NAMESPACED)
    assert project.behave("features/consumer").returncode == 0

    verified = subprocess.run(
        [
            _pact_cli(),
            "verifier",
            "--file",
            "pacts/Shop-Orders.json",
            "--hostname",
            "127.0.0.1",
            "--port",
            str(xml_provider),
            "--json",
            "report.json",
            "--no-colour",
        ],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PACT_DO_NOT_TRACK": "true", "SSL_CERT_DIR": str(project.root)},
    )

    assert verified.returncode == 0, verified.stdout + verified.stderr
    report = json.loads((project.root / "report.json").read_text())
    assert report["result"] is True, report


def test_an_xml_pact_renders_back_to_a_feature_that_writes_it_again(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/xml.feature", NAMESPACED)
    assert project.behave("features/consumer").returncode == 0
    original = project.root / "pacts" / "Shop-Orders.json"

    rendered, run = run_rendered(original, tmp_path_factory.mktemp("rendered"))

    assert run.returncode == 0, rendered + run.output
    assert "{{ each_like(min=2) }}" in rendered and "{{ like() }}" in rendered
    assert "# Not rendered" not in rendered
    assert_exactly_back(json.loads(original.read_text()), run.pact("Shop-Orders.json"), rendered)
