"""Scratch PostgreSQL databases for tests on the local server (trust auth), dropped at the end."""
import uuid

from sqlalchemy import create_engine, text

ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1/postgres"


class ScratchDatabases:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.admin = create_engine(ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def create_name(self) -> str:
        """Creates a database; returns its name."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return name

    def create(self) -> str:
        """Creates a database; returns its SQLAlchemy URL."""
        return f"postgresql+psycopg2://postgres@127.0.0.1/{self.create_name()}"

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_all(self) -> None:
        for name in self.names:
            self.drop(name)
        self.admin.dispose()
