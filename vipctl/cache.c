/*
 * cache.c - the address table, read once per batch.
 *
 * A single command asks the kernel (one RTM_GETADDR dump) whether an address
 * is there before it adds or deletes it.  A batch of a thousand adds would
 * dump a growing table a thousand times, so batch_run() switches this cache
 * on: the table is dumped once, then kept up to date with what the batch
 * itself adds and deletes.  Outside a batch every lookup goes to the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "vipctl/vipctl.h"

struct vip_cache {
	size_t n, cap;
	struct addr_info *v;
};

static int cache_put(struct vip_cache *c, const struct addr_info *ai)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct addr_info *nv = realloc(c->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		c->v = nv;
		c->cap = cap;
	}
	c->v[c->n++] = *ai;
	return 0;
}

static int load_cb(const struct addr_info *ai, void *arg)
{
	return cache_put(arg, ai);
}

int vip_cache_on(struct vipctl *v)
{
	struct vip_cache *c = calloc(1, sizeof(*c));
	int ret;

	if (!c)
		return -ENOMEM;
	ret = addr_dump(&v->nl, AF_UNSPEC, 0, load_cb, c);
	if (ret < 0) {
		free(c->v);
		free(c);
		return ret;
	}
	v->cache = c;
	return 0;
}

void vip_cache_off(struct vipctl *v)
{
	if (!v->cache)
		return;
	free(v->cache->v);
	free(v->cache);
	v->cache = NULL;
}

int vip_find(struct vipctl *v, int ifindex, const struct ipaddr *a, struct addr_info *out)
{
	struct vip_cache *c = v->cache;

	if (!c)
		return addr_find(&v->nl, ifindex, a, out);
	for (size_t i = 0; i < c->n; i++) {
		if ((ifindex && c->v[i].ifindex != ifindex) || !ipaddr_same(&c->v[i].addr, a))
			continue;
		if (out)
			*out = c->v[i];
		return 1;
	}
	return 0;
}

void vip_cache_added(struct vipctl *v, int ifindex, const struct ipaddr *a)
{
	struct addr_info ai = { .ifindex = ifindex, .addr = *a };

	if (v->cache && cache_put(v->cache, &ai) < 0)
		vip_cache_off(v);	/* out of memory: fall back to asking */
}

void vip_cache_deleted(struct vipctl *v, int ifindex, const struct ipaddr *a)
{
	struct vip_cache *c = v->cache;

	for (size_t i = 0; c && i < c->n; i++) {
		if (c->v[i].ifindex == ifindex && ipaddr_same(&c->v[i].addr, a) &&
		    c->v[i].addr.prefixlen == a->prefixlen) {
			c->v[i] = c->v[--c->n];
			return;
		}
	}
}
