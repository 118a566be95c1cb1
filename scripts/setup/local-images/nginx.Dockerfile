# Local stand-in for the official nginx image where no registry answers: Debian's nginx.
ARG BASE
FROM ${BASE}
RUN rm -f /etc/nginx/sites-enabled/default && ln -sf /dev/stderr /var/log/nginx/error.log
CMD ["nginx", "-g", "daemon off;"]
