"""Runs stopped by SIGINT, SIGTERM or SIGHUP: nothing written, nothing published, nothing left running or on disk.

Each test signals a real behave run, at a point it can name (a hook, a provider that is
starting, a verification under way), and checks the pact directory byte for byte, the
broker's log, the processes the run started and a temp directory of its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from behave_project import Project, RunningBehave
from broker_support import FakeBroker, index

PREVIOUS_PACT = b'{"consumer": {"name": "Shop"}, "provider": {"name": "Users"}, "interactions": ["previous"]}'


def interrupted_by(number: signal.Signals) -> tuple[int, int]:
    """The exit statuses of a process ended by `number`: killed by it, or exiting 128+n."""
    return (-number, 128 + number)


def many_scenarios(count: int) -> str:
    scenarios = "".join(
        f"""
  Scenario: Read user {index}
    When the consumer sends a GET request to "/users/{index}"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {{"id": {{{{ integer({index}) }}}}}}
      \"\"\"
"""
        for index in range(count)
    )
    return "Feature: Shop reads users\n" + scenarios


def consumer_project(project: Project, broker: FakeBroker, scenarios: int) -> dict[str, str]:
    project.write(
        "behave.ini",
        "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
        f"publish = true\nconsumer_version = abc123\nbroker_base_url = {broker.url}\n",
    )
    project.write("features/consumer/users.feature", many_scenarios(scenarios))
    (project.root / "pacts").mkdir()
    (project.root / "pacts" / "Shop-Users.json").write_bytes(PREVIOUS_PACT)
    temp = project.root / "tmp"
    temp.mkdir()
    return {"TMPDIR": str(temp)}


def publishing_broker() -> FakeBroker:
    broker = FakeBroker()
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish", base=broker.url), 0))
    broker.answer("POST /contracts/publish", (200, {"notices": [{"text": "published"}], "_links": {}}, 0))
    return broker


def assert_nothing_written_or_published(project: Project, broker: FakeBroker, output: str) -> None:
    pacts = project.root / "pacts"
    assert (pacts / "Shop-Users.json").read_bytes() == PREVIOUS_PACT, output
    assert sorted(path.name for path in pacts.iterdir()) == ["Shop-Users.json"], output
    assert broker.seen == [], output
    assert list((project.root / "tmp").iterdir()) == [], output


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_in_after_scenario_writes_and_publishes_nothing(project: Project, number: signal.Signals) -> None:
    broker = publishing_broker()
    env = consumer_project(project, broker, scenarios=12)
    project.write(
        "environment.py",
        f"""\
        import os
        from contracts_bdd import hooks
        from contracts_bdd.hooks import after_all, before_all, before_scenario, before_step

        SEEN = []

        def after_scenario(context, scenario):
            SEEN.append(scenario.name)
            if len(SEEN) == 7:
                os.kill(os.getpid(), {int(number)})  # lands in this hook, before the framework's own
            hooks.after_scenario(context, scenario)
        """,
    )

    run = project.behave("features/consumer", env=env)
    broker.close()

    assert run.returncode in interrupted_by(number), run.output
    assert f"stopped by {number.name}: no pact file was written or published" in run.output
    assert_nothing_written_or_published(project, broker, run.output)


@pytest.mark.parametrize(("number", "after"), [(signal.SIGTERM, 3), (signal.SIGINT, 40), (signal.SIGTERM, 120)])
def test_a_signal_at_any_moment_of_a_consumer_run_writes_and_publishes_nothing(
    project: Project, number: signal.Signals, after: int
) -> None:
    broker = publishing_broker()
    env = consumer_project(project, broker, scenarios=400)
    running = project.start_behave("features/consumer", env=env)
    running.wait_for(lambda: running.output().count("Scenario: ") >= after, f"{after} scenarios")

    running.process.send_signal(number)
    run = running.finish()
    broker.close()

    assert run.returncode in interrupted_by(number), run.output
    assert "no pact file was written or published" in run.output
    assert_nothing_written_or_published(project, broker, run.output)


PROVIDER = """\
import os, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

