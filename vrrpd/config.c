/*
 * config.c - struct vrrp_instance_conf: defaults, copies, checks (instance.h).
 * Pure data; nothing here touches the system.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrpd/instance.h"

static const char *const script_names[VRRP_SCRIPT_MAX] = {
	[VRRP_SCRIPT_MASTER] = "notify_master",
	[VRRP_SCRIPT_BACKUP] = "notify_backup",
	[VRRP_SCRIPT_FAULT] = "notify_fault",
	[VRRP_SCRIPT_STOP] = "notify_stop",
	[VRRP_SCRIPT_ANY] = "notify",
	[VRRP_SCRIPT_CONFLICT] = "notify_conflict",
};

const char *vrrp_script_name(enum vrrp_script s)
{
	return (unsigned)s < VRRP_SCRIPT_MAX ? script_names[s] : "?";
}

void vrrp_conf_init(struct vrrp_instance_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->version = 2;
	c->priority = 100;
	c->adv_int_ms = 1000;
	c->garp_master_repeat = 5;
	c->garp_master_delay_s = 5;
	c->garp_refresh_repeat = 1;
	c->garp_lower_prio_repeat = 5;
	c->garp_lower_prio_delay_s = 5;
	c->v3_csum = PKT_CSUM_PSEUDO;
	c->conflict_probe_s = VRRP_CONFLICT_PROBE_S;
}

void vrrp_conf_free(struct vrrp_instance_conf *c)
{
	if (!c)
		return;
	free(c->vips);
	free(c->peers);
	for (int i = 0; i < VRRP_SCRIPT_MAX; i++)
		free(c->script[i]);
	c->vips = NULL;
	c->peers = NULL;
	c->nvips = c->npeers = 0;
	memset(c->script, 0, sizeof(c->script));
}

int vrrp_conf_copy(struct vrrp_instance_conf *dst, const struct vrrp_instance_conf *src)
{
	*dst = *src;
	dst->vips = NULL;
	dst->peers = NULL;
	memset(dst->script, 0, sizeof(dst->script));
	if (src->nvips) {
		dst->vips = malloc(src->nvips * sizeof(*dst->vips));
		if (!dst->vips)
			goto fail;
		memcpy(dst->vips, src->vips, src->nvips * sizeof(*dst->vips));
	}
	if (src->npeers) {
		dst->peers = malloc(src->npeers * sizeof(*dst->peers));
		if (!dst->peers)
			goto fail;
		memcpy(dst->peers, src->peers, src->npeers * sizeof(*dst->peers));
	}
	for (int i = 0; i < VRRP_SCRIPT_MAX; i++)
		if (src->script[i] && !(dst->script[i] = strdup(src->script[i])))
			goto fail;
	return 0;
fail:
	vrrp_conf_free(dst);
	return -ENOMEM;
}

int vrrp_conf_add_vip(struct vrrp_instance_conf *c, const struct vrrp_vip *v)
{
	struct vrrp_vip *n = realloc(c->vips, (c->nvips + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	c->vips = n;
	c->vips[c->nvips++] = *v;
	return 0;
}

int vrrp_conf_add_peer(struct vrrp_instance_conf *c, const struct ipaddr *a)
{
	struct ipaddr *n = realloc(c->peers, (c->npeers + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	c->peers = n;
	c->peers[c->npeers++] = *a;
	return 0;
}

int vrrp_conf_set_script(struct vrrp_instance_conf *c, enum vrrp_script s, const char *cmd)
{
	char *d = strdup(cmd);

	if (!d)
		return -ENOMEM;
	free(c->script[s]);
	c->script[s] = d;
	return 0;
}

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -EINVAL; } while (0)

int vrrp_conf_check(struct vrrp_instance_conf *c, char *err, size_t errlen,
		    char *warn, size_t warnlen)
{
	char buf[IPADDR_STRLEN];

	if (warn && warnlen)
		warn[0] = 0;
	if (!c->name[0])
		ERR("instance has no name");
	if (!c->ifname[0])
		ERR("no interface");
	if (c->vrid < 1)
		ERR("virtual_router_id missing or out of range 1-255");
	if (c->priority < 1)
		ERR("priority out of range 1-255");
	if (!c->nvips)
		ERR("no virtual_ipaddress");
	if (c->nvips > VRRP_MAX_ADDRS)
		ERR("%u virtual addresses, at most %u fit in an advert", c->nvips, VRRP_MAX_ADDRS);
	c->family = c->vips[0].addr.family;
	for (unsigned i = 1; i < c->nvips; i++)
		if (c->vips[i].addr.family != c->family)
			ERR("%s: IPv4 and IPv6 addresses mixed in one instance",
			    ipaddr_fmt(&c->vips[i].addr, buf, sizeof(buf), false));
	if (c->version != 2 && c->version != 3)
		ERR("vrrp_version %u: must be 2 or 3", c->version);
	if (c->family == AF_INET6)
		c->version = 3;		/* VRRPv2 has no IPv6 (keepalived does the same) */
	if (c->version == 2) {
		if (c->adv_int_ms < 1000 || c->adv_int_ms > 255000)
			ERR("advert_int %u ms: VRRPv2 needs 1-255 s", c->adv_int_ms);
		if (c->adv_int_ms % 1000) {
			c->adv_int_ms = (c->adv_int_ms + 999) / 1000 * 1000;
			if (warn)
				snprintf(warn, warnlen, "VRRPv2 advert interval rounded up to %u s",
					 c->adv_int_ms / 1000);
		}
	} else {
		if (c->adv_int_ms < 10 || c->adv_int_ms > VRRP_V3_MAX_INT_CS * 10u)
			ERR("advert_int %u ms: VRRPv3 needs 10 ms to 40.95 s", c->adv_int_ms);
		c->adv_int_ms = c->adv_int_ms / 10 * 10;
	}
	if (c->auth_type == VRRP_AUTH_AH)
		ERR("authentication AH is not supported (use PASS, or none)");
	if (c->auth_type != VRRP_AUTH_NONE && c->version == 3) {
		c->auth_type = VRRP_AUTH_NONE;	/* RFC 5798 removed it; keepalived ignores it */
		if (warn)
			snprintf(warn, warnlen, "authentication is ignored with VRRPv3");
	}
	if (c->has_unicast_src && c->unicast_src.family != c->family)
		ERR("unicast_src_ip %s: not the instance's address family",
		    ipaddr_fmt(&c->unicast_src, buf, sizeof(buf), false));
	for (unsigned i = 0; i < c->npeers; i++)
		if (c->peers[i].family != c->family)
			ERR("unicast_peer %s: not the instance's address family",
			    ipaddr_fmt(&c->peers[i], buf, sizeof(buf), false));
	if (c->preempt_delay_ms > 1000000)
		ERR("preempt_delay %u s: at most 1000", c->preempt_delay_ms / 1000);
	if (c->family == AF_INET6 && !ipaddr_is_linklocal(&c->vips[0].addr) && warn && !warn[0])
		snprintf(warn, warnlen, "the first IPv6 virtual address %s is not link-local "
			 "(RFC 5798 5.2.9 expects one)",
			 ipaddr_fmt(&c->vips[0].addr, buf, sizeof(buf), false));
	return 0;
}
