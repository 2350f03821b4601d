"""Native writes to file descriptor 1 (as pact-ffi makes) stay out of behave's output."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest
from tests_support import REPO


def run(snippet: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(snippet)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=60,
    )
    return done.stdout


def test_native_lines_written_during_a_call_go_to_the_log_not_stdout() -> None:
    output = run(
        """\
        import ctypes, logging, sys
        logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
        from contracts_bdd.pact.native import native_stdout_to_log
        libc = ctypes.CDLL(None)
        print("before", flush=True)
        with native_stdout_to_log():
            libc.puts(b"content_type is NULL!")
        print("after", flush=True)
        """
    )
    assert output.split() == ["before", "after"]


def test_one_sink_serves_every_block_and_each_logs_only_its_own_lines() -> None:
    output = run(
        """\
        import ctypes, logging, sys
        from contracts_bdd.pact import native
        seen = []
        class Keep(logging.Handler):
            def emit(self, record):
                seen.append(record.getMessage())
        logging.getLogger("contracts_bdd.ffi").addHandler(Keep())
        logging.getLogger("contracts_bdd.ffi").setLevel(logging.DEBUG)
        libc = ctypes.CDLL(None)
        for line in (b"first", b"second"):
            with native.native_stdout_to_log():
                with native.native_stdout_to_log():
                    libc.puts(line)
        print(seen, native._sink.cache_info().misses)
        """
    )
    assert output.strip() == "['pact-ffi wrote to stdout:\\nfirst', 'pact-ffi wrote to stdout:\\nsecond'] 1"


@pytest.mark.parametrize(
    ("moment", "before"),
    [(1, False), (2, True)],  # just after fd 1 goes to the sink; just before it comes back
)
def test_a_signal_while_fd_1_is_swapped_never_leaves_stdout_in_the_sink(moment: int, before: bool) -> None:
    """A SIGTERM at the swap (CI load made it land there once) must not swallow the rest of the run's output."""
    snippet = f"""\
        import os, signal
        from contracts_bdd.interrupts import INTERRUPTS
        from contracts_bdd.pact import native

        INTERRUPTS.install()
        calls = [0]
        real_dup2 = os.dup2

        def dup2(source, target):
            calls[0] += 1
            if calls[0] == {moment} and {before}:
                os.kill(os.getpid(), signal.SIGTERM)  # the handler runs at the next bytecode
            real_dup2(source, target)
            if calls[0] == {moment} and not {before}:
                os.kill(os.getpid(), signal.SIGTERM)

        native.os.dup2 = dup2
        try:
            with native.native_stdout_to_log():
                pass
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        print("after_all still speaks", flush=True)
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(snippet)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=60,
    )

    assert done.returncode == -signal.SIGTERM
    assert done.stdout == "interrupted\nafter_all still speaks\n"
