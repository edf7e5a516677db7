/*
 * tracking.c - trackers and sync groups wired to the instances (see
 * tracking.h).
 */
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/metrics.h"
#include "common/addr.h"
#include "common/log.h"
#include "common/script.h"
#include "vrrpd/daemon.h"
#include "vrrpd/notify.h"
#include "vrrpd/sync.h"
#include "vrrpd/track_check.h"
#include "vrrpd/track_file.h"
#include "vrrpd/track_iface.h"
#include "vrrpd/track_proc.h"
#include "vrrpd/track_script.h"
#include "vrrpd/tracking.h"

struct tk_group;

struct tk_inst {
	char name[64];
	struct vrrp_instance *in;	/* resolved by name; NULL once gone */
	struct track_ref *refs;
	unsigned nrefs;
	struct track_iface *primary;	/* its own interface (sync groups) */
	bool dont_track_primary;
	bool own_fault;
	struct tk_group *grp;
	struct vrrp_vip *evips;		/* virtual_ipaddress_excluded */
	unsigned nevips;
	bool evips_up;
	bool pending;			/* not started: waiting for its trackers */
	struct kaconf_vroute *vroutes;	/* virtual_routes / virtual_rules */
	unsigned nvroutes;
};

struct tk_group {
	char name[64];
	struct tk_inst **m;
	unsigned n;
	enum vr_state state;
	const struct tgroup *conf;	/* in d->conf.tc */
};

struct vrrpd_tracking {
	struct vrrpd *d;
	struct loop *l;
	struct track_ifmon *ifmon;
	struct track_filemon *filemon;
	struct track_procmon *procmon;
	struct track_checkmon *checkmon;
	struct track_script **scripts;
	unsigned nscripts;
	struct tk_inst *insts;
	unsigned ninst;
	struct tk_group *groups;
	unsigned ngroups;
	struct loop_timer *defer;	/* one recomputation from the loop */
	struct loop_timer *wait_cap;	/* pending instances start anyway */
	bool in_sync;			/* forcing members: no recursion */
	bool started;
};

static struct tk_inst *inst_of(struct vrrpd_tracking *t, const struct vrrp_instance *in)
{
	for (unsigned i = 0; t && i < t->ninst; i++)
		if (t->insts[i].in == in)
			return &t->insts[i];
	return NULL;
}

/* ---------------------------------------------------------- recompute */

static void recompute(struct vrrpd_tracking *t)
{
	unsigned i, k;

	for (i = 0; i < t->ninst; i++) {
		struct tk_inst *ti = &t->insts[i];
		bool fault = false;
		long sum = 0;

		for (k = 0; k < ti->nrefs; k++)
			sum += track_contrib(&ti->refs[k], &fault, NULL);
		if (ti->primary && !ti->dont_track_primary && ti->primary->obs.status == TRACK_DOWN)
			fault = true;	/* counts for the group; the instance has its own */
		ti->own_fault = fault;
		if (ti->in && sum != ti->in->prio_delta)
			vrrp_instance_set_prio_delta(ti->in, (int)sum);
	}
	for (i = 0; i < t->ninst; i++) {
		struct tk_inst *ti = &t->insts[i];
		bool fault = false;

		if (!ti->in)
			continue;
		for (k = 0; k < ti->nrefs; k++) {
			bool f = false;

			track_contrib(&ti->refs[k], &f, NULL);
			fault |= f;
		}
		if (ti->grp)
			for (k = 0; k < ti->grp->n; k++)
				fault |= ti->grp->m[k]->own_fault;
		if (fault != !!(ti->in->fault & VRRP_FAULT_TRACK))
			vrrp_instance_set_fault(ti->in, fault);
	}
}

static bool waiting(const struct tk_inst *ti)
{
	bool fault = false, wait = false;

	for (unsigned k = 0; k < ti->nrefs; k++)
		track_contrib(&ti->refs[k], &fault, &wait);
	return wait;
}

/* start the pending instances whose trackers have all answered (or all,
 * once the cap has passed) */
