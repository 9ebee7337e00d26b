"""The command line run as a real process forked from the test worker, not a fresh interpreter.

A fresh ``python -m planner.cli`` spends 0.6–0.9 s of CPU importing pandas, PuLP, HiGHS and the
workbook libraries before it reads a cell; the suite runs the command line some 180 times, which
was a fifth of its CPU on 2 cores. A fork of a worker that has imported them once starts at once
and is still a process of its own: its own working folder, environment, stdin, stdout and stderr,
exit code and signals. What a fork does not test, the import of ``planner.cli`` and what a command
loads, stays tested by fresh interpreters (tests/test_cli_thin.py, the --help and Ctrl-C tests);
``PLANNER_TEST_SPAWN=1`` runs every command line in a fresh interpreter instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

PROGRAM = "python -m planner.cli"  # how click names the program when it is run with -m
POLL_S = 0.005


def preload() -> None:
    """Import what the commands load lazily, once per test worker, so a forked run finds it loaded."""
    import models.band_costs  # noqa: F401
    import models.optimise  # noqa: F401
    import models.ratio  # noqa: F401
    import models.scenarios  # noqa: F401
    import planner.cli  # noqa: F401
    import planner.commands.diff  # noqa: F401
    import planner.commands.prognosis  # noqa: F401
    import planner.commands.reoptimise  # noqa: F401
    import planner.commands.solve  # noqa: F401
    import planner.commands.sweep  # noqa: F401
    import planner.commands.validate  # noqa: F401
    import planner.outputs.plan  # noqa: F401


def run_forked(args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``planner ARGS`` in a forked child; TimeoutExpired after ``timeout`` s."""
    preload()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            os._exit(_child(args, cwd, env, out.fileno(), err.fileno()))
        code = _wait(pid, args, timeout)
        return code, _text(out), _text(err)


def _child(args: list[str], cwd: Path, env: dict[str, str], out: int, err: int) -> int:
    """Become the planner process: folder, environment, standard streams and signals as a fresh one has."""
    code = 1
    try:
        os.setpgid(0, 0)  # its own process group, like a command started from a shell
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        devnull = os.open(os.devnull, os.O_RDONLY)
        for source, target in ((devnull, 0), (out, 1), (err, 2)):
            os.dup2(source, target)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.argv = [PROGRAM, *args]
        from planner.cli import main

        try:
            main.main(args=list(args), prog_name=PROGRAM)
            code = 0
        except SystemExit as stop:
            code = _exit_code(stop.code)
    except BaseException:  # what a fresh interpreter would print for an uncaught error
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - a closed pipe; the exit code still tells
                pass
    return code


def _exit_code(code: object) -> int:
    """sys.exit's argument as the process's exit code, the way the interpreter turns it into one."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _wait(pid: int, args: list[str], timeout: float) -> int:
    """The child's exit code (−N for a signal, as subprocess says); the child killed after the timeout."""
    ends = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > ends:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired([PROGRAM, *args], timeout)
        time.sleep(POLL_S)


def _text(handle) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")
