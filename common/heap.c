/*
 * heap.c - intrusive binary min-heap (see heap.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "common/heap.h"

static void swap(struct heap *h, size_t a, size_t b)
{
	struct heap_node *t = h->v[a];

	h->v[a] = h->v[b];
	h->v[b] = t;
	h->v[a]->idx = a;
	h->v[b]->idx = b;
}

static void up(struct heap *h, size_t i)
{
	while (i > 0 && h->v[(i - 1) / 2]->key > h->v[i]->key) {
		swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void down(struct heap *h, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;

		if (c < h->n && h->v[c]->key < h->v[m]->key)
			m = c;
		if (c + 1 < h->n && h->v[c + 1]->key < h->v[m]->key)
			m = c + 1;
		if (m == i)
			return;
		swap(h, i, m);
		i = m;
	}
}

int heap_set(struct heap *h, struct heap_node *x, int64_t key)
{
	x->key = key;
	if (heap_in(x)) {
		down(h, x->idx);
		up(h, x->idx);
		return 0;
	}
	if (h->n == h->cap) {
		size_t n = h->cap ? 2 * h->cap : 16;
		struct heap_node **v = realloc(h->v, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		h->v = v;
		h->cap = n;
	}
	x->idx = h->n;
	h->v[h->n++] = x;
	up(h, x->idx);
	return 0;
}

void heap_remove(struct heap *h, struct heap_node *x)
{
	size_t i = x->idx;

	if (i == HEAP_NONE || i >= h->n || h->v[i] != x)
		return;
	x->idx = HEAP_NONE;
	if (i != --h->n) {
		h->v[i] = h->v[h->n];
		h->v[i]->idx = i;
		down(h, i);
		up(h, i);
	}
}

void heap_free(struct heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}
