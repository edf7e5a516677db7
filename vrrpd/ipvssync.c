/* ipvssync.c - the IPVS sync daemon following a VRRP instance (ipvssync.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "vrrpd/daemon.h"
#include "vrrpd/ipvssync.h"

enum role { ROLE_NONE, ROLE_BACKUP, ROLE_MASTER };

static const char *const role_name[] = {
	[ROLE_NONE] = "none", [ROLE_BACKUP] = "backup", [ROLE_MASTER] = "master",
};

struct ipvssync {
	struct ipvs h;
	struct lvssync cur;		/* the settings the kernel runs */
	enum role role;
	uint64_t errors;
};

static bool drives(const struct lvssync *s)
{
	return s->set && s->instance[0];
}

/* What the kernel should run: the driving instance's state, BACKUP while
 * it is not there or not MASTER. */
static enum role wanted(struct vrrpd *d)
{
	for (struct vrrp_instance *in = d->env.instances; in; in = in->next)
		if (!strcmp(in->conf.name, d->conf.x.lvssync.instance))
			return in->vr.state == VR_MASTER ? ROLE_MASTER : ROLE_BACKUP;
	return ROLE_BACKUP;
}

static void set_role(struct ipvssync *s, enum role r)
{
	char b[160];
	int ret;

	if (r == s->role)
		return;
	switch (r) {
	case ROLE_MASTER: ret = lvssync_master(&s->h, &s->cur); break;
	case ROLE_BACKUP: ret = lvssync_backup(&s->h, &s->cur); break;
	default: ret = lvssync_stop(&s->h); break;
	}
	lvssync_fmt(&s->cur, b, sizeof(b));
	if (ret < 0) {
		s->errors++;
		log_warnx("IPVS sync daemon %s: unable to run it as %s: %s", b, role_name[r],
			  strerror(-ret));
		return;
	}
	log_info("IPVS sync daemon %s: %s -> %s", b, role_name[s->role], role_name[r]);
	s->role = r;
}

static int open_ipvs(struct ipvssync **out, const struct lvssync *c, char *err, size_t errlen)
{
	struct ipvssync *s = calloc(1, sizeof(*s));
	int ret;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if ((ret = ipvs_open(&s->h)) < 0) {
		snprintf(err, errlen, "%s:%d: lvs_sync_daemon: unable to reach IPVS: %s%s", c->file,
			 c->line, strerror(-ret),
			 ret == -ENOENT ? " (no ip_vs in this kernel)" : "");
		free(s);
		return ret;
	}
	*out = s;
	return 0;
}

int ipvssync_open(struct vrrpd *d, char *err, size_t errlen)
{
	int ret;

	if (!drives(&d->conf.x.lvssync))
		return 0;
	if ((ret = open_ipvs(&d->syncd, &d->conf.x.lvssync, err, errlen)) < 0)
		return ret;
	d->syncd->cur = d->conf.x.lvssync;
	set_role(d->syncd, ROLE_BACKUP);
	return 0;
}

void ipvssync_follow(struct vrrpd *d, const struct vrrp_instance *in, enum vr_state to)
{
	if (!d->syncd || strcmp(in->conf.name, d->syncd->cur.instance) != 0)
		return;
	if (to == VR_MASTER)
		set_role(d->syncd, ROLE_MASTER);
	else if (to == VR_BACKUP || to == VR_FAULT)
		set_role(d->syncd, ROLE_BACKUP);
	/* INIT: vrrpd is stopping or the instance leaves; ipvssync_close stops it */
}

int ipvssync_prepare(struct vrrpd *d, const struct lvssync *next, char *err, size_t errlen)
{
	if (!drives(next) || d->syncd)
		return 0;
	return open_ipvs(&d->syncd, next, err, errlen);
}

void ipvssync_apply(struct vrrpd *d)
{
	struct ipvssync *s = d->syncd;
	const struct lvssync *next = &d->conf.x.lvssync;

	if (!s)
		return;
	if (!drives(next)) {
		set_role(s, ROLE_NONE);
		ipvs_close(&s->h);
		free(s);
		d->syncd = NULL;
		return;
	}
	if (s->role != ROLE_NONE && !lvssync_same(&s->cur, next)) {
		set_role(s, ROLE_NONE);		/* new settings: stop, then start anew */
	}
	s->cur = *next;
	set_role(s, wanted(d));
}

void ipvssync_close(struct vrrpd *d)
{
	if (!d->syncd)
		return;
	set_role(d->syncd, ROLE_NONE);
	ipvs_close(&d->syncd->h);
	free(d->syncd);
	d->syncd = NULL;
}

const char *ipvssync_show(const struct vrrpd *d, char *buf, size_t len)
{
	char b[160];

	if (!d->syncd) {
		snprintf(buf, len, "none");
		return buf;
	}
	snprintf(buf, len, "%s %s", role_name[d->syncd->role],
		 lvssync_fmt(&d->syncd->cur, b, sizeof(b)));
	return buf;
}
