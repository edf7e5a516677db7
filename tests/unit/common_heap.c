/* Unit tests for common/heap: random pushes, moves and removals checked
 * against a plain array, and the order things come out in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "common/heap.h"

#define N 300

struct item { struct heap_node hn; int id; };

static int64_t min_in(struct item *it, size_t n)
{
	int64_t m = INT64_MAX;

	for (size_t i = 0; i < n; i++)
		if (heap_in(&it[i].hn) && it[i].hn.key < m)
			m = it[i].hn.key;
	return m;
}

static void test_random_against_array(void **state)
{
	static struct item it[N];
	struct heap h = { 0 };
	size_t in = 0;

	(void)state;
	srandom(42);
	for (int i = 0; i < N; i++) {
		heap_node_init(&it[i].hn);
		it[i].id = i;
	}
	assert_null(heap_top(&h));
	for (int step = 0; step < 20000; step++) {
		struct item *x = &it[random() % N];
		int op = (int)(random() % 3);

		if (op < 2) {		/* in, or moved earlier or later */
			in += !heap_in(&x->hn);
			assert_int_equal(heap_set(&h, &x->hn, random() % 1000), 0);
		} else {
			in -= heap_in(&x->hn);
			heap_remove(&h, &x->hn);
			heap_remove(&h, &x->hn);	/* twice: nothing */
			assert_false(heap_in(&x->hn));
		}
		assert_int_equal(h.n, in);
		if (in)
			assert_int_equal(heap_top(&h)->key, min_in(it, N));
		else
			assert_null(heap_top(&h));
	}
	/* drain: non-decreasing keys */
	for (int64_t last = INT64_MIN; heap_top(&h);) {
		struct item *x = container_of(heap_top(&h), struct item, hn);
		assert_true(x->hn.key >= last);
		last = x->hn.key;
		heap_remove(&h, &x->hn);
	}
	assert_int_equal(h.n, 0);
	heap_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_against_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
