#!/bin/bash
# Runs a command against a Docker engine of its own, in a network namespace of its own, when the
# machine's shared engine is busy (its lock held by a long run): the engine, the command and
# everything they start (sshd, pebble, the control plane) share the namespace's loopback only.
# The test images are copied from the shared engine. Usage (as root):
#   unshare --net bench/netns-engine.sh npx -y pnpm@10.34.9 bench:instance-provision
set -u
dir=$(mktemp -d /tmp/ocore-netns-XXXXXX)
ip link set lo up
dockerd --data-root="$dir/data" --exec-root="$dir/exec" --pidfile="$dir/docker.pid" \
  --host="unix://$dir/docker.sock" --iptables=false --ip6tables=false >"$dir/dockerd.log" 2>&1 &
daemon=$!
for _ in $(seq 1 240); do docker -H "unix://$dir/docker.sock" info >/dev/null 2>&1 && break; sleep 0.5; done
images=$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^ocore-test/(postgres|nginx|redis|odoo):[0-9.]+-[0-9a-f]{16}$')
# shellcheck disable=SC2086
docker save $images | docker -H "unix://$dir/docker.sock" load -q >/dev/null
export DOCKER_HOST="unix://$dir/docker.sock" OCORE_TEST_DOCKER_SOCKET="$dir/docker.sock" BENCH_DOCKER_SOCKET="$dir/docker.sock"
"$@"
rc=$?
ids=$(docker ps -aq)
# shellcheck disable=SC2086
[ -n "$ids" ] && docker rm -f -v $ids >/dev/null 2>&1
kill "$daemon"
wait "$daemon"
rm -rf "$dir"
exit $rc
