#!/bin/sh
# Makes sure a RabbitMQ broker answers on 127.0.0.1:5672 (guest/guest), as
# the broker tests need: installs it from the distribution when missing,
# starts the node when it is down, and starts the app when a restart test
# left it stopped.
set -eu

answers() {
	if command -v nc >/dev/null 2>&1; then
		nc -z 127.0.0.1 5672 >/dev/null 2>&1
	else
		bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672' >/dev/null 2>&1
	fi
}

answers && exit 0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v rabbitmq-server >/dev/null 2>&1; then
	echo "installing rabbitmq-server" >&2
	as_root apt-get update
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y rabbitmq-server
fi
if as_root rabbitmqctl status >/dev/null 2>&1; then
	as_root rabbitmqctl start_app
else
	as_root rabbitmq-server -detached
fi
as_root rabbitmqctl await_startup >/dev/null
i=0
until answers; do
	i=$((i + 1))
	if [ "$i" -gt 60 ]; then
		echo "RabbitMQ does not answer on 127.0.0.1:5672" >&2
		exit 1
	fi
	sleep 1
done
