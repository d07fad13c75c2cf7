#!/bin/sh
# The parts of the official redis image's entrypoint the control plane relies on: arguments
# that start with `-` (or a *.conf file) go to redis-server; redis-server started as root drops
# to the redis user after taking /data (WORKDIR); any other command runs as is. The official
# image's server is built with protected mode off; Debian's is not, so it is turned off here
# (after a configuration file, which redis-server wants first). A password is the protection.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

if [ "$1" = 'redis-server' ]; then
  set -- "$@" --protected-mode no
fi

exec "$@"
