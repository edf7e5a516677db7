/*
 * util.h - small pure parsers shared by the command line and the config:
 * durations, status-code lists, hex payloads, host:port.
 */
#ifndef HCHECKD_UTIL_H
#define HCHECKD_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "hcheckd/probe.h"

/* "2s", "500ms", "1.5", "1m", "250us" (a bare number is seconds).
 * Returns 0 and *ms, or -EINVAL. */
int parse_duration_ms(const char *s, int *ms);
/* "200", "200-299,301" into s->codes.  0 or -EINVAL / -E2BIG. */
int parse_codes(const char *str, struct probe_spec *s);
/* hex with optional spaces/colons; 'X'/'x' nibbles are wildcards (mask 0).
 * *data and *mask malloc'ed (mask may be NULL when not wanted).  0 or -EINVAL. */
int parse_hex(const char *str, uint8_t **data, uint8_t **mask, size_t *len);
/* numeric address (v4 or v6, no brackets) and port into ss; 0 or -EINVAL */
int parse_sockaddr(const char *addr, uint16_t port, struct sockaddr_storage *ss, socklen_t *len);
/* resolve host (name or literal) for family (AF_UNSPEC) into ss; 0 or -errno-ish */
int resolve_host(const char *host, uint16_t port, int family, struct sockaddr_storage *ss,
		 socklen_t *len, const char **why);
/* "1.2.3.4:80", "[2001:db8::1]:80", "host:80"; port optional when dflt_port */
int split_hostport(const char *s, char *host, size_t hostlen, uint16_t *port);

#endif
