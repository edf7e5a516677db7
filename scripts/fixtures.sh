#!/bin/sh
# fixtures.sh - put Debian's keepalived sample configs beside our own test
# fixtures.  They are keepalived's text, so they are not committed: make
# check takes them from the keepalived package it installs
# (/usr/share/doc/keepalived/samples) into tests/fixtures/conf/, where the
# unit, namespace and VM tests and the fuzzers' corpora read them.
set -eu
cd "$(dirname "$0")/.."
src=${KEEPALIVED_SAMPLES:-/usr/share/doc/keepalived/samples}
dst=tests/fixtures/conf
if ! ls "$src"/keepalived.conf.* >/dev/null 2>&1; then
	echo "fixtures: no keepalived samples in $src (apt-get install keepalived)" >&2
	exit 1
fi
for f in "$src"/keepalived.conf.*; do
	case "$f" in *.gz) gzip -dc "$f" >"$dst/$(basename "$f" .gz)" ;;
	*) cp "$f" "$dst/" ;; esac
done
