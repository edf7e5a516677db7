/*
 * lvssync.c - lvs_sync_daemon settings and the sync daemon's start and stop
 * (see lvssync.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "common/lvssync.h"

/* ---- parsing ---------------------------------------------------------------- */

static int taken(const struct conf_node *n, const struct lvssync *s, struct conf_err *err)
{
	return conf_error(err, n, n->kw, "'%s': the sync daemon is already configured at %s:%d "
			  "(one lvs_sync_daemon or lvs_sync_daemon_interface per configuration)",
			  n->kw, s->file, s->line);
}

static int set_iface(const struct conf_node *n, struct lvssync *s, struct conf_err *err)
{
	if (n->argc < 2)
		return conf_error(err, n, n->kw, "'%s' needs an interface", n->kw);
	if (strlen(n->argv[1]) >= sizeof(s->ifname))
		return conf_error(err, n, n->argv[1], "interface name '%s' too long", n->argv[1]);
	snprintf(s->ifname, sizeof(s->ifname), "%s", n->argv[1]);
	snprintf(s->file, sizeof(s->file), "%s", n->file);
	s->line = n->line;
	return 0;
}

static int set_instance(const struct conf_node *n, int i, struct lvssync *s, struct conf_err *err)
{
	if (s->instance[0])
		return conf_error(err, n, n->argv[i], "lvs_sync_daemon: the vrrp_instance is "
				  "already given as %s", s->instance);
	if (strlen(n->argv[i]) >= sizeof(s->instance))
		return conf_error(err, n, n->argv[i], "instance name too long");
	snprintf(s->instance, sizeof(s->instance), "%s", n->argv[i]);
	return 0;
}

static int group(const struct conf_node *n, int i, struct lvssync *s, struct conf_err *err)
{
	if (conf_ipaddr(n, i, IPADDR_NOPREFIX, &s->group, err) < 0)
		return -EINVAL;
	if (s->group.family == AF_INET ? !IN_MULTICAST(ntohl(s->group.v4.s_addr)) :
	    !IN6_IS_ADDR_MULTICAST(&s->group.v6))
		return conf_error(err, n, n->argv[i], "lvs_sync_daemon group %s is not a "
				  "multicast address", n->argv[i]);
	return 0;
}

int lvssync_parse(const struct conf_node *n, struct lvssync *s, struct conf_err *err)
{
	struct lvssync v = { .syncid = -1 };
	unsigned u;

	if (s->set)
		return taken(n, s, err);
	if (set_iface(n, &v, err) < 0)
		return -EINVAL;
	for (int i = 2; i < n->argc; i++) {
		const char *w = n->argv[i];
		bool opt = !strcmp(w, "inst") || !strcmp(w, "id") || !strcmp(w, "maxlen") ||
			   !strcmp(w, "port") || !strcmp(w, "ttl") || !strcmp(w, "group");

		if (opt && i + 1 >= n->argc)
			return conf_error(err, n, w, "lvs_sync_daemon '%s' needs a value", w);
		if (!strcmp(w, "inst")) {
			if (set_instance(n, ++i, &v, err) < 0)
				return -EINVAL;
		} else if (!strcmp(w, "id")) {
			if (conf_uint(n, ++i, 0, 255, &u, err) < 0)
				return -EINVAL;
			v.syncid = (int)u;
		} else if (!strcmp(w, "maxlen")) {
			/* at most an IPv4 UDP datagram's payload, as keepalived */
			if (conf_uint(n, ++i, 1, 65535 - 20 - 8, &u, err) < 0)
				return -EINVAL;
			v.maxlen = (uint16_t)u;
		} else if (!strcmp(w, "port")) {
			if (conf_uint(n, ++i, 1, 65535, &u, err) < 0)
				return -EINVAL;
			v.port = (uint16_t)u;
		} else if (!strcmp(w, "ttl")) {
			if (conf_uint(n, ++i, 1, 255, &u, err) < 0)
				return -EINVAL;
			v.ttl = (uint8_t)u;
		} else if (!strcmp(w, "group")) {
			if (group(n, ++i, &v, err) < 0)
				return -EINVAL;
		} else if (i == 2) {
			/* keepalived's older "lvs_sync_daemon IFACE INSTANCE [SYNCID]" */
			if (set_instance(n, i, &v, err) < 0)
				return -EINVAL;
		} else if (i == 3 && v.syncid < 0 && conf_uint(n, i, 0, 255, &u, NULL) == 0) {
			conf_warn(n, "lvs_sync_daemon: write the sync id as 'id %u'", u);
			v.syncid = (int)u;
		} else {
			return conf_error(err, n, w, "unknown lvs_sync_daemon option '%s' (inst, id, "
					  "maxlen, port, ttl, group)", w);
		}
	}
	v.set = true;
	*s = v;
	return 0;
}

