# Gunicorn and uvicorn on the official Python image (where a registry answers): pip, pinned.
ARG BASE
FROM ${BASE}
RUN pip install --no-cache-dir --disable-pip-version-check gunicorn==23.0.0 uvicorn==0.32.1
CMD ["python3"]
