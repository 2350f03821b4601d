"""The provider's process: its output tail is bounded and scrubbed, and its log is private."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

from contracts_bdd.provider.verification import ProviderProcess
from contracts_bdd.redaction import Secret


def finished_provider(log: Path) -> ProviderProcess:
    process = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    process.wait()
    return ProviderProcess("provider", 1, process, log)


def test_the_tail_of_a_huge_log_is_read_from_its_end_only(tmp_path: Path) -> None:
    log = tmp_path / "provider.log"
    with log.open("wb") as sink:
        sink.truncate(100 * 1024 * 1024)  # 100 MB of nothing, then the lines that matter
        sink.seek(0, 2)
        sink.write(b"\n".join(f"line {number}".encode() for number in range(100)) + b"\n")
    provider = finished_provider(log)

    tracemalloc.start()
    tail = provider.output_tail()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert tail.splitlines()[-1] == "    | line 99"
    assert "line 70" in tail and "line 69" not in tail
    assert peak < 1024 * 1024
    provider.stop()
    assert not log.exists()


def test_the_tail_is_scrubbed_of_secrets(tmp_path: Path) -> None:
    token = Secret("tail-token-3f9a")
    log = tmp_path / "provider.log"
    log.write_text(f"GET /users/1 Authorization: Bearer {token.reveal()}\ncrashed\n")

    tail = finished_provider(log).output_tail()

    assert token.reveal() not in tail
    assert "Bearer ****" in tail
