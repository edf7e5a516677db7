/* Unit tests for vrrpd/notifyq.c: the notify scripts of one instance in
 * transition order, one at a time, bounded, with the latest state kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vrrpd/notifyq.h"

static void push(struct notifyq *q, const char *state, const char *own, const char *any)
{
	struct notifyq_ev *e = notifyq_ev_new(state, 100, own, "notify_x", any);

	assert_non_null(e);
	assert_null(notifyq_push(q, e));
}

/* run everything: the commands in order, as one string */
static void drain(struct notifyq *q, char *out, size_t len)
{
	const char *c;

	out[0] = 0;
	while ((c = notifyq_start(q))) {
		/* one at a time: nothing more while it runs */
		assert_null(notifyq_start(q));
		assert_true(notifyq_busy(q));
		snprintf(out + strlen(out), len - strlen(out), "%s%s:%s", out[0] ? " " : "",
			 q->cur->state, c);
		notifyq_done(q);
	}
	assert_false(notifyq_busy(q));
}

static void t_order(void **state)
{
	struct notifyq q = { .kind = "INSTANCE", .name = "VI_1" };
	char out[256];

	(void)state;
	assert_null(notifyq_start(&q));
	assert_false(notifyq_busy(&q));
	push(&q, "BACKUP", "b.sh", "n.sh");
	push(&q, "MASTER", "m.sh", NULL);
	push(&q, "FAULT", NULL, "n.sh");
	assert_int_equal(q.npending, 3);
	drain(&q, out, sizeof(out));
	/* the state's own script, then the generic one; transition order */
	assert_string_equal(out, "BACKUP:b.sh BACKUP:n.sh MASTER:m.sh FAULT:n.sh");
	assert_int_equal(q.dropped, 0);
	notifyq_free(&q);
}

static void t_running_blocks(void **state)
{
	struct notifyq q = { .kind = "INSTANCE", .name = "VI_1" };
	const char *c;

	(void)state;
	push(&q, "MASTER", "m.sh", "n.sh");
	c = notifyq_start(&q);
	assert_string_equal(c, "m.sh");
	assert_int_equal(q.step, NOTIFYQ_STATE);
	/* BACKUP comes while notify_master runs: it waits */
	push(&q, "BACKUP", "b.sh", "n.sh");
	assert_null(notifyq_start(&q));
	notifyq_done(&q);
	c = notifyq_start(&q);
	assert_string_equal(c, "n.sh");
	assert_string_equal(q.cur->state, "MASTER");
	assert_int_equal(q.step, NOTIFYQ_ANY);
	assert_string_equal(q.cur->prio, "100");
	notifyq_done(&q);
	c = notifyq_start(&q);
	assert_string_equal(c, "b.sh");
	assert_string_equal(q.cur->state, "BACKUP");
	assert_string_equal(q.cur->what[q.step], "notify_x");
	notifyq_done(&q);
	assert_string_equal(notifyq_start(&q), "n.sh");
	notifyq_done(&q);
	assert_null(notifyq_start(&q));
	assert_false(notifyq_busy(&q));
	notifyq_free(&q);
}

static void t_bound(void **state)
{
	struct notifyq q = { .kind = "INSTANCE", .name = "VI_1", .max = 4 };
	const char *st[] = { "MASTER", "BACKUP" };
	struct notifyq_ev *e, *d;
	char out[512], want[512];
	unsigned dropped = 0;

	(void)state;
	push(&q, "FAULT", "f.sh", NULL);
	assert_string_equal(notifyq_start(&q), "f.sh");	/* hangs */
	/* a flap of 10 transitions behind it */
	for (unsigned i = 0; i < 10; i++) {
		e = notifyq_ev_new(st[i % 2], i, st[i % 2], "notify_x", NULL);
		d = notifyq_push(&q, e);
		if (i < 4) {
			assert_null(d);
		} else {
			/* the oldest pending goes, never the one just pushed */
			assert_non_null(d);
			assert_int_equal(atoi(d->prio), i - 4);
			assert_int_equal(notifyq_ev_ncmds(d), 1);
			notifyq_ev_free(d);
			dropped++;
		}
		assert_true(q.npending <= 4);
		assert_string_equal(q.tail->state, st[i % 2]);
	}
	assert_int_equal(q.dropped, 6);
	assert_int_equal(q.burst, 6);
	assert_int_equal(dropped, 6);
	/* the running one was never dropped */
	assert_string_equal(q.cur->state, "FAULT");
	notifyq_done(&q);
	drain(&q, out, sizeof(out));
	snprintf(want, sizeof(want), "MASTER:MASTER BACKUP:BACKUP MASTER:MASTER BACKUP:BACKUP");
	assert_string_equal(out, want);	/* the latest four, the last state last */
	notifyq_free(&q);
}

static void t_bound_default_and_one(void **state)
{
	struct notifyq q = { .kind = "GROUP", .name = "G" };
	struct notifyq_ev *d;

	(void)state;
	for (unsigned i = 0; i < NOTIFYQ_MAX; i++)
		push(&q, "BACKUP", "b.sh", NULL);
	d = notifyq_push(&q, notifyq_ev_new("MASTER", 0, "m.sh", "notify_x", "n.sh"));
	assert_non_null(d);
	assert_string_equal(d->state, "BACKUP");
	notifyq_ev_free(d);
	assert_int_equal(q.npending, NOTIFYQ_MAX);
	notifyq_free(&q);

	/* max 1: only the latest waits */
	memset(&q, 0, sizeof(q));
	q.max = 1;
	push(&q, "MASTER", "m.sh", NULL);
	d = notifyq_push(&q, notifyq_ev_new("BACKUP", 0, "b.sh", "notify_x", NULL));
	assert_string_equal(d->state, "MASTER");
	notifyq_ev_free(d);
	assert_string_equal(notifyq_start(&q), "b.sh");
	notifyq_done(&q);
	assert_null(notifyq_start(&q));
	notifyq_free(&q);
}

static void t_clear(void **state)
{
	struct notifyq q = { .kind = "INSTANCE", .name = "VI_1" };
	char out[128];

	(void)state;
	push(&q, "MASTER", "m.sh", "n.sh");
	assert_string_equal(notifyq_start(&q), "m.sh");
	push(&q, "BACKUP", "b.sh", "n.sh");
	push(&q, "FAULT", "f.sh", NULL);
	/* exit: what waits goes (3 commands), the running entry stays */
	assert_int_equal(notifyq_clear(&q), 3);
	assert_int_equal(q.npending, 0);
	assert_true(notifyq_busy(&q));
	push(&q, "STOP", "s.sh", NULL);
	notifyq_done(&q);
	drain(&q, out, sizeof(out));
	assert_string_equal(out, "MASTER:n.sh STOP:s.sh");
	assert_int_equal(notifyq_clear(&q), 0);
	notifyq_free(&q);
	notifyq_ev_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_order),
		cmocka_unit_test(t_running_blocks),
		cmocka_unit_test(t_bound),
		cmocka_unit_test(t_bound_default_and_one),
		cmocka_unit_test(t_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
