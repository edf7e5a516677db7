/* vipctl's address verbs: add, del, list, has, garp, move. */
#include <errno.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/addr.h"
#include "common/announce.h"
#include "common/exitcode.h"
#include "common/json.h"
#include "common/log.h"
#include "common/packet.h"
#include "vipctl/vipctl.h"

/* "unable to add 192.0.2.1/24 on eth9: No such device", with the kernel's
 * extended-ACK text when it gave one.  EPERM is a missing privilege (77);
 * any other refusal is the kernel's (71). */
int vip_fail(struct vipctl *v, const char *what, const char *dev, int err)
{
	err = err < 0 ? -err : err;
	if (v->nl.ext_msg[0])
		log_warnx("unable to %s %s on %s: %s (%s)", what, v->addr_str, dev,
			  strerror(err), v->nl.ext_msg);
	else
		log_warnx("unable to %s %s on %s: %s", what, v->addr_str, dev, strerror(err));
	return err == EPERM ? EXIT_NOPERM : EXIT_KERNEL;
}

int vip_link(struct vipctl *v, const char *what, const char *dev, struct link_info *li)
{
	int ret;

	/* a batch names the same interface line after line: ask once */
	if (v->cache && v->last_link.ifindex > 0 && strcmp(v->last_link.name, dev) == 0) {
		*li = v->last_link;
		return 0;
	}
	ret = link_get(&v->nl, dev, li);
	if (ret < 0)
		return vip_fail(v, what, dev, ret);
	if (v->cache)
		v->last_link = *li;
	return 0;
}