folder = sys.argv[2]
with open(os.path.join(folder, f"pid-{os.getpid()}"), "w") as mark:
    mark.write(str(os.getpid()))
time.sleep(float(os.environ.get("START_DELAY", "0")))

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/users/"):
            open(os.path.join(folder, "request-arrived"), "w").close()
            time.sleep(float(os.environ.get("ANSWER_DELAY", "0")))
        body = b'{"id": 1}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        sys.stderr.write("request with Authorization: Bearer secret-in-the-log\\n")

HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""

PACT = {
    "consumer": {"name": "Shop"},
    "provider": {"name": "Users"},
    "interactions": [
        {
            "description": "a request for user 1",
            "providerStates": [{"name": "user 1 exists"}],
            "request": {"method": "GET", "path": "/users/1"},
            "response": {"status": 200, "body": {"id": 1}},
        }
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


def provider_project(project: Project, command: str, states: str = "") -> tuple[Path, dict[str, str]]:
    marks = project.root / "marks"
    marks.mkdir()
    temp = project.root / "tmp"
    temp.mkdir()
    project.write("provider.py", PROVIDER)
    project.write("pacts/Shop-Users.json", json.dumps(PACT))
    project.write(
        "steps/states.py",
        "import time\nfrom contracts_bdd import provider_state\n\n"
        '@provider_state("user 1 exists")\ndef user_exists():\n' + (states or "    pass\n"),
    )
    project.write(
        "features/provider/users.feature",
        f"""\
        Feature: Users keeps its promises
          Scenario: Verify
            Given the provider "Users" is started with "{command} {marks}"
            When the provider is verified against its pacts
            Then every interaction passes verification
        """,
    )
    return marks, {"TMPDIR": str(temp)}


def provider_pids(marks: Path) -> list[int]:
    return [int(path.read_text()) for path in marks.glob("pid-*")]


def assert_stopped(pids: list[int]) -> None:
    assert pids, "the provider never wrote its pid"
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in pids if _alive(pid)]
        time.sleep(0.05)
    assert not alive, f"provider processes still running: {alive}"


def _alive(pid: int) -> bool:
    """Whether `pid` runs; a zombie (killed, not yet reaped by whoever adopted it) does not."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except (ProcessLookupError, FileNotFoundError):
        return False
    return stat.rsplit(b")", 1)[1].split()[0] != b"Z"


def wait_for_file(running: RunningBehave, path: Path) -> None:
    running.wait_for(path.exists, f"{path.name} to appear")


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_during_verification_stops_the_provider_and_leaves_no_temp_file(
    project: Project, number: signal.Signals
) -> None:
    marks, env = provider_project(project, f"{sys.executable} provider.py {{port}}")
    running = project.start_behave("features/provider", env={**env, "ANSWER_DELAY": "30"})
    wait_for_file(running, marks / "request-arrived")

    running.process.send_signal(number)
    run = running.finish()

    assert run.returncode in interrupted_by(number), run.output
    assert f"stopped by {number.name}" in run.output
    assert "failed verification" not in run.output
    assert_stopped(provider_pids(marks))
    assert list((project.root / "tmp").iterdir()) == [], run.output


def test_sigint_while_the_provider_starts_stops_it(project: Project) -> None:
    marks, env = provider_project(project, f"{sys.executable} provider.py {{port}}")
    running = project.start_behave("features/provider", env={**env, "START_DELAY": "60"})
    running.wait_for(lambda: bool(provider_pids(marks)), "the provider's pid")

    running.process.send_signal(signal.SIGINT)
    run = running.finish()

    assert run.returncode in interrupted_by(signal.SIGINT), run.output
    assert_stopped(provider_pids(marks))
    assert list((project.root / "tmp").iterdir()) == [], run.output


def test_a_wrapper_that_exits_first_does_not_leave_its_server_running(project: Project) -> None:
    # The wrapper (sh) exits after a second; its server lives on in the provider's process group,
    # and the state handler keeps verification going until the wrapper is gone.
    command = f"sh -c '{sys.executable} provider.py $PORT $0 & sleep 1'"
    marks, env = provider_project(project, command, states="    time.sleep(2)\n")

    run = project.behave("features/provider", env=env)

    assert run.returncode == 0, run.output
    assert_stopped(provider_pids(marks))
    assert list((project.root / "tmp").iterdir()) == [], run.output


def test_the_provider_log_is_kept_only_when_asked(project: Project) -> None:
    _marks, env = provider_project(project, f"{sys.executable} provider.py {{port}}")

    run = project.behave("features/provider", "-D", "keep_provider_log=true", env=env)

    assert run.returncode == 0, run.output
    kept = list((project.root / "tmp").glob("contracts-bdd-provider-*.log"))
    assert len(kept) == 1, run.output
    assert f"the provider's output was kept in {kept[0]}" in run.output
    assert kept[0].stat().st_mode & 0o777 == 0o600


def test_a_provider_stops_with_its_feature_without_an_after_feature_hook(project: Project) -> None:
    marks, env = provider_project(project, f"{sys.executable} provider.py {{port}}")
    project.write(
        "environment.py",
        "from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step\n",
    )
    project.write(
        "steps/checks.py",
        """\
        import os
        from behave import then

        @then("no provider of an earlier feature is still running")
        def earlier_providers_stopped(context):
            for mark in [name for name in os.listdir("marks") if name.startswith("pid-")]:
                pid = int(open(os.path.join("marks", mark)).read())
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    continue
                raise AssertionError(f"the provider {pid} of an earlier feature still runs")
        """,
    )
    project.write(
        "features/provider/zz_later.feature",
        """\
        Feature: a later feature
          Scenario: Check
            Then no provider of an earlier feature is still running
        """,
    )

    run = project.behave("features/provider", env=env)

    assert run.returncode == 0, run.output
    assert "2 features passed" in run.output
    assert_stopped(provider_pids(marks))


ESCAPEE = """\
import os, sys, time
# Leave the provider's session (and its process group) as a daemon does: fork, setsid, fork again.
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        open(os.path.join(sys.argv[1], f"session-{os.getsid(0)}"), "w").close()
        with open(os.path.join(sys.argv[1], f"pid-escapee-{os.getpid()}"), "w") as mark:
            mark.write(str(os.getpid()))
        time.sleep(300)  # bounded: it ends by itself should nothing stop it
    os._exit(0)
"""


def test_a_provider_process_that_left_its_session_is_stopped_too(project: Project) -> None:
    project.write("escapee.py", ESCAPEE)
    command = f"sh -c '{sys.executable} escapee.py $0; exec {sys.executable} provider.py $PORT $0'"
    marks, env = provider_project(project, command)
    try:
        run = project.behave("features/provider", env=env)
        escapees = [int(path.read_text()) for path in marks.glob("pid-escapee-*")]

        assert run.returncode == 0, run.output
        assert escapees, "the escapee never wrote its pid"
        (session,) = [int(path.name.split("-")[-1]) for path in marks.glob("session-*")]
        assert session not in [*provider_pids(marks), os.getsid(0)]  # it did leave the provider's session
        assert_stopped(provider_pids(marks))
    finally:
        for path in marks.glob("pid-*"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(path.read_text()), signal.SIGKILL)


def test_a_provider_that_ignores_sigterm_is_killed_after_the_grace_period(project: Project) -> None:
    project.write(
        "stubborn.py",
        "import runpy, signal, sys\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "sys.argv = sys.argv[1:]\nrunpy.run_path('provider.py', run_name='__main__')\n",
    )
    marks, env = provider_project(project, f"{sys.executable} stubborn.py provider.py {{port}}")

    run = project.behave("features/provider", env=env)

    assert run.returncode == 0, run.output
    assert_stopped(provider_pids(marks))
