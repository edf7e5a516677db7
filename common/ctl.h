/*
 * ctl.h - the control-socket protocol of DESIGN.md, server and client.
 *
 * A Unix stream socket (mode 0660).  Request: one line "verb [args]", at
 * most CTL_LINE_MAX bytes with its newline.  Reply: "ok" or
 * "error <reason>" on the first line, then data lines, then one empty line.
 * "watch"-style verbs keep the connection and stream one line per event.
 * Several requests may follow each other on one connection.
 *
 * Error reasons that start with "usage:" map to exit 64 in the client,
 * "denied:" to 77, anything else to 1 ("no", or refused as stated); an
 * unreachable daemon is 69.
 *
 * Server use:
 *   static int v_status(struct ctl_conn *c, int argc, char **argv, void *arg)
 *   { ctl_printf(c, "instances 2\n"); return 0; }        "ok" + data
 *   { return ctl_error(c, "usage: show instances [json]"); }
 *   static const struct ctl_verb verbs[] = {
 *       { "status", v_status, false }, { "reload", v_reload, true }, { 0 } };
 *   struct ctl *s; ctl_listen(loop, "/run/x.sock", verbs, ctx, &s);
 *   ctl_broadcast(s, "INSTANCE \"VI_1\" MASTER 100");    to every watcher
 * A verb marked privileged is refused ("denied: ...") unless the peer
 * (SO_PEERCRED) is root or our own uid.  A handler calls ctl_watch(c) to
 * turn its connection into a watcher after the "ok" line.
 *
 * Bounds.  Whatever a client does, the daemon keeps serving the others with
 * bounded memory and descriptors:
 * - a connection whose unsent output passes CTL_OUT_MAX gets no more of its
 *   requests read or answered until it has read enough of it (a client
 *   pipelining requests without reading costs at most CTL_OUT_MAX plus one
 *   reply);
 * - at most CTL_CONN_MAX connections (fewer under a small RLIMIT_NOFILE) and
 *   CTL_WATCH_MAX watchers: a newcomer past a cap closes the connection that
 *   is the best to lose (ctl_evict_rank(): an idle one first, then the one
 *   quiet for longest);
 * - a watcher that lets CTL_WATCH_BACKLOG bytes pile up is dropped;
 * - accept() failing for want of descriptors (EMFILE, ENFILE) does not spin:
 *   a reserve descriptor is given up to accept the client, tell it
 *   "error busy: ..." and close it; without a reserve, accepting pauses for
 *   CTL_ACCEPT_PAUSE_MS;
 * - ctl_listen() raises the soft RLIMIT_NOFILE to the hard limit (at most
 *   CTL_NOFILE_RAISE), so the connection cap stays a small share of it.
 *
 * The socket path.  ctl_listen() refuses a path where something other than
 * a socket exists (-ENOTSOCK) and a socket some live process still accepts
 * on (-EADDRINUSE); a stale socket (connect() refused) is replaced.
 * ctl_close() unlinks the path only while it is still the socket we bound
 * (same st_dev and st_ino).
 */
#ifndef COMMON_CTL_H
#define COMMON_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/loop.h"

#define CTL_LINE_MAX 4096
#define CTL_MAX_ARGS 32
/* a watcher that lets this much output pile up is dropped */
#define CTL_WATCH_BACKLOG (1u << 20)
/* unsent bytes above which a connection's further requests wait */
#define CTL_OUT_MAX (64u << 10)
/* connections at once (at most a quarter of RLIMIT_NOFILE), watchers among them */
#define CTL_CONN_MAX 256
#define CTL_WATCH_MAX 64
/* accept() paused this long after EMFILE/ENFILE when no reserve fd is left */
#define CTL_ACCEPT_PAUSE_MS 100
/* the soft RLIMIT_NOFILE is raised to the hard limit, but not past this */
#define CTL_NOFILE_RAISE 65536

struct ctl;
struct ctl_conn;

typedef int (*ctl_fn)(struct ctl_conn *c, int argc, char **argv, void *arg);

struct ctl_verb {
	const char *name;		/* exact match, no prefix guessing */
	ctl_fn fn;
	bool privileged;		/* state-changing: SO_PEERCRED check */
};

