#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"

void addr_opts_init(struct addr_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->scope = -1;
	o->preferred_lft = ADDR_LFT_FOREVER;
	o->valid_lft = ADDR_LFT_FOREVER;
}

static struct nlmsghdr *addr_msg(struct nl *nl, char *buf, uint16_t type,
				 uint16_t flags, int ifindex, const struct ipaddr *a,
				 const struct ipaddr *peer)
{
	struct nlmsghdr *nlh = nl_msg(nl, buf, type, flags);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = a->prefixlen;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, ipaddr_len(a), a->bytes);
	if (peer)
		mnl_attr_put(nlh, IFA_ADDRESS, ipaddr_len(peer), peer->bytes);
	else
		mnl_attr_put(nlh, IFA_ADDRESS, ipaddr_len(a), a->bytes);
	return nlh;
}

int addr_add(struct nl *nl, int ifindex, const struct ipaddr *a,
	     const struct addr_opts *o)
{
	char buf[NL_REQ_SIZE];
	struct addr_opts def;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	uint32_t flags = 0;

	if (!o) {
		addr_opts_init(&def);
		o = &def;
	}
	nlh = addr_msg(nl, buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, a, o->peer);
	ifa = (struct ifaddrmsg *)mnl_nlmsg_get_payload(nlh);
	if (o->scope >= 0)
		ifa->ifa_scope = (uint8_t)o->scope;
	else if (a->family == AF_INET6 && ipaddr_is_linklocal(a))
		ifa->ifa_scope = RT_SCOPE_LINK;
	if (a->family == AF_INET && o->brd > 0) {
		mnl_attr_put(nlh, IFA_BROADCAST, 4, o->brd_addr.bytes);
	} else if (a->family == AF_INET && a->prefixlen < 31 && !o->brd && !o->peer) {
		/* the broadcast address `ip addr add ... brd +` would set */
		uint32_t host = ntohl(a->v4.s_addr);
		uint32_t mask = a->prefixlen ? ~0u << (32 - a->prefixlen) : 0;
		uint32_t brd = htonl(host | ~mask);

		mnl_attr_put(nlh, IFA_BROADCAST, 4, &brd);
	}
	if (o->label && a->family == AF_INET)
		mnl_attr_put_strz(nlh, IFA_LABEL, o->label);
	if (o->nodad)
		flags |= IFA_F_NODAD;
	if (o->noprefixroute)
		flags |= IFA_F_NOPREFIXROUTE;
	if (o->home)
		flags |= IFA_F_HOMEADDRESS;
	if (flags) {
		ifa->ifa_flags = (uint8_t)flags;
		mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	}
	if (o->preferred_lft != ADDR_LFT_FOREVER || o->valid_lft != ADDR_LFT_FOREVER) {
		struct ifa_cacheinfo ci = {
			.ifa_prefered = o->preferred_lft,
			.ifa_valid = o->valid_lft,
		};

		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return nl_talk(nl, nlh, NULL, NULL);
}

int addr_del_peer(struct nl *nl, int ifindex, const struct ipaddr *a,
		  const struct ipaddr *peer)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = addr_msg(nl, buf, RTM_DELADDR, 0, ifindex, a, peer);

	return nl_talk(nl, nlh, NULL, NULL);
}

int addr_del(struct nl *nl, int ifindex, const struct ipaddr *a)
{
	return addr_del_peer(nl, ifindex, a, NULL);
}

/* IFA_LOCAL is the address itself; IFA_ADDRESS is the peer on
 * point-to-point links and equal to IFA_LOCAL elsewhere (and the only one
 * IPv6 sends).  Collect both, then prefer IFA_LOCAL. */
struct addr_parse_ctx {
	struct addr_info *ai;
	const void *local;
	const void *address;
};

