/*
 * track.h - what a tracked object tells the VRRP instances that follow it,
 * and the priority arithmetic, as keepalived defines them.
 *
 * A tracked object (a vrrp_script, an interface, a track_file, a
 * vrrp_track_process, an hcheckd check) publishes one struct track_obs: a
 * status (UP, DOWN, or UNKNOWN until its first result) or, for a track_file,
 * an integer value.  An instance or sync group refers to it through a
 * struct track_ref that carries the weight used for that instance (from
 * the reference, else the object's own default) and the reverse flag.
 *
 * Contribution of one reference (keepalived.conf(5), "track_interface",
 * "track_script", "Track files"), with m = -1 when reverse, else 1:
 *   up/down objects, weight 0:  FAULT when DOWN (when UP if reverse)
 *                   weight w>0: w*m when UP, 0 when DOWN
 *                   weight w<0: w*m when DOWN, 0 when UP
 *   track_file,     weight 0:   FAULT when value != 0 (== 0 if reverse)
 *                   weight w:   value*w*m clamped to -254..253; -254 = FAULT
 * An UNKNOWN object contributes nothing and does not fault; the instance
 * "waits" for it (tracking.c delays its startup, at most 10 s, as
 * keepalived does for scripts that have not run yet).
 *
 * Effective priority = base + sum of contributions, clamped to 1..254.  An
 * address owner (base 255) never moves: weights do not apply to it (the
 * config turns them into weight 0, i.e. FAULT on failure, with a warning,
 * as keepalived does), only a FAULT takes it down.
 */
#ifndef VRRPD_TRACK_H
#define VRRPD_TRACK_H

#include <stdbool.h>
#include <stddef.h>

enum track_kind { TRACK_SCRIPT, TRACK_IFACE, TRACK_FILE, TRACK_PROC, TRACK_CHECK, TRACK_KIND_MAX };
enum track_status { TRACK_UNKNOWN, TRACK_UP, TRACK_DOWN };

/* a track_file value multiplied out to this or below means FAULT */
#define TRACK_FILE_FAULT (-254)
#define TRACK_WEIGHT_MAX 254

struct track_obs;
typedef void (*track_change_cb)(struct track_obs *o, void *arg);

struct track_obs {
	enum track_kind kind;
	char name[64];
	enum track_status status;	/* every kind but TRACK_FILE */
	long long value;		/* TRACK_FILE: the number read */
	int weight;			/* the object's default weight */
	bool reverse;
	/* called after status or value changed; set by the daemon */
	track_change_cb changed;
	void *changed_arg;
	unsigned long long changes;	/* counter for show/ctl */
};

struct track_ref {
	struct track_obs *obs;
	int weight;
	bool reverse;
};

const char *track_kind_name(enum track_kind k);	/* "script", "interface"... */
const char *track_status_name(enum track_status s);	/* "UNKNOWN", "UP", "DOWN" */

/* Initialise an object: UNKNOWN (or value 0 for a file), no callback. */
void track_obs_init(struct track_obs *o, enum track_kind kind, const char *name);

/* Publish a new status / value; calls the callback if it changed.
 * Returns true when it changed. */
bool track_obs_set(struct track_obs *o, enum track_status st);
bool track_obs_set_value(struct track_obs *o, long long v);

/* One reference's contribution to the priority; *fault set on FAULT,
 * *waiting when the object is still UNKNOWN.  Pure. */
int track_contrib(const struct track_ref *r, bool *fault, bool *waiting);

/* The effective priority from base (1..255) and refs (n may be 0):
 * 1..255, or 0 when some reference puts the instance in FAULT.
 * *waiting (may be NULL) tells that some object has no result yet.  Pure. */
int track_prio(int base, const struct track_ref *refs, size_t n, bool *waiting);

/* Parse "weight N [reverse|noreverse|no_reverse]" words as keepalived does
 * (words[0] is "weight").  0, or -EINVAL with *why set. */
int track_parse_weight(char *const words[], int n, int lo, int hi, int *weight,
		       bool *reverse, const char **why);

#endif
