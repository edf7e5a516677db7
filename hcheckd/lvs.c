/*
 * lvs.c - IPVS real servers in step with their targets (see lvs.h).
 *
 * The rule is keepalived's: a real server whose target is up is in the
 * table with its weight (misc_dynamic's when set); one that is down is
 * removed, or kept with weight 0 under inhibit_on_failure.  A virtual
 * server whose live weight falls below quorum - hysteresis loses quorum:
 * quorum_down runs and the sorry server goes in; at quorum + hysteresis it
 * comes back (quorum_up, sorry server out).  Services that do not exist are
 * created at start (as keepalived does); nothing is deleted at exit unless
 * omega asks for the real servers to go, or lvs_flush_onstop for the
 * services (VS) or the whole table.  lvs_flush empties the table at start.
 *
 * The sync daemon is hcheckd's when lvs_sync_daemon names no vrrp_instance
 * (docs/DESIGN.md): as keepalived's checker, it runs master and backup for
 * the daemon's whole life (a director then sends its connections and
 * receives the other's, whichever holds the VIP), restarted when a reload
 * changes its settings, stopped at exit.  With an instance it is vrrpd's and
 * hcheckd leaves it alone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/script.h"
#include "hcheckd/lvs.h"
#include "hcheckd/suspend.h"

struct lvs {
	struct ipvs h;
	struct hcd *d;
	struct cfg_vs *vs;
	size_t nvs;
	struct lvssync sync;		/* as last applied */
	enum cfg_flush flush_onstop;
	struct suspend *susp;		/* opened for the first ha_suspend */
};

static void run(struct lvs *l, const char *cmd)
{
	struct script_opts o = {
		.timeout_ms = 10000,
		.user = l->d->script_user[0] ? l->d->script_user : NULL,
		.group = l->d->script_group[0] ? l->d->script_group : NULL,
	};
	pid_t pid;

	if (cmd && (pid = script_run_line(l->d->loop, cmd, NULL, &o, NULL, NULL)) < 0)
		log_warnx("cannot run %s: %s", cmd, strerror((int)-pid));
}

/* put dest in every service of vs with weight w, or take it out (w < 0) */
static int set_dest(struct lvs *l, struct cfg_vs *vs, const struct ipvs_dest *dest, int32_t w)
{
	struct ipvs_dest d = *dest;
	int r, bad = 0;

	d.weight = w < 0 ? 0 : w;
	for (size_t i = 0; i < vs->nsvc; i++) {
		const struct ipvs_service *s = &vs->svc[i];
		if (w < 0) {
			r = ipvs_del_dest(&l->h, s, &d);
			if (r == -ENOENT || r == -ESRCH)
				r = 0;
		} else {
			r = ipvs_add_dest(&l->h, s, &d);
			if (r == -EEXIST)
				r = ipvs_edit_dest(&l->h, s, &d);
		}
		if (r < 0) {
			log_warnx("[%s] IPVS: %s", vs->name,
				  ipvs_strerror(r, w < 0 ? IPVS_CMD_DEL_DEST : IPVS_CMD_NEW_DEST));
			bad++;
		}
	}
	return bad ? -EIO : 0;
}

static void quorum(struct lvs *l, struct cfg_vs *vs)
{
	unsigned live = 0;
	bool ok = vs->quorum_ok;

	for (size_t i = 0; i < vs->nrs; i++)
		if (vs->rs[i].t)
			live += (unsigned)target_weight(vs->rs[i].t);
	if (vs->quorum_ok && live + vs->hysteresis < vs->quorum)
		ok = false;
	else if (!vs->quorum_ok && live >= vs->quorum + vs->hysteresis)
		ok = true;
	if (ok != vs->quorum_ok) {
		vs->quorum_ok = ok;
		log_info("[%s] quorum %s (live weight %u, quorum %u, hysteresis %u)", vs->name,
			 ok ? "gained" : "lost", live, vs->quorum, vs->hysteresis);
		run(l, ok ? vs->quorum_up : vs->quorum_down);
	}
	if (vs->has_sorry && vs->quorum_ok == vs->sorry_in) {
		/* in when quorum is lost, out when it is back */
		vs->sorry_in = !vs->quorum_ok;
		set_dest(l, vs, &vs->sorry, vs->sorry_in ? vs->sorry.weight : (vs->sorry_inhibit ? 0 : -1));
		log_info("[%s] sorry server %s", vs->name, vs->sorry_in ? "in" : "out");
	}
}

