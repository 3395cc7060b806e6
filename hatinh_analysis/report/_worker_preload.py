"""Imported once by the fork server of the report workers (see :mod:`.workers`).

Every worker process is forked from that server with papermill and nbconvert
already imported and the HTML template compiled, instead of importing them
itself. Nothing here starts a thread or opens a socket (forking must stay safe).
"""
import signal
import sys


def _in_fork_server() -> bool:
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code.co_name == "main" and frame.f_code.co_filename.endswith("forkserver.py"):
            return True
        frame = frame.f_back
    return False


if _in_fork_server():
    # The fork server ignores Ctrl-C once it has imported this module; ignore it already
    # while importing (the command handles Ctrl-C and stops the workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)

import gc  # noqa: E402

gc.disable()  # faster imports (see _kernel_side.prewarm); frozen below, so the forked workers skip them
try:
    from hatinh_analysis.report.workers import speed_up_imports

    speed_up_imports()

    import jupyter_client  # noqa: F401
    import jupyter_client.asynchronous  # noqa: F401

    from hatinh_analysis.report import pipeline  # noqa: F401
    from hatinh_analysis.report.export import warm_up
    from hatinh_analysis.report.kernels import register_engine

    register_engine()
    warm_up()
finally:
    gc.freeze()
    gc.enable()
