/*
 * tconf.c - trackers, sync groups and script security in keepalived.conf
 * (see tconf.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/script.h"
#include "common/scriptsec.h"
#include "vrrpd/tconf.h"

static struct vrrpd_tconf *cur;

void tconf_init(struct vrrpd_tconf *t)
{
	memset(t, 0, sizeof(*t));
}

void tconf_free(struct vrrpd_tconf *t)
{
	unsigned i, k;

	if (!t)
		return;
	for (i = 0; i < t->nowners; i++)
		free(t->owners[i].refs);
	for (i = 0; i < t->ngroups; i++) {
		free(t->groups[i].members);
		for (k = 0; k < TG_MAX; k++)
			free(t->groups[i].script[k]);
	}
	free(t->g.notify_fifo_script);
	free(t->scripts);
	free(t->script_where);
	free(t->files);
	free(t->procs);
	free(t->owners);
	free(t->groups);
	if (cur == t)
		cur = NULL;
	memset(t, 0, sizeof(*t));
}

void tconf_begin(struct vrrpd_tconf *t)
{
	cur = t;
}

static void *grow(void *p, unsigned n, size_t size)
{
	return realloc(p, (n + 1) * size);
}

static void where(const struct conf_node *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", n->file, n->line);
}

const struct towner *tconf_owner(const struct vrrpd_tconf *t, const char *name, bool group)
{
	for (unsigned i = 0; i < t->nowners; i++)
		if (t->owners[i].group == group && !strcmp(t->owners[i].name, name))
			return &t->owners[i];
	return NULL;
}

static struct towner *owner(struct vrrpd_tconf *t, const char *name, bool group)
{
	struct towner *o = (struct towner *)tconf_owner(t, name, group), *n;

	if (o)
		return o;
	n = grow(t->owners, t->nowners, sizeof(*n));
	if (!n)
		return NULL;
	t->owners = n;
	o = &t->owners[t->nowners++];
	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", name);
	o->group = group;
	return o;
}

const struct tgroup *tconf_group_of(const struct vrrpd_tconf *t, const char *inst)
{
	for (unsigned i = 0; i < t->ngroups; i++)
		for (unsigned k = 0; k < t->groups[i].nmembers; k++)
			if (!strcmp(t->groups[i].members[k], inst))
				return &t->groups[i];
	return NULL;
}

const struct track_script_conf *tconf_script(const struct vrrpd_tconf *t, const char *name)
{
	for (unsigned i = 0; i < t->nscripts; i++)
		if (!strcmp(t->scripts[i].name, name))
			return &t->scripts[i];
	return NULL;
}

static int name_arg(const struct conf_node *n, char *out, size_t len, struct conf_err *err)
{
	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (strlen(n->argv[1]) >= len)
		return conf_error(err, n, n->argv[1], "name '%s' too long", n->argv[1]);
	snprintf(out, len, "%s", n->argv[1]);
	return 0;
}

static int weight_words(const struct conf_node *n, int from, int lo, int hi, int *w,
			bool *rev, struct conf_err *err)
{
	const char *why = NULL;

	if (track_parse_weight(n->argv + from, n->argc - from, lo, hi, w, rev, &why) < 0)
		return conf_error(err, n, n->argv[from + 1 < n->argc ? from + 1 : from],
				  "%s (%d..%d)", why, lo, hi);
	return 0;
}

/* --- vrrp_script --------------------------------------------------------- */

static int s_script(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_script_conf *c = ctx;
	char *cmd = NULL;

	if (conf_script(n, 1, &cmd, err) < 0)
		return -EINVAL;
	if (strlen(cmd) >= sizeof(c->cmd)) {
		free(cmd);
		return conf_error(err, n, NULL, "script line too long");
	}
	snprintf(c->cmd, sizeof(c->cmd), "%s", cmd);
	free(cmd);
	return 0;
}

