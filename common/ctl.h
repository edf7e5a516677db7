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
 */
#ifndef COMMON_CTL_H
#define COMMON_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/loop.h"

#define CTL_LINE_MAX 4096
#define CTL_MAX_ARGS 32
/* a watcher that lets this much output pile up is dropped */
#define CTL_WATCH_BACKLOG (1u << 20)

struct ctl;
struct ctl_conn;

typedef int (*ctl_fn)(struct ctl_conn *c, int argc, char **argv, void *arg);

struct ctl_verb {
	const char *name;		/* exact match, no prefix guessing */
	ctl_fn fn;
	bool privileged;		/* state-changing: SO_PEERCRED check */
};

/* Listen on path (an old socket file is replaced).  0 or -errno. */
int ctl_listen(struct loop *l, const char *path, const struct ctl_verb *verbs,
	       void *arg, struct ctl **out);
/* Close every connection, the socket, and unlink it.  NULL is a no-op. */
void ctl_close(struct ctl *s);

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

/* --- client --- */

/* Send request to the daemon at path and copy the data lines to out
 * (for a watch, every line until the daemon closes); the error reason goes
 * to err as "prog: reason".  Returns the exit code: 0, 1, 64, 77, or 69
 * when the daemon cannot be reached or the reply is cut short. */
int ctl_client(const char *path, const char *request, FILE *out, FILE *err);

#endif