/* Listen on path (a stale socket there is replaced).  0 or -errno:
 * -ENAMETOOLONG, -ENOTSOCK (not a socket there), -EADDRINUSE (another
 * daemon answers on it), or what socket/bind/listen said. */
int ctl_listen(struct loop *l, const char *path, const struct ctl_verb *verbs,
	       void *arg, struct ctl **out);
/* Close every connection and the socket; unlink the path if it is still
 * ours.  NULL is a no-op. */
void ctl_close(struct ctl *s);

/* Could ctl_listen() use path, judged without binding or connecting (for
 * "-t")?  0, -ENAMETOOLONG, -ENOTSOCK, or -errno of its directory (-ENOENT,
 * -ENOTDIR).  A live daemon on path is not an error here. */
int ctl_path_check(const char *path);
/* The text for a ctl_listen()/ctl_path_check() error (err < 0). */
const char *ctl_strerror(int err);
/* Its exit code: 64 for a path that cannot be a socket (too long, something
 * else there), otherwise exitcode_for_errno() (71; 77 for EACCES). */
int ctl_exitcode(int err);

/* Counters, for the daemons' "show stats". */
struct ctl_stats {
	uint64_t opened, closed;	/* connections accepted, closed */
	uint64_t evicted;		/* closed to make room under a cap */
	uint64_t busy;			/* accept() found no descriptor (EMFILE, ENFILE) */
	uint64_t paused;		/* times requests waited for a client to read */
	uint64_t watch_dropped;		/* watchers dropped past CTL_WATCH_BACKLOG */
};
#define CTL_NSTATS 7
/* the counters as "ctl_*" names and values, ctl_open (connections now) first */
void ctl_stats(const struct ctl *s, const char *name[CTL_NSTATS], uint64_t val[CTL_NSTATS]);

/* Inside a handler: data lines (each should end in "\n"). */
void ctl_printf(struct ctl_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* the same as a stdio stream, for the JSON writer */
FILE *ctl_stream(struct ctl_conn *c);
/* Set the error reason; returns -1 for "return ctl_error(...)". */
int ctl_error(struct ctl_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Keep this connection after the reply and stream broadcasts to it. */
void ctl_watch(struct ctl_conn *c);
/* Send line (a newline is added) to every watcher. */
void ctl_broadcast(struct ctl *s, const char *line);
unsigned ctl_watchers(const struct ctl *s);

/* --- pure framing, shared by server, client and the unit tests --- */

/* Take one line off the front of buf (*len bytes): 1 and the line in
 * line (NUL-terminated, newline and a trailing CR removed) and buf shifted;
 * 0 if no full line yet; -EMSGSIZE if CTL_LINE_MAX bytes hold no newline. */
int ctl_take_line(char *buf, size_t *len, char *line, size_t linemax);
/* Split a request on blanks; argc or -E2BIG. */
int ctl_split(char *line, char **argv, int max);
/* First reply line: 0 for "ok", else the exit code its reason maps to
 * (1, 64 or 77) with *reason pointing after "error ". -EINVAL if neither. */
int ctl_status(const char *first, const char **reason);

/* What eviction looks at in a connection. */
struct ctl_peer {
	uint64_t active_us;	/* last request bytes in, or reply bytes out */
	size_t inlen;		/* a request begun (bytes without newline) */
	size_t outlen;		/* unsent */
	bool watching;
};
/* How good a connection is to close so that a newcomer fits: 0 never, else
 * the highest rank goes first, the oldest active_us among equals.  For a new
 * connection (for_watch false): 3 idle (no request begun, nothing unsent,
 * not a watcher), 2 a connection or watcher that does not read or finish
 * its request; a watcher that keeps up, never (CTL_WATCH_MAX bounds them).
 * For a new watcher (true): watchers only, 2 behind, 1 keeping up. */
int ctl_evict_rank(const struct ctl_peer *p, bool for_watch);

/* --- client --- */

/* Send request to the daemon at path and copy the data lines to out
 * (for a watch, every line until the daemon closes); the error reason goes
 * to err as "prog: reason".  Returns the exit code: 0, 1, 64, 77, or 69
 * when the daemon cannot be reached or the reply is cut short. */
int ctl_client(const char *path, const char *request, FILE *out, FILE *err);

#endif
