# Local stand-in for the official Node image where no registry answers: the host's Node binary
# (dynamically linked against glibc only) on the same Debian base.
ARG BASE
FROM ${BASE}
COPY node /usr/local/bin/node
CMD ["node"]
