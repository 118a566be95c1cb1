# Local stand-in for python:3.11-slim with Gunicorn and uvicorn where no registry answers: Debian's
# python3, gunicorn 20.1 and uvicorn 0.17, installed with apt from Debian's archive.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 gunicorn python3-uvicorn >/dev/null \
 && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