static int s_interval(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_script_conf *c = ctx;
	uint64_t us;

	if (conf_duration(n, 1, 1000, 3600000000ull, &us, err) < 0)
		return -EINVAL;
	if (!strcmp(n->kw, "interval"))
		c->interval_ms = (unsigned)((us + 999) / 1000);
	else
		c->timeout_ms = (unsigned)((us + 999) / 1000);
	return 0;
}

static int s_weight(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_script_conf *c = ctx;

	return weight_words(n, 0, -253, 253, &c->weight, &c->reverse, err);
}

static int s_risefall(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_script_conf *c = ctx;

	return conf_uint(n, 1, 1, 1000000, !strcmp(n->kw, "rise") ? &c->rise : &c->fall, err);
}

static int user_words(const struct conf_node *n, char *user, size_t ulen, char *group,
		      size_t glen, struct conf_err *err)
{
	if (conf_nargs(n, 1, 2, err) < 0)
		return -EINVAL;
	if (!getpwnam(n->argv[1]))
		return conf_error(err, n, n->argv[1], "no such user '%s'", n->argv[1]);
	if (n->argc > 2 && !getgrnam(n->argv[2]))
		return conf_error(err, n, n->argv[2], "no such group '%s'", n->argv[2]);
	snprintf(user, ulen, "%s", n->argv[1]);
	snprintf(group, glen, "%s", n->argc > 2 ? n->argv[2] : "");
	return 0;
}

static int s_user(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_script_conf *c = ctx;

	return user_words(n, c->user, sizeof(c->user), c->group, sizeof(c->group), err);
}

static int s_init_fail(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_script_conf *c = ctx;

	if (conf_nargs(n, 0, 0, err) < 0)
		return -EINVAL;
	c->init_fail = true;
	return 0;
}

int tconf_kw_vrrp_script(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "script", s_script, 0 },
		{ "interval", s_interval, 0 },
		{ "timeout", s_interval, 0 },
		{ "weight", s_weight, 0 },
		{ "rise", s_risefall, 0 },
		{ "fall", s_risefall, 0 },
		{ "user", s_user, 0 },
		{ "init_fail", s_init_fail, 0 },
		{ NULL, NULL, 0 }
	};
	struct track_script_conf c, *p;
	char name[64], (*w)[300];

	(void)ctx;
	if (name_arg(n, name, sizeof(name), err) < 0)
		return -EINVAL;
	if (tconf_script(cur, name))
		return conf_error(err, n, name, "vrrp_script %s defined twice", name);
	track_script_conf_init(&c, name);
	if (conf_walk(n->child, kws, &c, err) < 0)
		return -EINVAL;
	if (!c.cmd[0])
		return conf_error(err, n, name, "vrrp_script %s has no script", name);
	p = grow(cur->scripts, cur->nscripts, sizeof(*p));
	if (p)
		cur->scripts = p;
	w = grow(cur->script_where, cur->nscripts, sizeof(*w));
	if (w)
		cur->script_where = w;
	if (!p || !w)
		return conf_error(err, n, NULL, "out of memory");
	where(n, cur->script_where[cur->nscripts], sizeof(*w));
	cur->scripts[cur->nscripts++] = c;
	return 0;
}

/* --- track_file ---------------------------------------------------------- */

static int f_file(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_file_conf *c = ctx;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (strlen(n->argv[1]) >= sizeof(c->path) || n->argv[1][0] != '/')
		return conf_error(err, n, n->argv[1], "file needs an absolute path");
	snprintf(c->path, sizeof(c->path), "%s", n->argv[1]);
	return 0;
}

static int f_weight(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_file_conf *c = ctx;

	return weight_words(n, 0, -254, 254, &c->weight, &c->reverse, err);
}

static int f_init(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_file_conf *c = ctx;
	int i, v;

	c->init_file = true;
	for (i = 1; i < n->argc; i++) {
		if (!strcmp(n->argv[i], "overwrite")) {
			c->overwrite = true;
			continue;
		}
		if (conf_int(n, i, -2147483647, 2147483647, &v, err) < 0)
			return -EINVAL;
		c->init_value = v;
	}
	return 0;
}

