/* Unit tests for common/loop's timers: one timerfd for all of them, a heap
 * on their deadlines.  Order, moving a timer later or earlier, stopping,
 * and setting or freeing timers from inside a callback. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/loop.h"

static char order[64];
static size_t norder;
static struct loop_timer *victim, *again;
static int again_left;

static void mark(struct loop_timer *t, void *arg)
{
	(void)t;
	order[norder++] = *(const char *)arg;
	order[norder] = '\0';
}

static void run_until(struct loop *l, size_t n)
{
	for (int i = 0; i < 400 && norder < n; i++)
		loop_once(l, 50);
}

static void test_order_and_moves(void **state)
{
	struct loop *l = loop_new();
	struct loop_timer *t[5];
	static const char name[] = "abcde";

	(void)state;
	assert_non_null(l);
	norder = 0;
	for (int i = 0; i < 5; i++)
		assert_non_null(t[i] = loop_timer_new(l, mark, (void *)&name[i]));
	assert_int_equal(loop_timer_set(t[0], 50000), 0);	/* a at 50 ms */
	assert_int_equal(loop_timer_set(t[1], 10000), 0);	/* b at 10 ms */
	assert_int_equal(loop_timer_set(t[2], 30000), 0);	/* c at 30 ms */
	assert_int_equal(loop_timer_set(t[3], 20000), 0);	/* d at 20 ms ... */
	assert_int_equal(loop_timer_set(t[3], 70000), 0);	/* ... moved to 70 */
	assert_int_equal(loop_timer_set(t[4], 90000), 0);	/* e at 90 ms ... */
	assert_int_equal(loop_timer_set(t[4], 5000), 0);	/* ... moved to 5 */
	loop_timer_stop(t[2]);					/* c never */
	assert_false(loop_timer_armed(t[2]));
	assert_int_equal(loop_timer_remaining(t[2]), 0);
	/* expected: by deadline (e, b, a, d when nothing stalled between the
	 * calls above; the remaining times say what it really is) */
	{
		uint64_t rem[5];
		char want[6];
		size_t nw = 0;

		for (int i = 0; i < 5; i++)
			rem[i] = loop_timer_armed(t[i]) ? loop_timer_remaining(t[i]) + 1 : 0;
		assert_true(rem[0] <= 50001 && rem[3] <= 70001);
		for (;;) {
			int m = -1;
			for (int i = 0; i < 5; i++)
				if (rem[i] && (m < 0 || rem[i] < rem[m]))
					m = i;
			if (m < 0)
				break;
			want[nw++] = name[m];
			rem[m] = 0;
		}
		want[nw] = '\0';
		assert_string_equal(want, "ebad");
		run_until(l, 4);
		assert_string_equal(order, want);
	}
	for (int i = 0; i < 5; i++)
		assert_false(loop_timer_armed(t[i]));
	/* nothing more comes: c stays stopped */
	loop_once(l, 100);
	assert_string_equal(order, "ebad");
	loop_free(l);		/* frees the timers too */
}

static void kill_victim(struct loop_timer *t, void *arg)
{
	mark(t, arg);
	loop_timer_free(victim);
	victim = NULL;
}

static void repeat(struct loop_timer *t, void *arg)
{
	mark(t, arg);
	if (--again_left > 0)
		loop_timer_set(t, 1000);
}

static void test_from_callbacks(void **state)
{
	struct loop *l = loop_new();
	struct loop_timer *k;

	(void)state;
	norder = 0;
	k = loop_timer_new(l, kill_victim, "k");
	victim = loop_timer_new(l, mark, "v");
	again = loop_timer_new(l, repeat, "r");
	again_left = 3;
	/* k comes due first (whatever the scheduler does between the two
	 * calls) and frees v, which may be due in the same wake-up */
	loop_timer_set(k, 10000);
	loop_timer_set(victim, 20000);
	loop_timer_set(again, 40000);
	for (int i = 0; i < 400 && norder < 4; i++)
		loop_once(l, 50);
	assert_string_equal(order, "krrr");
	assert_null(victim);
	loop_once(l, 50);
	assert_string_equal(order, "krrr");
	loop_timer_free(k);
	loop_timer_free(again);
	loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_moves),
		cmocka_unit_test(test_from_callbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