static void start_pending(struct vrrpd_tracking *t, bool all)
{
	bool left = false;

	for (unsigned i = 0; i < t->ninst; i++) {
		struct tk_inst *ti = &t->insts[i];

		if (!ti->pending || !ti->in)
			continue;
		if (!all && waiting(ti)) {
			left = true;
			continue;
		}
		ti->pending = false;
		if (all && waiting(ti))
			log_warnx("[%s] starting without a first result from every tracker",
				  ti->name);
		vrrp_instance_start(ti->in);
	}
	if (!left)
		loop_timer_stop(t->wait_cap);
}

static void on_defer(struct loop_timer *tm, void *arg)
{
	(void)tm;
	recompute(arg);
	start_pending(arg, false);
}

static void on_wait_cap(struct loop_timer *tm, void *arg)
{
	(void)tm;
	start_pending(arg, true);
}

void tracking_start_instance(struct vrrpd_tracking *t, struct vrrp_instance *in)
{
	struct tk_inst *ti = inst_of(t, in);

	if (ti && waiting(ti)) {
		/* as keepalived: an instance waits in INIT until its trackers
		 * have a first result, so that an owner does not take its VIPs
		 * only to drop them a moment later */
		ti->pending = true;
		if (t->wait_cap && !loop_timer_armed(t->wait_cap))
			loop_timer_set(t->wait_cap, TRACKING_WAIT_CAP_US);
		return;
	}
	vrrp_instance_start(in);
}

void tracking_start_instances(struct vrrpd_tracking *t, struct vrrp_instance *list)
{
	for (struct vrrp_instance *in = list; in; in = in->next)
		tracking_start_instance(t, in);
}

static void on_obs(struct track_obs *o, void *arg)
{
	struct vrrpd_tracking *t = arg;

	(void)o;
	if (t->started && !loop_timer_armed(t->defer))
		loop_timer_set(t->defer, 1);
}

static void watch_obs(struct vrrpd_tracking *t, struct track_obs *o)
{
	o->changed = on_obs;
	o->changed_arg = t;
}

/* ---------------------------------------------------------- build */

static struct track_obs *find_obj(struct vrrpd_tracking *t, const struct tref *r)
{
	unsigned i;

	switch (r->kind) {
	case TRACK_SCRIPT:
		for (i = 0; i < t->nscripts; i++)
			if (!strcmp(t->scripts[i]->c.name, r->name))
				return &t->scripts[i]->obs;
		return NULL;
	case TRACK_IFACE: {
		struct track_iface *f = track_iface_get(t->ifmon, r->name);

		return f ? &f->obs : NULL;
	}
	case TRACK_FILE: {
		struct track_file *f = track_file_find(t->filemon, r->name);

		return f ? &f->obs : NULL;
	}
	case TRACK_PROC: {
		struct track_proc *p = track_proc_find(t->procmon, r->name);

		return p ? &p->obs : NULL;
	}
	case TRACK_CHECK: {
		struct track_check *c;

		if (!t->checkmon) {
			const char *p = t->d->conf.tc.hcheckd_sock;

			t->checkmon = track_checkmon_new(t->l, p[0] ? p : NULL);
			if (!t->checkmon)
				return NULL;
		}
		c = track_check_get(t->checkmon, r->name);
		return c ? &c->obs : NULL;
	}
	default:
		return NULL;
	}
}

