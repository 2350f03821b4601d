"""The provider side of a run: start (or reach) the real provider and verify it.

    process = ProviderProcess.start("{python} -m myservice --port {port}", ready_path="/", timeout=30)
    try:
        pacts = local_pacts(LocalPacts((Path("pacts"),)), "UserService")
        verification = verify_provider("UserService", process.base_url, pacts, REGISTRY)
    finally:
        process.stop()
    print(verification.report)

`{port}` in the command becomes a free loopback port (also given as the `PORT`
environment variable) and `{python}` the interpreter running behave. The
provider's output is kept in a private file (mode 0600), shown (scrubbed of
secrets) when it fails to start or dies, and deleted when it stops unless
`keep_log` asks otherwise. The provider runs in a session of its own, and its
environment carries a mark of this start (`PROVIDER_MARK`). Stopping it stops
every process of that session or process group, and every process that still
carries the mark: a wrapper script's server after the wrapper exited, and a
daemon that left the session with `setsid` (on Linux, where `/proc` lists them).
A run that ends any other way stops it at exit.

What cannot be reached: a process that left the session and was started with an
environment of its own (`env -i`, a service manager), one of another user, and,
without `/proc` (macOS), anything outside the provider's process group.

The provider's environment is the run's without the broker's address and
credentials (`PACT_BROKER_*`, `CONTRACTS_BDD_BROKER_*`, `PACT_URL`), which it
has no use for; `provider_env_passthrough` names any it does need.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from contracts_bdd.errors import ProviderError
from contracts_bdd.interrupts import on_exit
from contracts_bdd.model.contract import InteractionFilter
from contracts_bdd.model.reports import InteractionOutcome, verification_report
from contracts_bdd.pact.message_endpoint import MessageEndpoint
from contracts_bdd.pact.plugins import missing_plugins, plugin_folder
from contracts_bdd.pact.verifier import REQUEST_TIMEOUT_SECONDS, run_verifier
from contracts_bdd.provider.pact_files import (
    Comments,
    Selection,
    comments_of,
    contents_of,
    interactions_of,
    selected,
    verification_rounds,
)
from contracts_bdd.provider.producers import PRODUCERS
from contracts_bdd.provider.sources import FetchedPact
from contracts_bdd.provider.state_endpoint import StateChangeServer
from contracts_bdd.provider.states import StateRegistry
from contracts_bdd.redaction import scrubbed

OUTPUT_TAIL_LINES = 30
OUTPUT_TAIL_BYTES = 16 * 1024
POLL_INTERVAL = 0.05
STOP_GRACE_SECONDS = 5.0
CRASH_GRACE_SECONDS = 0.5


PROVIDER_MARK = "CONTRACTS_BDD_PROVIDER_RUN"
"""The variable whose value marks every process of one provider start, so that they can all be stopped."""
WITHHELD_PREFIXES = ("PACT_BROKER_", "CONTRACTS_BDD_BROKER_")
WITHHELD_NAMES = ("PACT_URL",)


def provider_environment(environ: Mapping[str, str], passthrough: Sequence[str] = ()) -> dict[str, str]:
    """The environment a provider starts with: `environ` without the broker's address and credentials,
    except the variables `passthrough` names."""
    return {
        name: value
        for name, value in environ.items()
        if name in passthrough or not (name.startswith(WITHHELD_PREFIXES) or name in WITHHELD_NAMES)
    }


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ProviderProcess:
    """A provider the framework started, and its captured output."""

    def __init__(
        self,
        command: str,
        port: int,
        process: subprocess.Popen[bytes],
        output: Path,
        *,
        keep_log: bool = False,
        mark: str = "",
    ) -> None:
        self.command = command
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._process = process
        self._output = output
        self._keep_log = keep_log
        self._stopped = False
        self._mark = f"{PROVIDER_MARK}={mark}"
        self._at_exit = on_exit(self.stop)

    @classmethod
    def start(
        cls,
        command: str,
        *,
        ready_path: str,
        timeout: float,
        keep_log: bool = False,
        environment: Mapping[str, str] | None = None,
    ) -> ProviderProcess:
        """Run `command` and wait until `ready_path` answers any HTTP status.

        `environment` is the provider's (default: `provider_environment(os.environ)`).

        Raises:
            ProviderError: the command cannot run, exits, or does not answer in time.
        """
        port = free_port()
        expanded = command.replace("{port}", str(port)).replace("{python}", shlex.quote(sys.executable))
        try:
            arguments = shlex.split(expanded)
        except ValueError as err:
            msg = f"the provider command {command!r} cannot be split into words: {err}"
            raise ProviderError(msg) from err
        handle, name = tempfile.mkstemp(prefix="contracts-bdd-provider-", suffix=".log")  # mode 0600
        output = Path(name)
        mark = secrets.token_hex(16)
        chosen = provider_environment(os.environ) if environment is None else dict(environment)
        try:
            process = subprocess.Popen(
                arguments,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**chosen, "PORT": str(port), PROVIDER_MARK: mark},
                start_new_session=True,
            )
        except OSError as err:
            output.unlink(missing_ok=True)
            msg = f"the provider command {expanded!r} could not be run: {err}"
            raise ProviderError(msg) from err
        finally:
            os.close(handle)
        provider = cls(command, port, process, output, keep_log=keep_log, mark=mark)
        try:
            provider._wait_until_ready(ready_path, timeout)
        except BaseException:  # not ready, or interrupted while waiting: nothing is left running
            provider.stop()
            raise
        return provider

    def _wait_until_ready(self, ready_path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = self.base_url + ready_path
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                requests.get(url, timeout=1)
            except requests.RequestException:
                time.sleep(POLL_INTERVAL)
                continue
            return
        msg = (
            f"the provider started with {self.command!r} did not answer at {url} within {timeout:g} s\n"
            f"{self.output_tail()}\n"
            "Check that the command listens on {port} (or $PORT) on 127.0.0.1, "
            "or raise provider_start_timeout in behave.ini"
        )
        raise ProviderError(msg)

    def check_alive(self, wait: float = 0.0) -> None:
        """Raise `ProviderError` with the provider's last output if it has exited (waiting up to `wait` s).

        A first process that exited with 0 while its process group lives on is a wrapper
        script whose server still runs: that provider is alive.
        """
        try:
            code = self._process.wait(wait) if wait else self._process.poll()
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and (code != 0 or not _group_alive(self._process.pid)):
            msg = f"the provider started with {self.command!r} exited with code {code}\n{self.output_tail()}"
            raise ProviderError(msg)

    def output_tail(self) -> str:
        """The provider's last lines of output (only the file's end is read), scrubbed and indented."""
        try:
            with self._output.open("rb") as log:
                size = log.seek(0, os.SEEK_END)
                log.seek(max(0, size - OUTPUT_TAIL_BYTES))
                text = log.read().decode(errors="replace")
        except OSError:
            text = ""
        lines = text.splitlines()[-OUTPUT_TAIL_LINES:]
        shown = "\n".join(f"    | {line}" for line in scrubbed("\n".join(lines)).splitlines()) or "    | (no output)"
        return f"  its last output:\n{shown}"

    def stop(self) -> Path | None:
        """Stop the provider's whole session; idempotent. Return where its output was kept, if asked.

        The process group and every other process of the provider's session or carrying its
        mark (see the module docstring) get SIGTERM, then SIGKILL after a grace period, even
        when the first process has already exited: a wrapper script's server lives on.
        """
        if self._stopped:
            return self._output if self._keep_log else None
        self._stopped = True
        self._at_exit.cancel()
        group = self._process.pid  # started in a new session: its id, and the group's, is this pid
        others = _session_members(group, self._mark.encode())
        _signal_group(group, signal.SIGTERM)
        _signal_each(others, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(STOP_GRACE_SECONDS)
        while (_group_alive(group) or _any_alive(others)) and time.monotonic() < deadline:
            time.sleep(POLL_INTERVAL)
        if _group_alive(group):
            _signal_group(group, signal.SIGKILL)
        _signal_each(_session_members(group, self._mark.encode()) | others, signal.SIGKILL)
        self._process.wait()
        if self._keep_log:
            return self._output
        self._output.unlink(missing_ok=True)
        return None


def _signal_group(group: int, number: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, number)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _session_members(session: int, mark: bytes) -> set[int]:
    """The live processes of `session` (or of the process group of that id), and those whose environment
    holds `mark`; empty where `/proc` cannot tell (the process group is then all that is reached)."""
    members: set[int] = set()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return members
    own = os.getpid()
    for entry in entries:
        if not entry.isdigit() or int(entry) == own:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if fields[0] == b"Z":
                continue  # already dead, waiting to be reaped
            if session in (int(fields[2]), int(fields[3])):  # the process group, the session
                members.add(int(entry))
                continue
            if mark.endswith(b"="):
                continue  # no mark to look for
            with open(f"/proc/{entry}/environ", "rb") as environ:
                if mark + b"\0" in environ.read() + b"\0":
                    members.add(int(entry))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile, or another user's
    return members


def _signal_each(pids: set[int], number: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, number)


def _any_alive(pids: set[int]) -> bool:
    return any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def check_reachable(base_url: str) -> None:
    """Raise `ProviderError` if nothing answers HTTP at `base_url`."""
    try:
        requests.get(base_url, timeout=5)
    except requests.RequestException as err:
        msg = (
            f"the provider at {base_url} cannot be reached ({type(err).__name__}); "
            'start it first, or let contracts-bdd start it: Given the provider "Name" is started with "<command>"'
        )
        raise ProviderError(msg) from err


@dataclass(frozen=True)
class Verification:
    """The outcome of verifying a provider: one entry per interaction."""

    provider: str
    outcomes: list[InteractionOutcome]
    verifier_output: str
    publish_error: str | None = None

    @property
    def passed(self) -> bool:
        """True when no interaction failed (pending failures do not count) and results, if sent, arrived."""
        return bool(self.outcomes) and not any(outcome.failed for outcome in self.outcomes) and not self.publish_error

    @property
    def report(self) -> str:
        """Every interaction, passed or failed with its mismatch text (the verifier's own output if none ran).

        Scrubbed of secrets: a provider may echo a header from the environment back.
        """
        report = verification_report(self.provider, self.outcomes)
        if self.publish_error:
            report += f"\nThe verification results did not reach the broker: {self.publish_error}"
        if not self.outcomes and self.verifier_output.strip():
            report += "\nThe verifier said:\n" + "\n".join(
                f"  {line}" for line in self.verifier_output.strip().splitlines()
            )
        return scrubbed(report)


def verify_provider(
    provider: str,
    base_url: str | None,
    pacts: Sequence[FetchedPact],
    registry: StateRegistry,
    *,
    state_change_url: str | None = None,
    process: ProviderProcess | None = None,
    only: InteractionFilter | None = None,
    selection: Selection | None = None,
    headers: Mapping[str, str] | None = None,
    without_handler: str = "fail",
    request_timeout: float = REQUEST_TIMEOUT_SECONDS,
) -> Verification:
    """Verify `pacts` against the running provider; each outcome names the pact it came from.

    Its messages come from the producers registered with `@message_producer` (a provider of
    messages only has no `base_url`). `selection` limits the pacts to those interactions. A
    failure in a pact the broker marked pending does not count. An interrupt stops the
    provider the run started, so the verifier ends quickly.
    """
    arguments: dict[str, Any] = {
        "only": only,
        "headers": headers,
        "request_timeout": request_timeout,
        "on_interrupt": process.stop if process is not None else lambda: None,
    }
    pacts, outcomes = _without_missing_plugins(pacts, only, selection)
    outputs: list[str] = []
    with contextlib.ExitStack() as stack:
        rounds = stack.enter_context(verification_rounds(pacts, selection))
        messages = stack.enter_context(MessageEndpoint(PRODUCERS.produce))
        arguments["message_url"] = messages.url
        states = (
            None
            if state_change_url
            else stack.enter_context(
                StateChangeServer(registry, without_handler=without_handler, request_timeout=request_timeout)
            )
        )
        state_url = state_change_url or (states.url if states is not None else None)
        for chosen in rounds:
            if not chosen.files:
                continue
            run = run_verifier(provider, base_url, chosen.files, state_url, **arguments)
            by_consumer = {
                pact.consumer: (pact, comments_of(pact), contents_of(pact.document)) for pact in chosen.pacts
            }
            outcomes += [
                _traced(outcome, *by_consumer.get(outcome.consumer, (None, {}, {}))) for outcome in run.outcomes
            ]
            outputs.append(run.output)
    if process is not None:
        # A provider that crashes fails interactions first; give its exit a moment to show.
        process.check_alive(wait=CRASH_GRACE_SECONDS if any(outcome.failed for outcome in outcomes) else 0.0)
    state_problems = states.problems if states is not None else {}
    state_warnings = states.warnings if states is not None else {}
    outcomes = [
        _with_problems(_with_warnings(outcome, state_warnings), state_problems, messages.problems)
        for outcome in outcomes
    ]
    return Verification(provider, outcomes, "\n".join(outputs))


def _without_missing_plugins(
    pacts: Sequence[FetchedPact], only: InteractionFilter | None, selection: Selection | None
) -> tuple[list[FetchedPact], list[InteractionOutcome]]:
    """The pacts the verifier may have, and a failed outcome for each chosen interaction of a pact that
    needs a plugin that is not installed: the verifier would download it (see `contracts_bdd.pact.plugins`)."""
    kept: list[FetchedPact] = []
    failed: list[InteractionOutcome] = []
    for pact in pacts:
        missing = missing_plugins(pact.document, os.environ)
        if not missing:
            kept.append(pact)
            continue
        plural = "s" if len(missing) > 1 else ""
        why = (
            f"the pact needs the Pact plugin{plural} {', '.join(missing)}, not installed in "
            f"{plugin_folder(os.environ)}; contracts-bdd never lets pact-ffi download a plugin, so nothing was "
            "verified or downloaded. Install it yourself (pact-plugin-cli install, into PACT_PLUGIN_DIR), "
            "or leave this pact out"
        )
        contents = contents_of(pact.document)
        for found in interactions_of([pact]):
            if only is not None and not only.admits(found.consumer, found.description, found.states):
                continue
            if selection is not None and not selected(pact, found.description, selection):
                continue
            status = "pending-failed" if pact.pending else "failed"
            content = contents.get((found.description, found.states), "")
            failed.append(
                InteractionOutcome(
                    found.consumer, found.description, found.states, status, why, pact.origin, content=content
                )
            )
    return kept, failed


def _traced(
    outcome: InteractionOutcome,
    pact: FetchedPact | None,
    comments: Mapping[tuple[str, tuple[str, ...]], Comments],
    contents: Mapping[tuple[str, tuple[str, ...]], str],
) -> InteractionOutcome:
    """The outcome with the pact it came from, the pact's comments on it and what it verified (the
    interaction's digest); a failure of a pact the broker marked pending does not count."""
    if pact is None:
        return outcome
    status = "pending-failed" if pact.pending and outcome.status == "failed" else outcome.status
    key = (outcome.description, outcome.states)
    said = comments.get(key, Comments())
    return dataclasses.replace(
        outcome,
        status=status,
        source=pact.origin,
        comments=said.text,
        test_name=said.test_name,
        content=contents.get(key, ""),
    )


def _with_warnings(outcome: InteractionOutcome, warnings: Mapping[str, str]) -> InteractionOutcome:
    """The outcome with a warning for each of its states that had no handler (the project chose warnings)."""
    found = tuple(
        f"{warnings[state]}; '{outcome.description}' was verified without it (provider_state_without_handler = warn)"
        for state in outcome.states
        if state in warnings
    )
    return dataclasses.replace(outcome, warnings=found) if found else outcome


def _with_problems(
    outcome: InteractionOutcome, state_problems: dict[str, str], message_problems: dict[str, str]
) -> InteractionOutcome:
    """A failed outcome with the reasons our endpoints kept: a state's handler, a message's producer."""
    notes = [state_problems[state] for state in outcome.states if state in state_problems]
    if outcome.description in message_problems:
        notes.append(message_problems[outcome.description])
    if not notes or outcome.status == "passed":
        return outcome
    # The cause first: a missing producer or a failing handler, then what the verifier saw because of it.
    return dataclasses.replace(outcome, details="\n".join([*notes, outcome.details]))