static bool ipv6_disabled(const char *dev)
{
	char path[128];
	FILE *f;
	int val = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", dev);
	f = fopen(path, "re");
	if (!f)
		return access("/proc/sys/net/ipv6", F_OK) != 0;	/* no IPv6 at all */
	if (fscanf(f, "%d", &val) != 1)
		val = 0;
	fclose(f);
	return val == 1;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* An IPv6 address still doing DAD must not be a source yet (RFC 4862 5.4):
 * wait until it is usable.  0, -EADDRINUSE (DAD failed), -ETIMEDOUT, -ENOENT. */
static int wait_usable(struct vipctl *v, int ifindex, const struct ipaddr *a)
{
	struct addr_info ai;

	for (int waited = 0;; waited += 50) {
		int ret = addr_find(&v->nl, ifindex, a, &ai);

		if (ret < 0)
			return ret;
		if (ret == 0)
			return -ENOENT;
		if (ai.flags & IFA_F_DADFAILED)
			return -EADDRINUSE;
		if (!(ai.flags & IFA_F_TENTATIVE))
			return 0;
		if (waited >= 10000)
			return -ETIMEDOUT;
		sleep_ms(50);
	}
}

int vip_announce(struct vipctl *v, const struct link_info *li, const struct ipaddr *a,
		 int count, int interval_ms)
{
	uint8_t frame[ANNOUNCE_FRAME_MAX];
	size_t len;
	int fd, ret = 0;

	if (count <= 0)
		return 0;
	if (li->maclen != 6) {
		log_warnx("unable to announce %s on %s: not an Ethernet interface",
			  v->addr_str, li->name);
		return EXIT_NO;
	}
	if (a->family == AF_INET6) {
		ret = wait_usable(v, li->ifindex, a);
		if (ret == -EADDRINUSE) {
			log_warnx("%s on %s: duplicate address detected, another host holds it",
				  v->addr_str, li->name);
			return EXIT_NO;
		}
		/* absent (garp --force) or slow DAD: announce anyway */
	}
	len = announce_build(frame, a, li->mac,
			     a->family == AF_INET6 && announce_ipv6_router(li->name));
	fd = announce_open(li->ifindex, a->family);
	if (fd < 0)
		return vip_fail(v, "announce", li->name, fd);
	for (int i = 0; i < count; i++) {
		if (i && interval_ms)
			sleep_ms(interval_ms);
		ret = packet_send(fd, li->ifindex, frame, len);
		if (ret < 0)
			break;
	}
	close(fd);
	if (ret < 0)
		return vip_fail(v, "announce", li->name, ret);
	log_debug("sent %d %s for %s on %s", count,
		  a->family == AF_INET6 ? "unsolicited NA" : "gratuitous ARP",
		  v->addr_str, li->name);
	return 0;
}

/* add, idempotent: a present address is success.  Returns an exit code. */
int vip_do_add(struct vipctl *v, const struct link_info *li, const struct ipaddr *a)
{
	const struct vip_cmd *c = v->cmd;
	struct addr_opts o;
	struct addr_info ai;
	int ret;

	if (a->family == AF_INET6 && ipv6_disabled(li->name)) {
		log_warnx("unable to add %s on %s: IPv6 is disabled on %s", v->addr_str,
			  li->name, li->name);
		return EXIT_KERNEL;
	}
	/* present already (with this prefix: done; with another: refused,
	 * although IPv4 would take it as a second entry) */
	ret = vip_find(v, li->ifindex, a, &ai);
	if (ret < 0)
		return vip_fail(v, "add", li->name, ret);
	if (ret == 1) {
		if (ai.addr.prefixlen != a->prefixlen) {
			log_warnx("unable to add %s on %s: it is there already as /%u",
				  v->addr_str, li->name, ai.addr.prefixlen);
			return EXIT_NO;
		}
		if (c->verbose)
			log_info("%s is already on %s", v->addr_str, li->name);
		return 0;
	}
	addr_opts_init(&o);
	o.label = c->label;
	o.scope = c->scope;
	o.nodad = c->nodad;
	o.noprefixroute = c->noprefixroute;
	o.preferred_lft = c->preferred_lft;
	o.valid_lft = c->valid_lft;
	ret = addr_add(&v->nl, li->ifindex, a, &o);
	if (ret == -EEXIST) {
		/* added by someone else between our look and our add */
		if (c->verbose)
			log_info("%s is already on %s", v->addr_str, li->name);
		return 0;
	}
	if (ret == 0)
		vip_cache_added(v, li->ifindex, a);
	if (ret < 0)
		return vip_fail(v, "add", li->name, ret);
	if (c->verbose)
		log_info("added %s on %s", v->addr_str, li->name);
	return 0;
}

/* del, idempotent: an absent address is success.  Without "/LEN" the
 * address goes whatever its prefix; with one, a different prefix is refused. */
int vip_do_del(struct vipctl *v, const struct link_info *li, const struct ipaddr *want)
{
	struct addr_info ai;
	int ret = vip_find(v, li->ifindex, want, &ai);

	if (ret < 0)
		return vip_fail(v, "delete", li->name, ret);
	if (ret == 0) {
		if (v->cmd->verbose)
			log_info("%s is not on %s", v->addr_str, li->name);
		return 0;
	}
	if (v->cmd->has_prefix && ai.addr.prefixlen != want->prefixlen) {
		log_warnx("unable to delete %s on %s: it is there as /%u", v->addr_str,
			  li->name, ai.addr.prefixlen);
		return EXIT_NO;
	}
	ret = addr_del(&v->nl, li->ifindex, &ai.addr);
	if (ret == 0 || ret == -EADDRNOTAVAIL)
		vip_cache_deleted(v, li->ifindex, &ai.addr);
	if (ret == -EADDRNOTAVAIL)
		ret = 0;		/* someone else removed it meanwhile */
	if (ret < 0)
		return vip_fail(v, "delete", li->name, ret);
	if (v->cmd->verbose)
		log_info("deleted %s from %s", v->addr_str, li->name);
	return 0;
}

int op_add(struct vipctl *v)
{
	struct link_info li;
	int ret;

	if ((ret = vip_link(v, "add", v->cmd->dev, &li)))
		return ret;
	if ((ret = vip_do_add(v, &li, &v->cmd->addr)))
		return ret;
	return vip_announce(v, &li, &v->cmd->addr, v->cmd->count, v->cmd->interval_ms);
}

int op_del(struct vipctl *v)
{
	struct link_info li;
	int ret;

	if ((ret = vip_link(v, "delete", v->cmd->dev, &li)))
		return ret;
	return vip_do_del(v, &li, &v->cmd->addr);
}

int op_garp(struct vipctl *v)
{
	struct link_info li;
	int ret;

	if ((ret = vip_link(v, "announce", v->cmd->dev, &li)))
		return ret;
	if (!v->cmd->force) {
		ret = vip_find(v, li.ifindex, &v->cmd->addr, NULL);
		if (ret < 0)
			return vip_fail(v, "announce", li.name, ret);
		if (ret == 0) {
			/* announcing an address we do not hold steals it from its owner */
			log_warnx("%s is not on %s: not announcing it (--force to do it anyway)",
				  v->addr_str, li.name);
			return EXIT_NO;
		}
	}
	return vip_announce(v, &li, &v->cmd->addr, v->cmd->count, v->cmd->interval_ms);
}

int op_move(struct vipctl *v)
{
	struct link_info from, to;
	struct ipaddr a = v->cmd->addr;
	struct addr_info ai;
	int ret;

	if ((ret = vip_link(v, "move", v->cmd->dev, &from)) ||
	    (ret = vip_link(v, "move", v->cmd->to_dev, &to)))
		return ret;
	/* without "/LEN" the address keeps the prefix it has on IF1 */
	ret = vip_find(v, from.ifindex, &a, &ai);
	if (ret < 0)
		return vip_fail(v, "move", from.name, ret);
	if (ret == 1 && !v->cmd->has_prefix)
		a.prefixlen = ai.addr.prefixlen;
	if (ret == 0) {
		if (v->cmd->verbose)
			log_info("%s is not on %s", v->addr_str, from.name);
		/* moved already (a re-run): keep the prefix it has on IF2 */
		if (!v->cmd->has_prefix && vip_find(v, to.ifindex, &a, &ai) == 1)
			a.prefixlen = ai.addr.prefixlen;
	}
	/* add + announce on IF2 first, so the address is never nowhere */
	if ((ret = vip_do_add(v, &to, &a)))
		return ret;
	if ((ret = vip_announce(v, &to, &a, v->cmd->count, v->cmd->interval_ms)))
		return ret;
	return vip_do_del(v, &from, &a);
}

/* --- list and has --------------------------------------------------------- */

struct names {
	int n;
	struct { int ifindex; char name[IF_NAMESIZE]; } e[512];
};

static int names_cb(const struct link_info *li, void *arg)
{
	struct names *nm = arg;

	if (nm->n < (int)(sizeof(nm->e) / sizeof(nm->e[0]))) {
		nm->e[nm->n].ifindex = li->ifindex;
		memcpy(nm->e[nm->n].name, li->name, IF_NAMESIZE);
		nm->n++;
	}
	return 0;
}

static const char *name_of(const struct names *nm, int ifindex, char *buf)
{
	for (int i = 0; i < nm->n; i++)
		if (nm->e[i].ifindex == ifindex)
			return nm->e[i].name;
	snprintf(buf, IF_NAMESIZE, "if%d", ifindex);
	return buf;
}

static const struct { uint32_t bit; const char *name; } addr_flags[] = {
	{ IFA_F_SECONDARY, "secondary" },
	{ IFA_F_TENTATIVE, "tentative" },
	{ IFA_F_DADFAILED, "dadfailed" },
	{ IFA_F_DEPRECATED, "deprecated" },
	{ IFA_F_NODAD, "nodad" },
	{ IFA_F_NOPREFIXROUTE, "noprefixroute" },
};

struct list_ctx {
	struct vipctl *v;
	struct names *names;
	struct json j;
	int count;
};

static int list_cb(const struct addr_info *ai, void *arg)
{
	struct list_ctx *lc = arg;
	char ifbuf[IF_NAMESIZE], abuf[IPADDR_STRLEN], sbuf[8];
	const char *ifname = name_of(lc->names, ai->ifindex, ifbuf);
	const char *scope = addr_scope_name(ai->scope, sbuf, sizeof(sbuf));
	bool label = ai->label[0] && strcmp(ai->label, ifname) != 0;

	lc->count++;
	ipaddr_fmt(&ai->addr, abuf, sizeof(abuf), false);
	if (lc->v->cmd->json) {
		struct json *j = &lc->j;

		json_obj_begin(j);
		json_kv_str(j, "ifname", ifname);
		json_kv_int(j, "ifindex", ai->ifindex);
		json_kv_str(j, "family", ai->addr.family == AF_INET6 ? "inet6" : "inet");
		json_kv_str(j, "local", abuf);
		json_kv_uint(j, "prefixlen", ai->addr.prefixlen);
		json_kv_str(j, "scope", scope);
		if (ai->label[0])
			json_kv_str(j, "label", ai->label);
		json_key(j, "flags");
		json_arr_begin(j);
		for (size_t i = 0; i < sizeof(addr_flags) / sizeof(addr_flags[0]); i++)
			if (ai->flags & addr_flags[i].bit)
				json_str(j, addr_flags[i].name);
		json_arr_end(j);
		json_kv_uint(j, "valid_lft", ai->valid_lft);
		json_kv_uint(j, "preferred_lft", ai->preferred_lft);
		json_obj_end(j);
		return 0;
	}
	printf("%-10s %s/%u scope %s", ifname, abuf, ai->addr.prefixlen, scope);
	if (label)
		printf(" label %s", ai->label);
	for (size_t i = 0; i < sizeof(addr_flags) / sizeof(addr_flags[0]); i++)
		if (ai->flags & addr_flags[i].bit)
			printf(" %s", addr_flags[i].name);
	if (ai->valid_lft != ADDR_LFT_FOREVER)
		printf(" valid_lft %us", ai->valid_lft);
	if (ai->preferred_lft != ADDR_LFT_FOREVER)
		printf(" preferred_lft %us", ai->preferred_lft);
	putchar('\n');
	return 0;
}

int op_list(struct vipctl *v)
{
	static struct names names;
	struct list_ctx lc = { .v = v, .names = &names };
	struct link_info li;
	int ifindex = 0, ret;

	if (v->cmd->dev) {
		if ((ret = link_get(&v->nl, v->cmd->dev, &li)) < 0) {
			log_warnx("unable to list %s: %s", v->cmd->dev, strerror(-ret));
			return exitcode_for_errno(ret);
		}
		ifindex = li.ifindex;
	}
	names.n = 0;
	if ((ret = link_dump(&v->nl, names_cb, &names)) < 0) {
		log_warnx("unable to list interfaces: %s", strerror(-ret));
		return exitcode_for_errno(ret);
	}
	json_init(&lc.j, stdout);
	ret = addr_dump(&v->nl, v->cmd->family, ifindex, list_cb, &lc);
	if (ret < 0) {
		log_warnx("unable to list addresses: %s", strerror(-ret));
		return exitcode_for_errno(ret);
	}
	return 0;
}

int op_has(struct vipctl *v)
{
	struct addr_info ai;
	struct link_info li;
	int ifindex = 0, ret;
	char ifbuf[IF_NAMESIZE];

	if (v->cmd->dev) {
		if ((ret = link_get(&v->nl, v->cmd->dev, &li)) < 0) {
			/* no such interface: the address is not on it */
			if (ret != -ENODEV)
				return vip_fail(v, "look up", v->cmd->dev, ret);
			if (v->cmd->verbose)
				log_info("%s: no interface %s", v->addr_str, v->cmd->dev);
			return EXIT_NO;
		}
		ifindex = li.ifindex;
	}
	ret = vip_find(v, ifindex, &v->cmd->addr, &ai);
	if (ret < 0)
		return vip_fail(v, "look up", v->cmd->dev ? v->cmd->dev : "any interface", ret);
	if (ret == 1 && v->cmd->has_prefix && ai.addr.prefixlen != v->cmd->addr.prefixlen)
		ret = 0;
	if (ret == 1 && (ai.flags & IFA_F_DADFAILED))
		ret = 0;	/* configured, but DAD found another holder: not ours */
	if (v->cmd->verbose) {
		if (ret == 1)
			log_info("%s is on %s", v->addr_str,
				 if_indextoname((unsigned)ai.ifindex, ifbuf) ? ifbuf : "?");
		else
			log_info("%s is not present", v->addr_str);
	}
	return ret == 1 ? EXIT_YES : EXIT_NO;
}
