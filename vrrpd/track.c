/*
 * track.c - tracked-object state and priority arithmetic (see track.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vrrpd/track.h"

static const char *const kind_names[TRACK_KIND_MAX] = {
	[TRACK_SCRIPT] = "script",
	[TRACK_IFACE] = "interface",
	[TRACK_FILE] = "file",
	[TRACK_PROC] = "process",
	[TRACK_CHECK] = "check",
};

static const char *const status_names[] = {
	[TRACK_UNKNOWN] = "UNKNOWN",
	[TRACK_UP] = "UP",
	[TRACK_DOWN] = "DOWN",
};

const char *track_kind_name(enum track_kind k)
{
	return (unsigned)k < TRACK_KIND_MAX ? kind_names[k] : "?";
}

const char *track_status_name(enum track_status s)
{
	return (unsigned)s <= TRACK_DOWN ? status_names[s] : "?";
}

void track_obs_init(struct track_obs *o, enum track_kind kind, const char *name)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	strncpy(o->name, name ? name : "", sizeof(o->name) - 1);
	o->status = TRACK_UNKNOWN;	/* until the first result or read */
}

bool track_obs_set(struct track_obs *o, enum track_status st)
{
	if (o->status == st)
		return false;
	o->status = st;
	o->changes++;
	if (o->changed)
		o->changed(o, o->changed_arg);
	return true;
}

bool track_obs_set_value(struct track_obs *o, long long v)
{
	if (o->value == v && o->status != TRACK_UNKNOWN)
		return false;
	o->value = v;
	o->status = TRACK_UP;
	o->changes++;
	if (o->changed)
		o->changed(o, o->changed_arg);
	return true;
}

int track_contrib(const struct track_ref *r, bool *fault, bool *waiting)
{
	const struct track_obs *o = r->obs;
	long long m = r->reverse ? -1 : 1, v;

	if (o->status == TRACK_UNKNOWN) {
		if (waiting)
			*waiting = true;
		return 0;
	}
	if (o->kind == TRACK_FILE) {
		if (r->weight == 0) {
			if ((o->value != 0) != r->reverse)
				*fault = true;
			return 0;
		}
		v = o->value * r->weight * m;
		if (v <= TRACK_FILE_FAULT) {
			*fault = true;
			return 0;
		}
		return v > 253 ? 253 : (int)v;
	}
	if (r->weight == 0) {
		if ((o->status == TRACK_DOWN) != r->reverse)
			*fault = true;
		return 0;
	}
	if (r->weight > 0)
		return o->status == TRACK_UP ? (int)(r->weight * m) : 0;
	return o->status == TRACK_DOWN ? (int)(r->weight * m) : 0;
}

int track_prio(int base, const struct track_ref *refs, size_t n, bool *waiting)
{
	bool fault = false, wait = false;
	long sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += track_contrib(&refs[i], &fault, &wait);
	if (waiting)
		*waiting = wait;
	if (fault)
		return 0;
	if (base >= 255)
		return 255;
	sum += base;
	if (sum < 1)
		sum = 1;
	if (sum > 254)
		sum = 254;
	return (int)sum;
}

int track_parse_weight(char *const words[], int n, int lo, int hi, int *weight,
		       bool *reverse, const char **why)
{
	char *end;
	long w;

	if (n < 2) {
		*why = "weight needs a number";
		return -EINVAL;
	}
	errno = 0;
	w = strtol(words[1], &end, 10);
	if (errno || *end || end == words[1] || w < lo || w > hi) {
		*why = "weight out of range";
		return -EINVAL;
	}
	*weight = (int)w;
	*reverse = false;
	if (n >= 3) {
		if (!strcmp(words[2], "reverse"))
			*reverse = true;
		else if (strcmp(words[2], "noreverse") && strcmp(words[2], "no_reverse")) {
			*why = "expected 'reverse' after the weight";
			return -EINVAL;
		}
	}
	if (n > 3) {
		*why = "extra words after the weight";
		return -EINVAL;
	}
	return 0;
}
