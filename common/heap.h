/*
 * heap.h - an intrusive binary min-heap on an int64 key (deadlines).
 *
 * The element embeds a struct heap_node; the heap keeps pointers to the
 * nodes, and each node knows its place, so that moving or removing one is
 * O(log n) without a search.  Used for the event loop's timers and for
 * hcheckd's run times and probe deadlines.
 *
 *   struct job { struct heap_node hn; ... };
 *   heap_node_init(&j->hn);
 *   heap_set(&h, &j->hn, when);          in, or moved
 *   struct heap_node *n = heap_top(&h);  earliest, NULL when empty
 *   struct job *j = container_of(n, struct job, hn);
 */
#ifndef COMMON_HEAP_H
#define COMMON_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAP_NONE ((size_t)-1)

struct heap_node {
	int64_t key;
	size_t idx;		/* place in the heap, HEAP_NONE when out */
};

struct heap {
	struct heap_node **v;
	size_t n, cap;
};

#ifndef container_of
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#endif

static inline void heap_node_init(struct heap_node *x) { x->idx = HEAP_NONE; }
static inline bool heap_in(const struct heap_node *x) { return x->idx != HEAP_NONE; }
static inline struct heap_node *heap_top(const struct heap *h) { return h->n ? h->v[0] : NULL; }

/* Give x the key and put it in its place (in the heap or not yet).
 * 0, or -ENOMEM (x is then left out). */
int heap_set(struct heap *h, struct heap_node *x, int64_t key);
/* Take x out; nothing when it is not in. */
void heap_remove(struct heap *h, struct heap_node *x);
/* The array only: the nodes belong to their elements. */
void heap_free(struct heap *h);

#endif
