/*
 * vipaddr.c - an address line (VIP, excluded, static) as the kernel takes
 * it: its addr_opts, and its removal (by its peer when it has one).
 */
#include "common/addr.h"
#include "vrrpd/instance.h"

void vrrp_vip_opts(const struct vrrp_vip *v, struct addr_opts *o)
{
	addr_opts_init(o);
	o->label = v->label[0] ? v->label : NULL;
	o->scope = v->scope;
	o->nodad = v->nodad;
	o->noprefixroute = v->noprefixroute;
	o->home = v->home;
	o->peer = v->has_peer ? &v->peer : NULL;
	o->brd = v->brd;
	o->brd_addr = v->brd_addr;
}

int vrrp_vip_del(struct nl *nl, int ifindex, const struct vrrp_vip *v)
{
	return addr_del_peer(nl, ifindex, &v->addr, v->has_peer ? &v->peer : NULL);
}