static int add_refs(struct vrrpd_tracking *t, struct tk_inst *ti, const struct towner *o,
		    bool zero, const char *why, char *err, size_t errlen)
{
	struct track_ref *n;

	if (!o || !o->nrefs)
		return 0;
	n = realloc(ti->refs, (ti->nrefs + o->nrefs) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	ti->refs = n;
	for (unsigned k = 0; k < o->nrefs; k++) {
		const struct tref *r = &o->refs[k];
		struct track_ref *x = &ti->refs[ti->nrefs];

		x->obs = find_obj(t, r);
		if (!x->obs) {
			snprintf(err, errlen, "%s: %s %s: %s", r->where, track_kind_name(r->kind),
				 r->name, strerror(errno ? errno : ENOENT));
			return -ENOENT;
		}
		watch_obs(t, x->obs);
		x->weight = r->has_weight ? r->weight : x->obs->weight;
		x->reverse = r->has_weight ? r->reverse : x->obs->reverse;
		if (zero && x->weight) {
			log_warnx("%s: %s: weight of %s %s ignored (%s): FAULT when down",
				  r->where, ti->name, track_kind_name(r->kind), r->name, why);
			x->weight = 0;
		}
		ti->nrefs++;
	}
	return 0;
}

static void promote_secondaries(const char *ifname)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/promote_secondaries", ifname);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1\n", 2) != 2)
		log_warn("promote_secondaries on %s", ifname);
	if (fd >= 0)
		close(fd);
}

