"""`python -m actions`: rasa-sdk's action server with every log line masked, at LOG_LEVEL."""
import logging

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from privacy import logs


def main() -> None:
    logs.install()
    args = create_argument_parser().parse_args()
    args.loglevel = logging.getLevelName(logs.level())
    main_from_args(args)


if __name__ == "__main__":
    main()
