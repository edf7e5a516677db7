/*
 * track_check.h - track_check NAME: follow an hcheckd check over hcheckd's
 * control socket (DESIGN.md: "watch" streams one line per event).
 *
 * One connection serves every tracked check: "watch" is sent, an "ok" line
 * is expected, then event lines are read; the ones of the form
 *     CHECK "NAME" UP|DOWN [anything]
 * (NAME may also be unquoted) set the status of that check.  hcheckd is
 * expected to start a watch with one such line per check (its current
 * state); until a check has been reported it is UNKNOWN.
 *
 * When the socket cannot be reached or closes, it is tried again every
 * second; the statuses are kept for a grace period (5 s: a restart of
 * hcheckd does not move VRRP), then every check goes DOWN.
 */
#ifndef VRRPD_TRACK_CHECK_H
#define VRRPD_TRACK_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "common/loop.h"
#include "vrrpd/track.h"

#define TRACK_CHECK_SOCK "/run/hcheckd.sock"
#define TRACK_CHECK_GRACE_US 5000000u
#define TRACK_CHECK_RETRY_US 1000000u

struct track_check {
	struct track_obs obs;		/* obs.name is the check's name */
	struct track_check *next;
};

struct track_checkmon;

/* One event line: 1 with name and status, 0 when it is not a CHECK line,
 * -EINVAL when it is a malformed one.  Pure. */
int track_check_parse(const char *line, char *name, size_t len, enum track_status *st);

/* Connects in the background to path (NULL: TRACK_CHECK_SOCK).  NULL on
 * allocation failure.  Frees its objects in track_checkmon_free(). */
struct track_checkmon *track_checkmon_new(struct loop *l, const char *path);
void track_checkmon_free(struct track_checkmon *m);
struct track_check *track_check_get(struct track_checkmon *m, const char *name);
bool track_checkmon_connected(const struct track_checkmon *m);

#endif