static int build(struct vrrpd_tracking *t, const struct vrrpd_tracking *old, char *err,
		 size_t errlen)
{
	const struct vrrpd_conf *c = &t->d->conf;
	const struct vrrpd_tconf *tc = &c->tc;
	unsigned i, k;
	int r;

	if (!(t->ifmon = track_ifmon_new(t->l))) {
		snprintf(err, errlen, "link monitor: %s", strerror(errno));
		return -errno;
	}
	if (tc->nfiles && !(t->filemon = track_filemon_new(t->l))) {
		snprintf(err, errlen, "inotify: %s", strerror(errno));
		return -errno;
	}
	if (tc->nprocs && !(t->procmon = track_procmon_new(t->l))) {
		snprintf(err, errlen, "process monitor: %s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < tc->nfiles; i++)
		if (!track_file_add(t->filemon, &tc->files[i])) {
			snprintf(err, errlen, "track_file %s: %s: %s", tc->files[i].name,
				 tc->files[i].path, strerror(errno));
			return -errno;
		}
	for (i = 0; i < tc->nprocs; i++)
		if (!track_proc_add(t->procmon, &tc->procs[i]))
			return -ENOMEM;
	if (t->procmon)
		track_procmon_scan(t->procmon);
	t->scripts = calloc(tc->nscripts + 1, sizeof(*t->scripts));
	if (!t->scripts)
		return -ENOMEM;
	for (i = 0; i < tc->nscripts; i++) {
		struct track_script_conf sc = tc->scripts[i];

		if (!sc.user[0] && tc->script_user[0]) {
			snprintf(sc.user, sizeof(sc.user), "%s", tc->script_user);
			snprintf(sc.group, sizeof(sc.group), "%s", tc->script_group);
		}
		t->scripts[i] = track_script_new(&sc);
		if (!t->scripts[i]) {
			snprintf(err, errlen, "vrrp_script %s: cannot split '%s'", sc.name, sc.cmd);
			return -EINVAL;
		}
		t->nscripts++;
		for (k = 0; old && k < old->nscripts; k++)
			if (!strcmp(old->scripts[k]->c.name, sc.name))
				track_script_adopt(t->scripts[i], old->scripts[k]);
	}
	/* groups first, so instances can point at them */
	t->groups = calloc(tc->ngroups + 1, sizeof(*t->groups));
	t->insts = calloc(c->ninst + 1, sizeof(*t->insts));
	if (!t->groups || !t->insts)
		return -ENOMEM;
	t->ngroups = tc->ngroups;
	for (i = 0; i < tc->ngroups; i++) {
		struct tk_group *g = &t->groups[i];

		snprintf(g->name, sizeof(g->name), "%s", tc->groups[i].name);
		g->conf = &tc->groups[i];
		g->state = VR_INIT;
		g->m = calloc(tc->groups[i].nmembers + 1, sizeof(*g->m));
		if (!g->m)
			return -ENOMEM;
		for (k = 0; old && k < old->ngroups; k++)
			if (!strcmp(old->groups[k].name, g->name))
				g->state = old->groups[k].state;
	}
	t->ninst = c->ninst;
	for (i = 0; i < c->ninst; i++) {
		struct tk_inst *ti = &t->insts[i];
		const struct vrrp_instance_conf *ic = &c->inst[i];
		const struct tgroup *tg = tconf_group_of(tc, ic->name);
		bool owner = ic->priority == 255;

		snprintf(ti->name, sizeof(ti->name), "%s", ic->name);
		if (tg) {
			for (k = 0; k < t->ngroups; k++)
				if (t->groups[k].conf == tg)
					ti->grp = &t->groups[k];
			ti->grp->m[ti->grp->n++] = ti;
		}
		for (k = 0; k < c->x.niflags; k++)
			if (!strcmp(c->x.iflags[k].inst, ic->name)) {
				ti->dont_track_primary |= c->x.iflags[k].dont_track_primary;
				if (c->x.iflags[k].promote_secondaries)
					promote_secondaries(ic->ifname);
			}
		if (ti->grp) {
			ti->primary = track_iface_get(t->ifmon, ic->ifname);
			if (ti->primary)
				watch_obs(t, &ti->primary->obs);
		}
		r = add_refs(t, ti, tconf_owner(tc, ic->name, false),
			     owner || (tg && !tg->tracking_weight),
			     owner ? "address owner" : "sync group member", err, errlen);
		if (r == 0 && tg)
			r = add_refs(t, ti, tconf_owner(tc, tg->name, true),
				     owner || !tg->tracking_weight,
				     owner ? "address owner" : "sync group member", err, errlen);
		if (r < 0)
			return r;
		for (k = 0; k < c->x.nvroutes; k++) {
			struct kaconf_vroute *v;

			if (strcmp(c->x.vroutes[k].inst, ic->name))
				continue;
			v = realloc(ti->vroutes, (ti->nvroutes + 1) * sizeof(*v));
			if (!v)
				return -ENOMEM;
			ti->vroutes = v;
			ti->vroutes[ti->nvroutes++] = c->x.vroutes[k];
		}
		for (k = 0; k < c->x.nevips; k++) {
			struct vrrp_vip *v;

			if (strcmp(c->x.evips[k].inst, ic->name))
				continue;
			v = realloc(ti->evips, (ti->nevips + 1) * sizeof(*v));
			if (!v)
				return -ENOMEM;
			ti->evips = v;
			ti->evips[ti->nevips++] = c->x.evips[k].vip;
		}
	}
	/* statuses of checks carry over by name (hcheckd repeats them anyway) */
	if (old && old->checkmon && t->checkmon)
		for (i = 0; i < t->ninst; i++)
			for (k = 0; k < t->insts[i].nrefs; k++) {
				struct track_obs *o = t->insts[i].refs[k].obs;

				if (o->kind != TRACK_CHECK || o->status != TRACK_UNKNOWN)
					continue;
				for (unsigned j = 0; j < old->ninst; j++)
					for (unsigned m = 0; m < old->insts[j].nrefs; m++) {
						const struct track_obs *p = old->insts[j].refs[m].obs;

						if (p->kind == TRACK_CHECK && !strcmp(p->name, o->name))
							o->status = p->status;
					}
			}
	return 0;
}

int tracking_new(struct vrrpd *d, const struct vrrpd_tracking *old,
		 struct vrrpd_tracking **out, char *err, size_t errlen)
{
	struct vrrpd_tracking *t = calloc(1, sizeof(*t));
	int r;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->d = d;
	t->l = d->loop;
	t->defer = loop_timer_new(t->l, on_defer, t);
	t->wait_cap = loop_timer_new(t->l, on_wait_cap, t);
	if (!t->defer || !t->wait_cap) {
		loop_timer_free(t->wait_cap);
		free(t);
		return -ENOMEM;
	}
	errno = 0;
	r = build(t, old, err, errlen);
	if (r < 0) {
		if (r == -ENOMEM)
			snprintf(err, errlen, "out of memory");
		tracking_free(t);
		return r;
	}
	*out = t;
	return 0;
}

static void clean_stale(struct vrrpd_tracking *t, struct tk_inst *ti);

void tracking_start(struct vrrpd_tracking *t)
{
	if (!t)
		return;
	t->started = true;
	tracking_attach(t);
	/* instances never started yet (daemon start, or new in a reload) */
	for (unsigned i = 0; i < t->ninst; i++)
		if (t->insts[i].in && !t->insts[i].in->vr.st.transitions)
			clean_stale(t, &t->insts[i]);
	for (unsigned i = 0; i < t->nscripts; i++)
		track_script_start(t->scripts[i], t->l);
	recompute(t);
}

void tracking_attach(struct vrrpd_tracking *t)
{
	for (unsigned i = 0; t && i < t->ninst; i++) {
		struct tk_inst *ti = &t->insts[i];

		ti->in = NULL;
		for (struct vrrp_instance *in = t->d->env.instances; in; in = in->next)
			if (!strcmp(in->conf.name, ti->name))
				ti->in = in;
		if (!ti->in)
			continue;
		ti->in->dont_track_primary = ti->dont_track_primary;
		if (vrrp_instance_set_excluded(ti->in, ti->evips, ti->nevips) < 0)
			log_warnx("[%s] out of memory: excluded addresses not announced", ti->name);
	}
}

void tracking_update(struct vrrpd_tracking *t)
{
	if (t)
		recompute(t);
}

void tracking_forget(struct vrrpd_tracking *t, struct vrrp_instance *in)
{
	struct tk_inst *ti = inst_of(t, in);

	if (ti)
		ti->in = NULL;
}

void tracking_free(struct vrrpd_tracking *t)
{
	unsigned i;

	if (!t)
		return;
	for (i = 0; i < t->nscripts; i++)
		track_script_free(t->scripts[i]);
	free(t->scripts);
	for (i = 0; i < t->ninst; i++) {
		free(t->insts[i].refs);
		free(t->insts[i].evips);
		free(t->insts[i].vroutes);
	}
	free(t->insts);
	for (i = 0; i < t->ngroups; i++)
		free(t->groups[i].m);
	free(t->groups);
	track_ifmon_free(t->ifmon);
	track_filemon_free(t->filemon);
	track_procmon_free(t->procmon);
	track_checkmon_free(t->checkmon);
	loop_timer_free(t->defer);
	loop_timer_free(t->wait_cap);
	free(t);
}

/* ---------------------------------------------------------- notify */

static void group_notify(struct vrrpd *d, const struct tk_group *g, enum vr_state to)
{
	enum tgroup_script s = to == VR_MASTER ? TG_MASTER : to == VR_BACKUP ? TG_BACKUP :
			       to == VR_FAULT ? TG_FAULT : TG_STOP;
	static const char *const what[] = {
		[TG_MASTER] = "notify_master", [TG_BACKUP] = "notify_backup",
		[TG_FAULT] = "notify_fault", [TG_STOP] = "notify_stop",
	};
	char line[160];
	struct notify_event ev = {
		.kind = "GROUP", .name = g->name, .line = line, .state = vrrpd_state_word(to),
		.prio = 0,	/* a group's priority, as keepalived */
		.script = g->conf->script[s], .script_what = what[s],
		.notify = g->conf->script[TG_ANY],
	};

	log_info("[%s] sync group now %s", g->name, ev.state);
	sync_fifo_line(line, sizeof(line), g->name, to);
	vrrpd_notify_event(d, &ev);
}

static void routes(struct vrrpd *d, const struct tk_inst *ti, bool up)
{
	/* routes after the addresses they may use, removed in reverse */
	for (unsigned k = 0; k < ti->nvroutes; k++) {
		unsigned i = up ? k : ti->nvroutes - 1 - k;
		const struct kaconf_vroute *v = &ti->vroutes[i];
		int r = v->rule ? vrule_apply(&d->nl, &v->rl, up) :
				  vroute_apply(&d->nl, &v->route, up);
		char buf[IPADDR_STRLEN];

		if (r < 0)
			log_warnx("[%s] %s %s %s: %s", ti->name, up ? "adding" : "removing",
				  v->rule ? "rule" : "route",
				  v->rule ? "" : ipaddr_fmt(&v->route.dst, buf, sizeof(buf), true),
				  strerror(-r));
	}
}

static void evip(struct vrrpd *d, const struct tk_inst *ti, const struct vrrp_vip *v, bool up)
{
	int ifindex = (int)if_nametoindex(v->dev[0] ? v->dev : ti->in->conf.ifname);
	char buf[IPADDR_STRLEN];
	struct addr_opts o;
	int r;

	addr_opts_init(&o);
	o.label = v->label[0] ? v->label : NULL;
	o.scope = v->scope;
	r = up ? addr_add(&d->nl, ifindex, &v->addr, &o) : addr_del(&d->nl, ifindex, &v->addr);
	if (r < 0 && r != -EEXIST && r != -EADDRNOTAVAIL)
		log_warnx("[%s] excluded address %s: %s", ti->name,
			  ipaddr_fmt(&v->addr, buf, sizeof(buf), true), strerror(-r));
}

static void evips(struct vrrpd *d, struct tk_inst *ti, bool up)
{
	if ((!ti->nevips && !ti->nvroutes) || ti->evips_up == up)
		return;
	ti->evips_up = up;
	if (!up)
		routes(d, ti, false);
	for (unsigned i = 0; i < ti->nevips; i++)
		evip(d, ti, &ti->evips[i], up);
	if (up)
		routes(d, ti, true);
}

static bool has_evip(const struct tk_inst *ti, const struct vrrp_vip *v)
{
	for (unsigned i = 0; i < ti->nevips; i++)
		if (ipaddr_same(&ti->evips[i].addr, &v->addr) &&
		    ti->evips[i].addr.prefixlen == v->addr.prefixlen &&
		    !strcmp(ti->evips[i].dev, v->dev))
			return true;
	return false;
}

static bool same_route(const struct kaconf_vroute *x, const struct kaconf_vroute *y)
{
	return x->rule == y->rule && !memcmp(&x->route, &y->route, sizeof(x->route)) &&
	       !memcmp(&x->rl, &y->rl, sizeof(x->rl));
}

static bool same_routes(const struct tk_inst *a, const struct tk_inst *b)
{
	if (a->nvroutes != b->nvroutes)
		return false;
	for (unsigned i = 0; i < a->nvroutes; i++)
		if (!same_route(&a->vroutes[i], &b->vroutes[i]))
			return false;
	return true;
}

/* Is this route (excluded address) up for another instance now (a reload
 * adding an instance next to a master that uses the same)? */
static bool route_elsewhere(const struct vrrpd_tracking *t, const struct tk_inst *ti,
			    const struct kaconf_vroute *v)
{
	for (unsigned i = 0; i < t->ninst; i++) {
		const struct tk_inst *o = &t->insts[i];

		if (o == ti || !o->evips_up)
			continue;
		for (unsigned k = 0; k < o->nvroutes; k++)
			if (same_route(&o->vroutes[k], v))
				return true;
	}
	return false;
}

static bool evip_elsewhere(const struct vrrpd_tracking *t, const struct tk_inst *ti,
			   const struct vrrp_vip *v)
{
	for (unsigned i = 0; i < t->ninst; i++)
		if (&t->insts[i] != ti && t->insts[i].evips_up && has_evip(&t->insts[i], v))
			return true;
	return false;
}

/* The excluded addresses, routes and rules of an instance that has not
 * started are not ours to hold: found in the kernel, they were left by a
 * run that did not stop (kill -9) and are removed, as its VIPs are
 * (instance.c), except for an address owner. */
static void clean_stale(struct vrrpd_tracking *t, struct tk_inst *ti)
{
	struct vrrp_instance *in = ti->in;
	char buf[IPADDR_STRLEN];

	if (in->conf.priority == 255 || ti->evips_up)
		return;
	for (unsigned k = ti->nvroutes; k-- > 0;) {
		const struct kaconf_vroute *v = &ti->vroutes[k];

		if (route_elsewhere(t, ti, v) ||
		    (v->rule ? vrule_apply(&t->d->nl, &v->rl, false) :
			       vroute_apply(&t->d->nl, &v->route, false)) != 1)
			continue;
		in->st.stale_removed++;
		if (v->rule)
			log_info("[%s] removed stale rule to table %u (left by a previous run)",
				 ti->name, v->rl.table);
		else
			log_info("[%s] removed stale route %s (left by a previous run)", ti->name,
				 ipaddr_fmt(&v->route.dst, buf, sizeof(buf), true));
	}
	for (unsigned k = 0; k < ti->nevips; k++) {
		const struct vrrp_vip *v = &ti->evips[k];
		const char *dev = v->dev[0] ? v->dev : in->conf.ifname;

		if (evip_elsewhere(t, ti, v) ||
		    addr_del(&t->d->nl, (int)if_nametoindex(dev), &v->addr) < 0)
			continue;
		in->st.stale_removed++;
		log_info("[%s] removed stale excluded address %s from %s (left by a previous run)",
			 ti->name, ipaddr_fmt(&v->addr, buf, sizeof(buf), true), dev);
	}
}

void tracking_carry(struct vrrpd *d, const struct vrrpd_tracking *old, struct vrrpd_tracking *nt)
{
	for (unsigned i = 0; old && nt && i < old->ninst; i++) {
		const struct tk_inst *o = &old->insts[i];
		struct tk_inst *n = NULL;

		if (!o->in || !o->evips_up)
			continue;
		for (unsigned k = 0; k < nt->ninst; k++)
			if (!strcmp(nt->insts[k].name, o->in->conf.name))
				n = &nt->insts[k];
		if (!n)
			continue;
		n->in = o->in;
		if (!same_routes(o, n))
			routes(d, o, false);
		for (unsigned k = 0; k < o->nevips; k++)
			if (!has_evip(n, &o->evips[k]))
				evip(d, o, &o->evips[k], false);
		for (unsigned k = 0; k < n->nevips; k++)
			if (!has_evip(o, &n->evips[k]))
				evip(d, n, &n->evips[k], true);
		if (!same_routes(o, n))
			routes(d, n, true);
		n->evips_up = true;
	}
}

void tracking_vips(struct vrrpd *d, struct vrrp_instance *in, bool up)
{
	struct tk_inst *ti = inst_of(d->trk, in);

	if (ti)
		evips(d, ti, up);
}

void tracking_notify(struct vrrpd *d, struct vrrp_instance *in, enum vr_state from,
		     enum vr_state to)
{
	struct vrrpd_tracking *t = d->trk;
	struct tk_inst *ti = inst_of(t, in);
	enum vr_state st[256];
	struct sync_out o;
	struct tk_group *g;
	unsigned i, who = 0;

	if (!ti)
		return;
	g = ti->grp;
	if (!g)
		return;
	for (i = 0; i < g->n && i < 256; i++) {
		st[i] = g->m[i]->in ? g->m[i]->in->vr.state : VR_INIT;
		if (g->m[i] == ti)
			who = i;
	}
	o = sync_member_changed(g->state, st, g->n, who, from, to);
	if (o.group_changed) {
		g->state = o.group;
		group_notify(d, g, o.group);
	}
	if (to == VR_FAULT || from == VR_FAULT) {
		/* a member's own fault holds the others (through the loop) */
		on_obs(NULL, t);
	}
	if (t->in_sync || o.force == VR_STATE_MAX || o.force == VR_FAULT)
		return;
	t->in_sync = true;
	for (i = 0; i < g->n; i++) {
		struct vrrp_instance *m = g->m[i]->in;
		char why[96];

		if (!m || g->m[i] == ti || !sync_should_force(m->vr.state, o.force))
			continue;
		snprintf(why, sizeof(why), "sync group %s", g->name);
		fsm_change(&m->vr, o.force, why);
	}
	t->in_sync = false;
}

static void fifo_script_done(pid_t pid, int status, bool timed_out, void *arg)
{
	struct vrrpd *d = arg;

	(void)timed_out;
	if (d->fifo_script_pid == pid)
		d->fifo_script_pid = 0;
	log_warnx("notify_fifo_script (pid %d) ended with status %d", (int)pid, status);
}

void tracking_fifo_script(struct vrrpd *d)
{
	const char *cmd = d->conf.tc.g.notify_fifo_script;
	struct script_opts o = { .user = d->conf.script_user[0] ? d->conf.script_user : NULL };
	/* keepalived passes the FIFO's name */
	const char *extra[] = { d->conf.notify_fifo, NULL };
	pid_t pid;

	if (!cmd || !d->conf.notify_fifo[0] || d->fifo_script_pid)
		return;
	pid = script_run_line(d->loop, cmd, extra, &o, fifo_script_done, d);
	if (pid < 0)
		log_warnx("notify_fifo_script %s: %s", cmd, strerror((int)-pid));
	else
		d->fifo_script_pid = pid;
}

/* ---------------------------------------------------------- show */

void tracking_show(const struct vrrpd_tracking *t, FILE *f)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->ninst; i++) {
		const struct tk_inst *ti = &t->insts[i];

		fprintf(f, "instance %s%s%s fault %s\n", ti->name, ti->grp ? " group " : "",
			ti->grp ? ti->grp->name : "", ti->own_fault ? "yes" : "no");
		for (unsigned k = 0; k < ti->nrefs; k++) {
			const struct track_ref *r = &ti->refs[k];

			if (r->obs->kind == TRACK_FILE)
				fprintf(f, "  %s %s value %lld weight %d%s\n",
					track_kind_name(r->obs->kind), r->obs->name, r->obs->value,
					r->weight, r->reverse ? " reverse" : "");
			else
				fprintf(f, "  %s %s %s weight %d%s\n", track_kind_name(r->obs->kind),
					r->obs->name, track_status_name(r->obs->status), r->weight,
					r->reverse ? " reverse" : "");
		}
	}
	for (unsigned i = 0; i < t->ngroups; i++)
		fprintf(f, "group %s %s members %u\n", t->groups[i].name,
			vrrpd_state_word(t->groups[i].state), t->groups[i].n);
	for (unsigned i = 0; i < t->nscripts; i++) {
		const struct track_script *s = t->scripts[i];

		fprintf(f, "script %s %s runs %llu ok %llu failed %llu timeouts %llu skipped %llu\n",
			s->c.name, track_status_name(s->obs.status),
			(unsigned long long)s->st.runs, (unsigned long long)s->st.ok,
			(unsigned long long)s->st.failed, (unsigned long long)s->st.timeouts,
			(unsigned long long)s->st.skipped);
	}
}

