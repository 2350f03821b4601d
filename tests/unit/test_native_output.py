"""Native writes to file descriptor 1 (as pact-ffi makes) stay out of behave's output."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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
