"""The small ASGI app badgateway runs under uvicorn. Its handler is async; with
BADGATEWAY_HANDLER=blocking it calls time.sleep, which stalls the whole event loop (every other
request waits), as a blocking database driver or requests.get() in an async view does; with
awaiting it awaits asyncio.sleep and requests overlap."""
import asyncio
import os
import time

DELAY_S = int(os.environ.get("BADGATEWAY_DELAY_MS", "0")) / 1000
BLOCKING = os.environ.get("BADGATEWAY_HANDLER", "blocking") == "blocking"
INSTANCE = os.environ.get("BADGATEWAY_INSTANCE", "app").encode()
BODY = b"ok\n"


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    if DELAY_S > 0:
        if BLOCKING:
            time.sleep(DELAY_S)
        else:
            await asyncio.sleep(DELAY_S)
    headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(BODY)).encode()), (b"x-backend-instance", INSTANCE)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})
