"""Creates a desk staff account:

    python -m bot.desk.staff create --username NAME --role agent|supervisor|trainer|analyst [--password-stdin]

The password is asked for (twice) unless --password-stdin reads it from standard input.
The database is GATEWAY_DATABASE_URL's (default sqlite:///var/gateway.db)."""
import argparse
import getpass
import sys

from bot.config import Settings
from bot.desk.accounts import AccountError, Accounts
from bot.desk.database import upgrade_desk_to_head
from bot.desk.models import ROLES
from bot.store.database import make_engine, upgrade_to_head


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password / 密码: ")
    if first != getpass.getpass("Repeat / 再次输入: "):
        raise AccountError("the passwords differ")
    return first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.desk.staff")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create a staff account")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--password-stdin", action="store_true")
    args = parser.parse_args(argv)
    engine = make_engine(Settings.from_env().database_url)
    try:
        upgrade_to_head(engine)
        upgrade_desk_to_head(engine)
        member = Accounts(engine).create(args.username, _password(args.password_stdin), args.role)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"created {member.role} {member.username} (id {member.id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
