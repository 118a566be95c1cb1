"""The small WSGI app badgateway runs under Gunicorn: reads the request, works for a while
(time.sleep, holding its sync worker), then answers."""
import os
import time

DELAY_S = int(os.environ.get("BADGATEWAY_DELAY_MS", "0")) / 1000
INSTANCE = os.environ.get("BADGATEWAY_INSTANCE", "app")
BODY = b"ok\n"


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > 0:
        environ["wsgi.input"].read(length)
    if DELAY_S > 0:
        time.sleep(DELAY_S)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY))), ("X-Backend-Instance", INSTANCE)])
    return [BODY]