static void apply_rs(struct lvs *l, struct cfg_rs *rs, bool force)
{
	struct hc_target *t = rs->t;
	int32_t w = t ? target_weight(t) : rs->dest.weight;
	bool in = w > 0 || rs->inhibit || (t && t->state == T_UP);

	if (!in)
		w = -1;
	if (!force && rs->in_table == in && (!in || rs->cur_weight == w))
		return;
	if (set_dest(l, rs->vs, &rs->dest, w) == 0) {
		if (!force || rs->in_table != in || rs->cur_weight != w)
			log_info("[%s] %s (weight %d)", t ? t->name : rs->tname,
				 in ? "in the IPVS table" : "removed from the IPVS table", w < 0 ? 0 : w);
		rs->in_table = in;
		rs->cur_weight = w;
	}
}

static void bind_targets(struct lvs *l, struct hcd *d)
{
	for (size_t i = 0; i < l->nvs; i++)
		for (size_t k = 0; k < l->vs[i].nrs; k++) {
			struct cfg_rs *rs = &l->vs[i].rs[k];
			rs->vs = &l->vs[i];
			rs->t = hcd_find(d, rs->tname);
			if (rs->t)
				rs->t->rs = rs;
		}
}

static void ensure_services(struct lvs *l)
{
	for (size_t i = 0; i < l->nvs; i++)
		for (size_t j = 0; j < l->vs[i].nsvc; j++) {
			int r = ipvs_add_service(&l->h, &l->vs[i].svc[j]);
			if (r < 0 && r != -EEXIST)
				log_warnx("[%s] IPVS: %s", l->vs[i].name,
					  ipvs_strerror(r, IPVS_CMD_NEW_SERVICE));
		}
}

static bool own_sync(const struct lvssync *s)
{
	return s->set && !s->instance[0];
}

/* from the sync daemon settings in force to s */
static void sync_update(struct lvs *l, const struct lvssync *s)
{
	bool was = own_sync(&l->sync), now = own_sync(s), same = lvssync_same(&l->sync, s);
	char b[160];
	int r;

	if (was && (!now || !same)) {
		if ((r = lvssync_stop(&l->h)) < 0)
			log_warnx("IPVS sync daemon: cannot stop: %s",
				  ipvs_strerror(r, IPVS_CMD_DEL_DAEMON));
		else
			log_info("IPVS sync daemon %s stopped", lvssync_fmt(&l->sync, b, sizeof(b)));
	}
	if (now && (!was || !same)) {
		if ((r = lvssync_both(&l->h, s)) < 0)
			log_warnx("IPVS sync daemon %s: %s", lvssync_fmt(s, b, sizeof(b)),
				  ipvs_strerror(r, IPVS_CMD_NEW_DAEMON));
		else
			log_info("IPVS sync daemon %s: master and backup running",
				 lvssync_fmt(s, b, sizeof(b)));
	}
	l->sync = *s;
}

/* l takes over cf's virtual servers (cf is left with none), ties them to
 * their checks and creates the services missing from the table */
static void adopt(struct lvs *l, struct hcd *d, struct cfg *cf)
{
	l->vs = cf->vs;
	l->nvs = cf->nvs;
	cf->vs = NULL;
	cf->nvs = 0;
	l->flush_onstop = cf->flush_onstop;
	d->ipvs_vs = l->nvs;
	bind_targets(l, d);
	ensure_services(l);
	sync_update(l, &cf->sync);
	for (size_t i = 0; i < l->nvs && !l->susp; i++) {
		int r;
		if (l->vs[i].ha_suspend && (r = suspend_open(&l->susp, d->loop)) < 0)
			log_warnx("[%s] ha_suspend: cannot follow local addresses: %s",
				  l->vs[i].name, strerror(-r));
	}
	if (l->susp)
		suspend_watch(l->susp, l->vs, l->nvs);
}

int lvs_open(struct lvs **out, struct hcd *d, struct cfg *cf)
{
	struct lvs *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return -ENOMEM;
	if ((r = ipvs_open(&l->h)) < 0) {
		free(l);
		return r;
	}
	l->d = d;
	/* keepalived: lvs_flush empties the table at start, not at reload */
	if (cf->lvs_flush) {
		if ((r = ipvs_flush(&l->h)) < 0)
			log_warnx("lvs_flush: %s", ipvs_strerror(r, IPVS_CMD_FLUSH));
		else
			log_info("lvs_flush: IPVS table flushed");
	}
	adopt(l, d, cf);
	*out = l;
	return 0;
}