int tconf_kw_track_file(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "file", f_file, 0 },
		{ "weight", f_weight, 0 },
		{ "init_file", f_init, 0 },
		{ NULL, NULL, 0 }
	};
	struct track_file_conf c, *p;
	char name[64];
	unsigned i;

	(void)ctx;
	if (name_arg(n, name, sizeof(name), err) < 0)
		return -EINVAL;
	for (i = 0; i < cur->nfiles; i++)
		if (!strcmp(cur->files[i].name, name))
			return conf_error(err, n, name, "track_file %s defined twice", name);
	track_file_conf_init(&c, name);
	if (conf_walk(n->child, kws, &c, err) < 0)
		return -EINVAL;
	if (!c.path[0])
		return conf_error(err, n, name, "track_file %s has no file", name);
	p = grow(cur->files, cur->nfiles, sizeof(*p));
	if (!p)
		return conf_error(err, n, NULL, "out of memory");
	cur->files = p;
	cur->files[cur->nfiles++] = c;
	return 0;
}

/* --- vrrp_track_process -------------------------------------------------- */

static int p_process(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_proc_conf *c = ctx;
	int i;

	if (conf_nargs(n, 1, TRACK_PROC_MAX_PARAMS + 1, err) < 0)
		return -EINVAL;
	if (strlen(n->argv[1]) >= sizeof(c->process))
		return conf_error(err, n, n->argv[1], "process name too long");
	snprintf(c->process, sizeof(c->process), "%s", n->argv[1]);
	for (i = 2; i < n->argc; i++) {
		if (strlen(n->argv[i]) >= sizeof(c->params[0]))
			return conf_error(err, n, n->argv[i], "parameter too long");
		snprintf(c->params[i - 2], sizeof(c->params[0]), "%s", n->argv[i]);
	}
	c->nparams = n->argc - 2;
	return 0;
}

static int p_param_match(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const names[] = { "exact", "partial", "initial", NULL };
	struct track_proc_conf *c = ctx;
	int v = 0;

	if (n->argc > 1 && conf_enum(n, 1, names, &v, err) < 0)
		return -EINVAL;
	c->param_match = (enum track_pm)v;
	c->param_match_set = true;
	return 0;
}

static int p_weight(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_proc_conf *c = ctx;

	return weight_words(n, 0, -254, 254, &c->weight, &c->reverse, err);
}

static int p_quorum(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_proc_conf *c = ctx;

	return conf_uint(n, 1, !strcmp(n->kw, "quorum") ? 1 : 0, 65535,
			 !strcmp(n->kw, "quorum") ? &c->quorum : &c->quorum_max, err);
}

static int p_delay(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_proc_conf *c = ctx;
	uint64_t us;

	if (conf_duration(n, 1, 0, 3600000000ull, &us, err) < 0)
		return -EINVAL;
	if (strcmp(n->kw, "terminate_delay"))
		c->fork_delay_ms = (unsigned)(us / 1000);
	if (strcmp(n->kw, "fork_delay"))
		c->terminate_delay_ms = (unsigned)(us / 1000);
	return 0;
}

static int p_full(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct track_proc_conf *c = ctx;

	if (conf_nargs(n, 0, 0, err) < 0)
		return -EINVAL;
	c->full_command = true;
	return 0;
}

int tconf_kw_track_process(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "process", p_process, 0 },
		{ "param_match", p_param_match, 0 },
		{ "weight", p_weight, 0 },
		{ "quorum", p_quorum, 0 },
		{ "quorum_max", p_quorum, 0 },
		{ "delay", p_delay, 0 },
		{ "fork_delay", p_delay, 0 },
		{ "terminate_delay", p_delay, 0 },
		{ "full_command", p_full, 0 },
		{ NULL, NULL, 0 }
	};
	struct track_proc_conf c, *p;
	char name[64];
	unsigned i;

	(void)ctx;
	if (name_arg(n, name, sizeof(name), err) < 0)
		return -EINVAL;
	for (i = 0; i < cur->nprocs; i++)
		if (!strcmp(cur->procs[i].name, name))
			return conf_error(err, n, name, "vrrp_track_process %s defined twice", name);
	track_proc_conf_init(&c, name);
	if (conf_walk(n->child, kws, &c, err) < 0)
		return -EINVAL;
	if (!c.process[0])
		return conf_error(err, n, name, "vrrp_track_process %s has no process", name);
	if (c.quorum_max < c.quorum)
		return conf_error(err, n, name, "vrrp_track_process %s: quorum_max below quorum",
				  name);
	p = grow(cur->procs, cur->nprocs, sizeof(*p));
	if (!p)
		return conf_error(err, n, NULL, "out of memory");
	cur->procs = p;
	cur->procs[cur->nprocs++] = c;
	return 0;
}