void tracking_metrics(const struct vrrpd_tracking *t, FILE *f)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} cs[] = {
		{ "vrrpd_script_runs_total", "vrrp_script runs",
		  offsetof(struct track_script_stats, runs) },
		{ "vrrpd_script_failures_total", "vrrp_script runs that failed",
		  offsetof(struct track_script_stats, failed) },
		{ "vrrpd_script_timeouts_total", "vrrp_script runs killed at their timeout",
		  offsetof(struct track_script_stats, timeouts) },
	};
	unsigned n = t ? t->nscripts : 0;

	metrics_family(f, "vrrpd_script_status", "gauge",
		       "vrrp_script status: 1 up (exit 0), 0 down, -1 not run yet");
	for (unsigned i = 0; i < n; i++) {
		const struct track_script *s = t->scripts[i];
		metrics_i64(f, "vrrpd_script_status", s->obs.status == TRACK_UP ? 1 :
			    s->obs.status == TRACK_DOWN ? 0 : -1, "name", s->c.name, NULL);
	}
	for (size_t k = 0; k < sizeof(cs) / sizeof(cs[0]); k++) {
		metrics_family(f, cs[k].name, "counter", cs[k].help);
		for (unsigned i = 0; i < n; i++) {
			const struct track_script *s = t->scripts[i];
			metrics_u64(f, cs[k].name,
				    *(const uint64_t *)((const char *)&s->st + cs[k].off),
				    "name", s->c.name, NULL);
		}
	}
}
