"""Runs the `rasa` command line with every log line masked and two per-turn costs removed
(rasa_addons.speedups), and leaves without the
interpreter's final garbage collection, which takes TensorFlow several seconds: long
enough for a process manager to SIGKILL Rasa on Ctrl-C. Everything Rasa stores is
committed by then."""
import os
import sys
from pathlib import Path

# the project's own packages (NLU components, tracker store, channel) from this checkout
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.__main__ import main

from privacy import logs
from rasa_addons import speedups

if __name__ == "__main__":
    logs.install()
    speedups.install()
    code = 0
    try:
        main()
    except SystemExit as exit_request:
        code = exit_request.code if isinstance(exit_request.code, int) else 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