/* --- track_* blocks in vrrp_instance and vrrp_sync_group ------------------ */

struct refctx {
	struct towner *o;
	enum track_kind kind;
};

static int ref_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct refctx *r = ctx;
	struct tref *t, *p;
	int lo = r->kind == TRACK_FILE || r->kind == TRACK_PROC ? -254 : -253;

	if (n->block)
		return conf_error(err, n, n->kw, "unexpected block after '%s'", n->kw);
	if (strlen(n->kw) >= sizeof(t->name))
		return conf_error(err, n, n->kw, "name too long");
	if (n->argc != 1 && strcmp(n->argv[1], "weight"))
		return conf_error(err, n, n->argv[1], "expected 'weight' after %s", n->kw);
	p = grow(r->o->refs, r->o->nrefs, sizeof(*p));
	if (!p)
		return conf_error(err, n, NULL, "out of memory");
	r->o->refs = p;
	t = &r->o->refs[r->o->nrefs];
	memset(t, 0, sizeof(*t));
	t->kind = r->kind;
	snprintf(t->name, sizeof(t->name), "%s", n->kw);
	where(n, t->where, sizeof(t->where));
	if (n->argc > 1) {
		if (weight_words(n, 1, lo, -lo, &t->weight, &t->reverse, err) < 0)
			return -EINVAL;
		t->has_weight = true;
	}
	r->o->nrefs++;
	return 0;
}

static int track_block(const struct conf_node *n, struct towner *o, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, ref_line, 0 } };
	struct refctx r = { o, TRACK_SCRIPT };

	if (!strcmp(n->kw, "track_script"))
		r.kind = TRACK_SCRIPT;
	else if (!strcmp(n->kw, "track_interface"))
		r.kind = TRACK_IFACE;
	else if (!strcmp(n->kw, "track_file"))
		r.kind = TRACK_FILE;
	else if (!strcmp(n->kw, "track_process"))
		r.kind = TRACK_PROC;
	else if (!strcmp(n->kw, "track_check"))
		r.kind = TRACK_CHECK;
	else
		return conf_error(err, n, n->kw, "unknown keyword '%s'", n->kw);
	/* "track_check NAME" on one line is accepted too */
	if (!n->block) {
		const struct conf_node line = { .kw = n->argv[1], .argc = n->argc - 1,
			.argv = n->argv + 1, .quoted = n->quoted + 1, .file = n->file,
			.line = n->line, .conf = n->conf };

		if (n->argc < 2)
			return conf_error(err, n, n->kw, "'%s' needs a block or a name", n->kw);
		return ref_line(&line, &r, err);
	}
	return conf_walk(n->child, any, &r, err);
}

int tconf_kw_inst_track(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	const struct conf_node *inst = n->parent;
	struct towner *o;

	(void)ctx;
	if (!inst || inst->argc < 2)
		return conf_error(err, n, n->kw, "'%s' outside a named block", n->kw);
	o = owner(cur, inst->argv[1], false);
	if (!o)
		return conf_error(err, n, NULL, "out of memory");
	return track_block(n, o, err);
}

/* --- vrrp_sync_group ------------------------------------------------------ */

struct gctx {
	struct tgroup *g;
	struct towner *o;
};