static void free_vs(struct cfg_vs *vs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < vs[i].nrs; k++)
			free(vs[i].rs[k].tname);
		free(vs[i].rs);
		free(vs[i].svc);
		free(vs[i].quorum_up);
		free(vs[i].quorum_down);
	}
	free(vs);
}

/* the real server whose check is named tname, or NULL */
static const struct cfg_rs *find_rs(const struct cfg_vs *vs, size_t n, const char *tname)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < vs[i].nrs; k++)
			if (!strcmp(vs[i].rs[k].tname, tname))
				return &vs[i].rs[k];
	return NULL;
}

void lvs_reconfigure(struct lvs *l, struct hcd *d, struct cfg *cf)
{
	/* what was in the table stays known: carry it over by name */
	for (size_t i = 0; i < cf->nvs; i++)
		for (size_t k = 0; k < cf->vs[i].nrs; k++) {
			struct cfg_rs *rs = &cf->vs[i].rs[k];
			const struct cfg_rs *old = find_rs(l->vs, l->nvs, rs->tname);
			if (old) {
				rs->in_table = old->in_table;
				rs->cur_weight = old->cur_weight;
			}
		}
	/* real servers that disappeared leave the table */
	for (size_t a = 0; a < l->nvs; a++)
		for (size_t b = 0; b < l->vs[a].nrs; b++) {
			struct cfg_rs *rs = &l->vs[a].rs[b];
			if (rs->in_table && !find_rs(cf->vs, cf->nvs, rs->tname))
				set_dest(l, &l->vs[a], &rs->dest, -1);
		}
	free_vs(l->vs, l->nvs);
	adopt(l, d, cf);
}

void lvs_sync_all(struct lvs *l, struct hcd *d)
{
	for (size_t i = 0; i < l->nvs; i++) {
		for (size_t k = 0; k < l->vs[i].nrs; k++)
			apply_rs(l, &l->vs[i].rs[k], true);
		quorum(l, &l->vs[i]);
	}
}

void lvs_apply(struct lvs *l, struct hc_target *t)
{
	struct cfg_rs *rs = t->rs;

	if (!rs)
		return;
	apply_rs(l, rs, false);
	quorum(l, rs->vs);
}

/* lvs_flush_onstop: the whole table, or (VS) the services we drive */
static void flush_onstop(struct lvs *l)
{
	int r;

	if (l->flush_onstop == CFG_FLUSH_ALL) {
		if ((r = ipvs_flush(&l->h)) < 0)
			log_warnx("lvs_flush_onstop: %s", ipvs_strerror(r, IPVS_CMD_FLUSH));
		else
			log_info("lvs_flush_onstop: IPVS table flushed");
		return;
	}
	for (size_t i = 0; l->flush_onstop == CFG_FLUSH_VS && i < l->nvs; i++)
		for (size_t j = 0; j < l->vs[i].nsvc; j++)
			if ((r = ipvs_del_service(&l->h, &l->vs[i].svc[j])) < 0 && r != -ESRCH)
				log_warnx("[%s] lvs_flush_onstop: %s", l->vs[i].name,
					  ipvs_strerror(r, IPVS_CMD_DEL_SERVICE));
}

void lvs_shutdown(struct lvs *l, struct hcd *d)
{
	struct lvssync none = { .syncid = -1 };

	for (size_t i = 0; i < l->nvs; i++) {
		if (!l->vs[i].omega)
			continue;
		for (size_t k = 0; k < l->vs[i].nrs; k++) {
			struct cfg_rs *rs = &l->vs[i].rs[k];
			if (rs->in_table) {
				set_dest(l, &l->vs[i], &rs->dest, -1);
				if (rs->t && rs->t->state == T_UP)
					run(l, rs->t->notify_down);
			}
		}
	}
	flush_onstop(l);
	sync_update(l, &none);
}

void lvs_close(struct lvs *l)
{
	if (!l)
		return;
	suspend_close(l->susp);
	ipvs_close(&l->h);
	free_vs(l->vs, l->nvs);
	free(l);
}

void lvs_cfg_free(struct cfg *cf)
{
	free_vs(cf->vs, cf->nvs);
	cf->vs = NULL;
	cf->nvs = 0;
}
