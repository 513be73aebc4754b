"""Runs the `rasa` command line and leaves without the interpreter's final
garbage collection, which takes TensorFlow several seconds: long enough for
honcho to SIGKILL Rasa on Ctrl-C. Everything Rasa stores is committed by then."""
import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    code = 0
    try:
        main()
    except SystemExit as exit_request:
        code = exit_request.code if isinstance(exit_request.code, int) else 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