static int g_member(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct gctx *c = ctx;
	char (*m)[64];

	if (n->argc != 1 || n->block)
		return conf_error(err, n, n->kw, "one instance name per line in group");
	for (unsigned i = 0; i < c->g->nmembers; i++)
		if (!strcmp(c->g->members[i], n->kw))
			return conf_error(err, n, n->kw, "%s listed twice", n->kw);
	m = grow(c->g->members, c->g->nmembers, sizeof(*m));
	if (!m)
		return conf_error(err, n, NULL, "out of memory");
	c->g->members = m;
	snprintf(c->g->members[c->g->nmembers++], 64, "%s", n->kw);
	return 0;
}

static int g_old_member(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	if (n->argc == 1 && !n->block)
		conf_warn(n, "instance %s outside group { }: old syntax, accepted", n->kw);
	else
		return conf_error(err, n, n->kw, "unknown keyword '%s'", n->kw);
	return g_member(n, ctx, err);
}

static int g_group(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, g_member, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

static int g_notify(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const kws[TG_MAX] = {
		[TG_MASTER] = "notify_master", [TG_BACKUP] = "notify_backup",
		[TG_FAULT] = "notify_fault", [TG_STOP] = "notify_stop", [TG_ANY] = "notify",
	};
	struct gctx *c = ctx;
	int k;

	for (k = 0; k < TG_MAX; k++)
		if (!strcmp(n->kw, kws[k]))
			break;
	if (k == TG_MAX)
		return conf_error(err, n, n->kw, "unknown keyword '%s'", n->kw);
	if (n->argc > 2 && !n->quoted[1])
		return conf_error(err, n, n->argv[2], "run-as user on a notify line is not "
				  "supported (use global_defs script_user); quote a command with "
				  "arguments");
	return conf_script(n, 1, &c->g->script[k], err);
}

static int g_track(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct gctx *c = ctx;

	return track_block(n, c->o, err);
}

static int g_flag(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct gctx *c = ctx;

	if (conf_nargs(n, 0, 0, err) < 0)
		return -EINVAL;
	if (!strcmp(n->kw, "sync_group_tracking_weight"))
		c->g->tracking_weight = true;
	else	/* global_tracking: deprecated, the same in effect */
		c->g->tracking_weight = true;
	return 0;
}

int tconf_kw_sync_group(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "group", g_group, CONF_KW_BLOCK },
		{ "notify_master", g_notify, 0 },
		{ "notify_backup", g_notify, 0 },
		{ "notify_fault", g_notify, 0 },
		{ "notify_stop", g_notify, 0 },
		{ "notify", g_notify, 0 },
		{ "track_script", g_track, CONF_KW_MAYBLOCK },
		{ "track_interface", g_track, CONF_KW_MAYBLOCK },
		{ "track_file", g_track, CONF_KW_MAYBLOCK },
		{ "track_process", g_track, CONF_KW_MAYBLOCK },
		{ "track_check", g_track, CONF_KW_MAYBLOCK },
		{ "sync_group_tracking_weight", g_flag, 0 },
		{ "global_tracking", g_flag, 0 },
		{ "smtp_alert", NULL, CONF_KW_IGNORED },
		{ "notify_priority_changes", NULL, CONF_KW_UNSUPPORTED },
		{ "notify_deleted", NULL, CONF_KW_UNSUPPORTED },
		{ "track_bfd", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
		/* keepalived 1.x wrote the members straight in the block */
		{ NULL, g_old_member, 0 },
	};
	struct tgroup *g;
	struct gctx c;
	char name[64];

	(void)ctx;
	if (name_arg(n, name, sizeof(name), err) < 0)
		return -EINVAL;
	for (unsigned i = 0; i < cur->ngroups; i++)
		if (!strcmp(cur->groups[i].name, name))
			return conf_error(err, n, name, "vrrp_sync_group %s defined twice", name);
	g = grow(cur->groups, cur->ngroups, sizeof(*g));
	if (!g)
		return conf_error(err, n, NULL, "out of memory");
	cur->groups = g;
	g = &cur->groups[cur->ngroups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "%s", name);
	where(n, g->where, sizeof(g->where));
	c.g = g;
	c.o = owner(cur, name, true);
	if (!c.o)
		return conf_error(err, n, NULL, "out of memory");
	if (conf_walk(n->child, kws, &c, err) < 0)
		return -EINVAL;
	if (!g->nmembers)
		return conf_error(err, n, name, "vrrp_sync_group %s has no group { } members", name);
	return 0;
}