static int addr_attr(const struct nlattr *attr, void *data)
{
	struct addr_parse_ctx *c = data;
	struct addr_info *ai = c->ai;
	uint16_t len = mnl_attr_get_payload_len(attr);

	switch (mnl_attr_get_type(attr)) {
	case IFA_LOCAL:
		if (len == ipaddr_len(&ai->addr))
			c->local = mnl_attr_get_payload(attr);
		break;
	case IFA_ADDRESS:
		if (len == ipaddr_len(&ai->addr))
			c->address = mnl_attr_get_payload(attr);
		break;
	case IFA_LABEL:
		if (mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0) {
			strncpy(ai->label, mnl_attr_get_str(attr), sizeof(ai->label) - 1);
			ai->label[sizeof(ai->label) - 1] = '\0';
		}
		break;
	case IFA_FLAGS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			ai->flags = mnl_attr_get_u32(attr);
		break;
	case IFA_CACHEINFO:
		if (len >= sizeof(struct ifa_cacheinfo)) {
			const struct ifa_cacheinfo *ci = mnl_attr_get_payload(attr);

			ai->preferred_lft = ci->ifa_prefered;
			ai->valid_lft = ci->ifa_valid;
		}
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

int addr_parse(const struct nlmsghdr *nlh, struct addr_info *out)
{
	const struct ifaddrmsg *ifa;
	struct addr_parse_ctx c = { .ai = out };

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)))
		return -EINVAL;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return -EAFNOSUPPORT;
	memset(out, 0, sizeof(*out));
	out->ifindex = (int)ifa->ifa_index;
	out->addr.family = ifa->ifa_family;
	out->addr.prefixlen = ifa->ifa_prefixlen;
	out->scope = ifa->ifa_scope;
	out->flags = ifa->ifa_flags;
	out->preferred_lft = out->valid_lft = ADDR_LFT_FOREVER;
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr, &c);
	if (!c.local)
		c.local = c.address;
	if (!c.local)
		return -EINVAL;
	memcpy(out->addr.bytes, c.local, ipaddr_len(&out->addr));
	return 0;
}

struct dump_ctx {
	addr_cb cb;
	void *arg;
	int ifindex;
	int ret;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	struct addr_info ai;

	if (nlh->nlmsg_type != RTM_NEWADDR || c->ret)
		return MNL_CB_OK;
	if (addr_parse(nlh, &ai) < 0)
		return MNL_CB_OK;
	if (c->ifindex && ai.ifindex != c->ifindex)
		return MNL_CB_OK;
	c->ret = c->cb(&ai, c->arg);
	return MNL_CB_OK;
}

int addr_dump(struct nl *nl, int family, int ifindex, addr_cb cb, void *arg)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct dump_ctx c = { .cb = cb, .arg = arg, .ifindex = ifindex };
	int ret;

	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_index = (uint32_t)ifindex;	/* a filter hint; we filter too */
	ret = nl_talk(nl, nlh, dump_cb, &c);
	return ret < 0 ? ret : c.ret;
}

struct find_ctx {
	const struct ipaddr *want;
	struct addr_info *out;
};

static int find_cb(const struct addr_info *ai, void *arg)
{
	struct find_ctx *f = arg;

	if (!ipaddr_same(&ai->addr, f->want))
		return 0;
	if (f->out)
		*f->out = *ai;
	return 1;
}

int addr_find(struct nl *nl, int ifindex, const struct ipaddr *a,
	      struct addr_info *out)
{
	struct find_ctx f = { .want = a, .out = out };

	return addr_dump(nl, a->family, ifindex, find_cb, &f);
}

static const struct {
	const char *name;
	int scope;
} scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE },
	{ "site", RT_SCOPE_SITE },
	{ "link", RT_SCOPE_LINK },
	{ "host", RT_SCOPE_HOST },
	{ "nowhere", RT_SCOPE_NOWHERE },
};

int addr_scope_parse(const char *s)
{
	char *end;
	long n;

	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (strcmp(s, scopes[i].name) == 0)
			return scopes[i].scope;
	n = strtol(s, &end, 10);
	if (*s && !*end && n >= 0 && n <= 255)
		return (int)n;
	return -1;
}

const char *addr_scope_name(int scope, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (scopes[i].scope == scope)
			return scopes[i].name;
	snprintf(buf, len, "%d", scope);
	return buf;
}
