"""The gateway's message store: conversations and every message and reply."""
import asyncio

from sqlalchemy.exc import InterfaceError, OperationalError

# What a store call raises while its database cannot be reached.
DATABASE_DOWN = (OperationalError, InterfaceError)


async def in_thread(function, *args):
    """Runs a (blocking) store call without holding up the event loop."""
    return await asyncio.to_thread(function, *args)