/* --- global_defs ---------------------------------------------------------- */

const char *const tconf_global_keys[] = {
	"script_user", "enable_script_security", "vrrp_startup_delay",
	"notification_email", "notification_email_from", "smtp_server",
	"smtp_connect_timeout", "smtp_helo_name", "smtp_alert", "smtp_alert_vrrp",
	"email_faults", "vrrp_strict", "vrrp_version", "v3_checksum_as_v2",
	"vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh",
	"vrrp_garp_master_refresh_repeat", "vrrp_garp_interval", "vrrp_gna_interval",
	"vrrp_garp_lower_prio_repeat", "vrrp_garp_lower_prio_delay",
	"vrrp_gna_master_delay", "vrrp_gna_master_repeat",
	"notify_fifo", "vrrp_notify_fifo", "notify_fifo_script", "vrrp_notify_fifo_script",
	"vrrp_mcast_group4", "vrrp_mcast_group6", "vrrp_check_unicast_src",
	"vrrp_skip_check_adv_addr", "hcheckd_socket", "vrrp_conflict_probe_interval", NULL
};

int tconf_mail_key(const struct conf_node *n)
{
	if (!cur->mail_warned)
		conf_warn(n, "'%s': mail is not sent by vrrpd (use a notify script); "
			  "notification_email and smtp_* keys are ignored", n->kw);
	cur->mail_warned = true;
	return 0;
}

static int u_garp(const struct conf_node *n, struct conf_err *err)
{
	struct tglobals *g = &cur->g;
	const char *k = n->kw;
	uint64_t us;

	if (!strcmp(k, "vrrp_garp_master_delay") || !strcmp(k, "vrrp_gna_master_delay")) {
		g->garp_delay_set = true;
		return conf_uint(n, 1, 0, 1000, &g->garp_master_delay_s, err);
	}
	if (!strcmp(k, "vrrp_garp_master_repeat") || !strcmp(k, "vrrp_gna_master_repeat")) {
		g->garp_repeat_set = true;
		return conf_uint(n, 1, 1, 1000, &g->garp_master_repeat, err);
	}
	if (!strcmp(k, "vrrp_garp_master_refresh")) {
		g->garp_refresh_set = true;
		return conf_uint(n, 1, 0, 86400, &g->garp_master_refresh_s, err);
	}
	if (!strcmp(k, "vrrp_garp_master_refresh_repeat")) {
		g->garp_refresh_repeat_set = true;
		return conf_uint(n, 1, 1, 1000, &g->garp_refresh_repeat, err);
	}
	if (!strcmp(k, "vrrp_garp_interval") || !strcmp(k, "vrrp_gna_interval")) {
		if (conf_duration(n, 1, 0, 1000000000ull, &us, err) < 0)
			return -EINVAL;
		if (!strcmp(k, "vrrp_garp_interval")) {
			g->garp_interval_set = true;
			g->garp_interval_us = (uint32_t)us;
		} else {
			g->gna_interval_set = true;
			g->gna_interval_us = (uint32_t)us;
		}
		return 0;
	}
	if (!strcmp(k, "vrrp_garp_lower_prio_repeat")) {
		g->lower_prio_repeat_set = true;
		return conf_uint(n, 1, 0, 1000, &g->lower_prio_repeat, err);
	}
	if (!strcmp(k, "vrrp_garp_lower_prio_delay")) {
		g->lower_prio_delay_set = true;
		return conf_uint(n, 1, 0, 1000, &g->lower_prio_delay_s, err);
	}
	return 0;
}

