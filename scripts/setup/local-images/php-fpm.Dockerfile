# Local stand-in for the official php:8.2-fpm image where no registry answers: Debian's php-fpm 8.2,
# installed with apt from Debian's archive, with `php-fpm` on PATH as in the official image.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends php8.2-fpm >/dev/null \
 && rm -rf /var/lib/apt/lists/* /etc/php/8.2/fpm/pool.d/www.conf \
 && ln -s /usr/sbin/php-fpm8.2 /usr/local/sbin/php-fpm
CMD ["php-fpm", "-F"]
