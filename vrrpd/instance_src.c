/*
 * instance_src.c - the source address of an instance's adverts (RFC 5798
 * 5.1.1.1 / 5.1.2.1), found on its interface and followed as addresses
 * come and go; a master puts back a VIP someone else removed.
 */
#include <errno.h>
#include <linux/if_addr.h>
#include <stdbool.h>

#include "common/addr.h"
#include "common/log.h"
#include "vrrpd/instance.h"
#include "vrrpd/instance_priv.h"

struct src_find {
	const struct vrrp_instance *in;
	struct ipaddr found;
	bool ok;
	bool vip_ok;			/* second pass: an owner's VIP will do */
	bool want_ll;			/* IPv6: link-local (multicast) or global */
};

static bool is_vip(const struct vrrp_instance *in, const struct ipaddr *a)
{
	for (unsigned i = 0; i < in->conf.nvips; i++)
		if (ipaddr_same(&in->conf.vips[i].addr, a))
			return true;
	return false;
}

static int src_cb(const struct addr_info *ai, void *arg)
{
	struct src_find *f = arg;

	if (ai->addr.family != f->in->conf.family)
		return 0;
	if (!f->vip_ok && is_vip(f->in, &ai->addr))
		return 0;
	if (ai->addr.family == AF_INET6 && ipaddr_is_linklocal(&ai->addr) != f->want_ll)
		return 0;
	if (ai->flags & IFA_F_TENTATIVE)
		return 0;
	f->found = ai->addr;
	f->ok = true;
	return 1;
}

/* RFC 5798 5.1.1.1 / 5.1.2.1: the primary IPv4 address of the interface,
 * or the IPv6 link-local one (of the VMAC when it sends). */
int instance_find_src(struct vrrp_instance *in)
{
	struct src_find f = { .in = in };
	int ifx = in->conf.family == AF_INET6 ? in->tx_ifindex : in->ifindex;
	int ret;

	if (in->conf.has_unicast_src) {
		in->src = in->conf.unicast_src;
		return 0;
	}
	/* RFC 5798 5.1.2.1 wants the link-local address; unicast peers with
	 * global addresses (possibly routed) get a global source, as
	 * keepalived's users expect, falling back to the link-local one */
	f.want_ll = !(in->conf.npeers && !ipaddr_is_linklocal(&in->conf.peers[0]));
	ret = addr_dump(in->env->nl, in->conf.family, ifx, src_cb, &f);
	if (ret >= 0 && !f.ok && !f.want_ll) {
		f.want_ll = true;
		ret = addr_dump(in->env->nl, in->conf.family, ifx, src_cb, &f);
	}
	if (ret >= 0 && !f.ok && in->conf.priority == 255) {
		/* the address owner advertises from the address it owns */
		f.vip_ok = true;
		ret = addr_dump(in->env->nl, in->conf.family, ifx, src_cb, &f);
	}
	if (ret < 0)
		return ret;
	if (!f.ok)
		return -EADDRNOTAVAIL;
	in->src = f.found;
	in->src.prefixlen = in->conf.family == AF_INET6 ? 128 : 32;
	return 0;
}

void instance_update_src(struct vrrp_instance *in)
{
	bool had = !(in->fault & VRRP_FAULT_NOADDR);
	bool ok = instance_find_src(in) == 0;

	in->vr.primary = in->src;
	if (had != ok)
		log_info(TAG "%s", TAGV(in), ok ? "source address found" :
			 "no source address on the interface: FAULT");
	vrrp_instance_fault_bit(in, VRRP_FAULT_NOADDR, !ok);
}

void vrrp_instance_addr_deleted(struct vrrp_instance *in, int ifindex,
				const struct ipaddr *a)
{
	char buf[IPADDR_STRLEN];

	if (in->vr.state == VR_MASTER && in->vips_held) {
		for (unsigned i = 0; i < in->conf.nvips; i++) {
			if (in->vip_ifindex[i] != ifindex || !ipaddr_same(&in->conf.vips[i].addr, a))
				continue;
			log_info(TAG "%s was removed by someone else: adding it back", TAGV(in),
				 ipaddr_fmt(a, buf, sizeof(buf), true));
			if (vrrp_vip_add(in, i) == 0) {
				in->st.vip_readded++;
				garp_round(in);
			}
		}
	}
	if (ipaddr_same(a, &in->src) || (in->fault & VRRP_FAULT_NOADDR))
		instance_update_src(in);
}

void vrrp_instance_addr_added(struct vrrp_instance *in)
{
	if (in->fault & VRRP_FAULT_NOADDR)
		instance_update_src(in);
}

int instance_linklocal(struct vrrp_instance *in, int ifindex, struct ipaddr *out)
{
	struct src_find f = { .in = in, .want_ll = true };
	int ret = addr_dump(in->env->nl, AF_INET6, ifindex, src_cb, &f);

	if (ret < 0)
		return ret;
	if (!f.ok)
		return -EADDRNOTAVAIL;
	*out = f.found;
	return 0;
}