int tconf_kw_global(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	const char *k = n->kw;
	struct ipaddr a;

	(void)ctx;
	if (!strcmp(k, "script_user"))
		return user_words(n, cur->script_user, sizeof(cur->script_user),
				  cur->script_group, sizeof(cur->script_group), err);
	if (!strcmp(k, "enable_script_security")) {
		cur->script_security = true;
		return conf_nargs(n, 0, 0, err);
	}
	if (!strcmp(k, "vrrp_startup_delay")) {
		uint64_t us;

		if (conf_duration(n, 1, 0, 3600000000ull, &us, err) < 0)
			return -EINVAL;
		cur->startup_delay_ms = (unsigned)(us / 1000);
		return 0;
	}
	if (!strncmp(k, "notification_email", 18) || !strncmp(k, "smtp_", 5) ||
	    !strcmp(k, "email_faults"))
		return tconf_mail_key(n);
	if (!strcmp(k, "vrrp_strict")) {
		if (!cur->strict_warned)
			conf_warn(n, "vrrp_strict: accepted, but vrrpd never installs firewall "
				  "rules; the strict protocol checks it implies are always on");
		cur->strict_warned = true;
		return 0;
	}
	if (!strcmp(k, "vrrp_version"))
		return conf_uint(n, 1, 2, 3, &cur->g.vrrp_version, err);
	if (!strcmp(k, "vrrp_conflict_probe_interval")) {
		cur->g.conflict_probe_set = true;
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL :
		       conf_uint(n, 1, 0, 86400, &cur->g.conflict_probe_s, err);
	}
	if (!strcmp(k, "v3_checksum_as_v2")) {
		cur->g.v3_checksum_as_v2 = true;
		return 0;
	}
	if (!strncmp(k, "vrrp_garp_", 10) || !strncmp(k, "vrrp_gna_", 9))
		return u_garp(n, err);
	if (!strcmp(k, "notify_fifo") || !strcmp(k, "vrrp_notify_fifo")) {
		if (conf_nargs(n, 1, 3, err) < 0)
			return -EINVAL;
		if (n->argc > 2)
			return conf_error(err, n, n->argv[2], "a FIFO owner is not supported");
		snprintf(cur->g.notify_fifo, sizeof(cur->g.notify_fifo), "%s", n->argv[1]);
		return 0;
	}
	if (!strcmp(k, "notify_fifo_script") || !strcmp(k, "vrrp_notify_fifo_script"))
		return conf_script(n, 1, &cur->g.notify_fifo_script, err);
	if (!strcmp(k, "vrrp_mcast_group4") || !strcmp(k, "vrrp_mcast_group6")) {
		if (conf_ipaddr(n, 1, IPADDR_NOPREFIX | (k[16] == '4' ? IPADDR_V4ONLY :
			IPADDR_V6ONLY), &a, err) < 0)
			return -EINVAL;
		char buf[IPADDR_STRLEN];

		ipaddr_fmt(&a, buf, sizeof(buf), false);
		if (strcmp(buf, k[16] == '4' ? "224.0.0.18" : "ff02::12"))
			return conf_error(err, n, n->argv[1], "'%s' other than the RFC group is "
					  "not supported", k);
		return 0;
	}
	if (!strcmp(k, "vrrp_check_unicast_src") || !strcmp(k, "vrrp_skip_check_adv_addr"))
		return 0;	/* our behaviour already: see vrrpd.conf(5) */
	if (!strcmp(k, "hcheckd_socket")) {
		if (conf_nargs(n, 1, 1, err) < 0)
			return -EINVAL;
		snprintf(cur->hcheckd_sock, sizeof(cur->hcheckd_sock), "%s", n->argv[1]);
		return 0;
	}
	return conf_error(err, n, k, "unknown keyword '%s'", k);
}

/* --- cross checks -------------------------------------------------------- */