int lvssync_parse_iface(const struct conf_node *n, const char *instance, struct lvssync *s,
			struct conf_err *err)
{
	struct lvssync v = { .syncid = -1 };

	if (s->set)
		return taken(n, s, err);
	if (conf_nargs(n, 1, 1, err) < 0 || set_iface(n, &v, err) < 0)
		return -EINVAL;
	if (strlen(instance) >= sizeof(v.instance))
		return conf_error(err, n, instance, "instance name too long");
	snprintf(v.instance, sizeof(v.instance), "%s", instance);
	v.set = true;
	*s = v;
	return 0;
}

int lvssync_conf(const struct conf_node *top, struct lvssync *s, struct conf_err *err)
{
	memset(s, 0, sizeof(*s));
	s->syncid = -1;
	/* in file order, so that "already configured" names the first one */
	for (const struct conf_node *b = top; b; b = b->next) {
		bool g = !strcmp(b->kw, "global_defs");
		const char *kw = g ? "lvs_sync_daemon" : "lvs_sync_daemon_interface";

		if (!b->block || (!g && (strcmp(b->kw, "vrrp_instance") || b->argc < 2)))
			continue;
		for (const struct conf_node *n = conf_find(b->child, kw); n;
		     n = conf_find(n->next, kw)) {
			int r = g ? lvssync_parse(n, s, err) : lvssync_parse_iface(n, b->argv[1], s, err);

			if (r < 0)
				return r;
		}
	}
	return 0;
}

bool lvssync_same(const struct lvssync *a, const struct lvssync *b)
{
	if (a->set != b->set)
		return false;
	if (!a->set)
		return true;
	return !strcmp(a->ifname, b->ifname) && !strcmp(a->instance, b->instance) &&
	       a->syncid == b->syncid && a->maxlen == b->maxlen && a->port == b->port &&
	       a->ttl == b->ttl && a->group.family == b->group.family &&
	       (!a->group.family || ipaddr_same(&a->group, &b->group));
}

void lvssync_daemon(const struct lvssync *s, uint32_t state, struct ipvs_daemon *out)
{
	memset(out, 0, sizeof(*out));
	out->state = state;
	snprintf(out->ifname, sizeof(out->ifname), "%s", s->ifname);
	out->syncid = s->syncid < 0 ? 0 : (uint32_t)s->syncid;
	out->maxlen = s->maxlen;
	out->port = s->port;
	out->ttl = s->ttl;
	if (s->group.family) {
		out->group_af = s->group.family;
		memcpy(out->group, s->group.bytes, ipaddr_len(&s->group));
	}
}

const char *lvssync_fmt(const struct lvssync *s, char *buf, size_t len)
{
	char g[IPADDR_STRLEN] = "";

	if (s->group.family)
		ipaddr_fmt(&s->group, g, sizeof(g), false);
	snprintf(buf, len, "%s id %d%s%s%s%s%s", s->ifname, s->syncid < 0 ? 0 : s->syncid,
		 g[0] ? " group " : "", g, s->instance[0] ? " (vrrp_instance " : "",
		 s->instance, s->instance[0] ? ")" : "");
	return buf;
}

/* ---- kernel --------------------------------------------------------------- */

struct find {
	uint32_t state;
	struct ipvs_daemon d;
	bool found;
};

static int find_cb(const struct ipvs_daemon *d, void *arg)
{
	struct find *f = arg;

	if (d->state == f->state) {
		f->d = *d;
		f->found = true;
	}
	return 0;
}

