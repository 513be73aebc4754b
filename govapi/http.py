"""Small helpers shared by the route modules."""
from __future__ import annotations

from contextlib import contextmanager

from sanic import response


def ok(body: dict, status: int = 200):
    return response.json(body, status=status, ensure_ascii=False)


def yuan(fen: int) -> float:
    return round(fen / 100, 2)


@contextmanager
def reading(request):
    with request.app.ctx.sessions() as session:
        yield session


@contextmanager
def writing(request):
    with request.app.ctx.sessions() as session, session.begin():
        yield session