static int err_at(struct conf_err *err, const char *at, const char *word, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int err_at(struct conf_err *err, const char *at, const char *word, const char *fmt, ...)
{
	const char *colon = strrchr(at, ':');
	va_list ap;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%.*s",
		 colon ? (int)(colon - at) : (int)strlen(at), at);
	err->line = colon ? atoi(colon + 1) : 0;
	snprintf(err->word, sizeof(err->word), "%s", word ? word : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool defined(const struct vrrpd_tconf *t, const struct tref *r)
{
	unsigned i;

	switch (r->kind) {
	case TRACK_SCRIPT:
		return tconf_script(t, r->name) != NULL;
	case TRACK_FILE:
		for (i = 0; i < t->nfiles; i++)
			if (!strcmp(t->files[i].name, r->name))
				return true;
		return false;
	case TRACK_PROC:
		for (i = 0; i < t->nprocs; i++)
			if (!strcmp(t->procs[i].name, r->name))
				return true;
		return false;
	default:
		return true;
	}
}

static const char *block_of(enum track_kind k)
{
	switch (k) {
	case TRACK_SCRIPT: return "vrrp_script";
	case TRACK_FILE: return "track_file";
	case TRACK_PROC: return "vrrp_track_process";
	default: return "?";
	}
}

int tconf_end(struct vrrpd_tconf *t, const struct tconf_inst *inst, unsigned n,
	      bool check_system, struct conf_err *err)
{
	unsigned i, k, j;
	char why[512];

	for (i = 0; i < t->nowners; i++) {
		struct towner *o = &t->owners[i];

		for (k = 0; k < o->nrefs; k++)
			if (!defined(t, &o->refs[k]))
				return err_at(err, o->refs[k].where, o->refs[k].name,
					      "%s '%s' is not defined", block_of(o->refs[k].kind),
					      o->refs[k].name);
	}
	for (i = 0; i < t->ngroups; i++) {
		struct tgroup *g = &t->groups[i];

		for (k = 0; k < g->nmembers; k++) {
			for (j = 0; j < n && strcmp(inst[j].name, g->members[k]); j++)
				;
			if (j == n)
				return err_at(err, g->where, g->members[k],
					      "vrrp_sync_group %s: no vrrp_instance '%s'", g->name,
					      g->members[k]);
			for (j = 0; j < i; j++)
				for (unsigned m = 0; m < t->groups[j].nmembers; m++)
					if (!strcmp(t->groups[j].members[m], g->members[k]))
						return err_at(err, g->where, g->members[k],
							      "vrrp_instance %s is in two sync "
							      "groups (and %s)", g->members[k],
							      t->groups[j].name);
		}
	}
	if (!check_system)
		return 0;
	for (i = 0; i < t->nscripts; i++) {
		const struct track_script_conf *s = &t->scripts[i];
		struct passwd *pw = NULL;
		const char *u = s->user[0] ? s->user : t->script_user[0] ? t->script_user : NULL;
		int r;

		char w0[1024], *av[SCRIPT_MAX_ARGS];

		snprintf(w0, sizeof(w0), "%s", s->cmd);
		if (script_split(w0, av, SCRIPT_MAX_ARGS) <= 0 || strpbrk(av[0], "<>|;&`$(")) {
			return err_at(err, t->script_where[i], s->cmd, "vrrp_script %s: shell "
				      "syntax in a script line is not supported (vrrpd runs "
				      "scripts without a shell: use \"/bin/sh -c '...'\", or "
				      "\"hcheckd check tcp ...\" for a port)", s->name);
		}
		if (u)
			pw = getpwnam(u);
		if (t->script_security)
			r = scriptsec_check(s->cmd, pw ? pw->pw_uid : 0, pw ? pw->pw_gid : 0,
					    why, sizeof(why));
		else {
			char path[PATH_MAX];

			r = scriptsec_resolve(s->cmd, path, sizeof(path));
			snprintf(why, sizeof(why), "%s", r == -ENOENT ? "not found" :
				 "not an executable file");
		}
		if (r < 0)
			return err_at(err, t->script_where[i], s->cmd,
				      "vrrp_script %s: '%.200s' refused: %.250s", s->name, s->cmd, why);
	}
	return 0;
}