/* Is the running daemon `have` what `want` asks for?  Settings left to the
 * kernel are compared with the kernel's defaults, except the message length
 * (from the interface's MTU). */
static bool running_same(const struct ipvs_daemon *have, const struct ipvs_daemon *want)
{
	static const uint8_t group4[4] = { 224, 0, 0, 81 };	/* IP_VS_SYNC_GROUP */
	int af = want->group_af ? want->group_af : AF_INET;
	const uint8_t *g = want->group_af ? want->group : group4;

	return !strcmp(have->ifname, want->ifname) && have->syncid == want->syncid &&
	       (!want->maxlen || have->maxlen == want->maxlen) &&
	       have->port == (want->port ? want->port : LVSSYNC_PORT) &&
	       have->ttl == (want->ttl ? want->ttl : 1) && have->group_af == af &&
	       !memcmp(have->group, g, af == AF_INET ? 4 : 16);
}

/* Linux quirk (net/netfilter/ipvs/ip_vs_sync.c, seen on 6.1): stopping a
 * sync thread that the scheduler has not run yet makes kthread_stop()
 * return -EINTR, which stop_sync_thread() passes up and netlink_rcv_skb()
 * takes for "a dump has started": the daemon is stopped and no ACK ever
 * comes.  It happens when a daemon is stopped right after it started
 * (vrrpd going BACKUP -> MASTER at once, hcheckd stopped at once).  So a
 * stop waits at most LVSSYNC_STOP_WAIT_MS for its ACK, then asks the
 * kernel whether the daemon is gone. */
#define LVSSYNC_STOP_WAIT_MS 1000

static int rcvtimeo(struct ipvs *h, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	return setsockopt(mnl_socket_get_fd(h->nl.sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
			  sizeof(tv)) < 0 ? -errno : 0;
}

static int stop_one(struct ipvs *h, uint32_t state)
{
	struct find f = { .state = state };
	int r;

	if ((r = rcvtimeo(h, LVSSYNC_STOP_WAIT_MS)) < 0)
		return r;
	r = ipvs_stop_daemon(h, state);
	rcvtimeo(h, 0);
	if (r == -EAGAIN) {
		if ((r = ipvs_dump_daemons(h, find_cb, &f)) < 0)
			return r;
		return f.found ? -ETIMEDOUT : 0;
	}
	return r == -ESRCH ? 0 : r;
}

/* Start the daemon of state; one already running is kept when it has these
 * settings and restarted with them otherwise. */
static int start_one(struct ipvs *h, const struct lvssync *s, uint32_t state)
{
	struct ipvs_daemon want;
	struct find f = { .state = state };
	int r;

	lvssync_daemon(s, state, &want);
	r = ipvs_start_daemon(h, &want);
	if (r != -EEXIST)
		return r;
	if ((r = ipvs_dump_daemons(h, find_cb, &f)) < 0)
		return r;
	if (f.found && running_same(&f.d, &want))
		return 0;
	if ((r = stop_one(h, state)) < 0)
		return r;
	return ipvs_start_daemon(h, &want);
}

int lvssync_master(struct ipvs *h, const struct lvssync *s)
{
	int r = stop_one(h, IP_VS_STATE_BACKUP);

	if (r < 0)
		return r;
	return start_one(h, s, IP_VS_STATE_MASTER);
}

int lvssync_backup(struct ipvs *h, const struct lvssync *s)
{
	int r = stop_one(h, IP_VS_STATE_MASTER);

	if (r < 0)
		return r;
	return start_one(h, s, IP_VS_STATE_BACKUP);
}

int lvssync_both(struct ipvs *h, const struct lvssync *s)
{
	int r = start_one(h, s, IP_VS_STATE_MASTER);

	if (r < 0)
		return r;
	return start_one(h, s, IP_VS_STATE_BACKUP);
}

int lvssync_stop(struct ipvs *h)
{
	int r = stop_one(h, IP_VS_STATE_MASTER);
	int r2 = stop_one(h, IP_VS_STATE_BACKUP);

	return r < 0 ? r : r2;
}
