"""What runs beside HiGHS while it solves: its callback (progress, each better plan, a stop) and Ctrl-C's handling."""

from __future__ import annotations

import math
from collections.abc import Callable

# Called now and then during a solve with (seconds so far, best plan's objective or None, gap or None).
Progress = Callable[[float, float | None, float | None], None]


class CtrlC:
    """While HiGHS runs: Ctrl-C is noted, not raised (a KeyboardInterrupt inside HiGHS's callback is swallowed, and
    the solve then looked like one that found no plan in time, written over the user's plan); the callback asks
    HiGHS to stop, and leaving the block raises the KeyboardInterrupt. Only where Python's own handler is in place
    (the main thread; not where Ctrl-C is ignored, as in a sweep's workers)."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous = None

    def __enter__(self) -> CtrlC:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum, frame) -> None:
        self.pressed = True

    def __exit__(self, kind, value, tb) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.pressed and kind is None:
            raise KeyboardInterrupt


def highs_callback(progress: Progress | None, on_plan, constant: float = 0.0, ctrl_c: CtrlC | None = None):
    """HiGHS calls this at every node (pass the best plan and gap on, at most once a second; after Ctrl-C, ask it to
    stop) and with each better plan (pass it on whole, for a watched solve stopped before its end). constant: the
    objective's constant, which PuLP does not give HiGHS: added back so every cost is the plan's."""
    import highspy

    improving = highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution
    last = [-1.0]

    def callback(callback_type, message, data_out, data_in, user_data) -> None:
        if ctrl_c is not None and ctrl_c.pressed:
            if callback_type != improving:
                data_in.user_interrupt = True
            return
        if callback_type == improving:
            if on_plan is not None:
                on_plan(data_out.objective_function_value + constant, list(data_out.mip_solution))
            return
        seconds = data_out.running_time
        if progress is None or seconds - last[0] < 1.0:
            return
        last[0] = seconds
        best, bound = data_out.mip_primal_bound + constant, data_out.mip_dual_bound + constant
        if not (math.isfinite(best) and abs(best) < 1e30):
            return progress(seconds, None, None)
        progress(seconds, best, max(0.0, best - bound) / abs(best) if math.isfinite(bound) and best else None)

    return callback
