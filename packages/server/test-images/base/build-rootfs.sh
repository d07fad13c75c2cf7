#!/usr/bin/env bash
# The root filesystem of the local test images: Debian bookworm (minbase) with the packages the
# PostgreSQL and Redis images, the Odoo stand-in and the nginx proxy image need, installed at
# debootstrap time so that building the images on top needs no network from inside a container.
# Usage: build-rootfs.sh <target directory> <Debian mirror URL>
# Changing this file changes the base image's tag (a hash of this recipe), so it is rebuilt.
set -euo pipefail
target="$1"
mirror="$2"

packages=postgresql-15,postgresql-client-15,python3,python3-psycopg2,procps,ca-certificates,redis-server,nginx

debootstrap --variant=minbase --include="$packages" bookworm "$target" "$mirror"

# The same numeric ids as the official images: postgres 999:999 (postgres image), and uid 100 /
# gid 101 kept free for the odoo user (odoo image). Debian gave postgres 100:102, ssl-cert 101;
# redis (whose official image also says 999, taken here by postgres) moves to 997:997.
chroot "$target" /bin/sh -e -c '
  old_uid=$(id -u postgres); old_gid=$(getent group postgres | cut -d: -f3)
  old_ssl=$(getent group ssl-cert | cut -d: -f3)
  groupmod -g 998 ssl-cert
  groupmod -g 999 postgres
  usermod -u 999 -g 999 postgres
  find / -xdev -uid "$old_uid" -exec chown -h 999 {} +
  find / -xdev -gid "$old_gid" -exec chgrp -h 999 {} +
  find / -xdev -gid "$old_ssl" -exec chgrp -h 998 {} +
  old_redis_uid=$(id -u redis); old_redis_gid=$(getent group redis | cut -d: -f3)
  groupmod -g 997 redis
  usermod -u 997 -g 997 redis
  find / -xdev -uid "$old_redis_uid" -exec chown -h 997 {} +
  find / -xdev -gid "$old_redis_gid" -exec chgrp -h 997 {} +
'

# The nginx test image writes its own nginx.conf (the control plane's); Debian's site is not used.
rm -f "$target/etc/nginx/sites-enabled/default"

# Debian's own cluster is not used: the postgres image makes its cluster in /var/lib/postgresql/data.
rm -rf "$target/etc/postgresql/15/main" "$target/var/lib/postgresql/15"

# Smaller image: no package caches, lists, documentation or manuals.
rm -rf "$target"/var/cache/apt/archives/*.deb "$target"/var/lib/apt/lists/* \
  "$target"/usr/share/doc/* "$target"/usr/share/man/* "$target"/usr/share/info/*
# The host's resolver would leak into the image; Docker provides its own at run time.
: >"$target/etc/resolv.conf"
