"""The gateway's one shape of an HTTP error answer: {"error": {"code", "message"}}."""
from sanic import response
from sanic.response import HTTPResponse


def json_error(status: int, code: str, message: str) -> HTTPResponse:
    return response.json({"error": {"code": code, "message": message}}, status=status, ensure_ascii=False)
