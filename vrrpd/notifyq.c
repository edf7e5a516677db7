/*
 * notifyq.c - one instance's notify scripts in transition order (see
 * notifyq.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrpd/notifyq.h"

void notifyq_ev_free(struct notifyq_ev *e)
{
	if (!e)
		return;
	for (unsigned i = 0; i < NOTIFYQ_CMDS; i++)
		free(e->cmd[i]);
	free(e);
}

struct notifyq_ev *notifyq_ev_new(const char *state, unsigned prio, const char *state_cmd,
				  const char *state_what, const char *any_cmd)
{
	struct notifyq_ev *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	snprintf(e->state, sizeof(e->state), "%s", state);
	snprintf(e->prio, sizeof(e->prio), "%u", prio > 255 ? 255 : prio);
	e->what[NOTIFYQ_STATE] = state_what;
	e->what[NOTIFYQ_ANY] = "notify";
	if ((state_cmd && !(e->cmd[NOTIFYQ_STATE] = strdup(state_cmd))) ||
	    (any_cmd && !(e->cmd[NOTIFYQ_ANY] = strdup(any_cmd)))) {
		notifyq_ev_free(e);
		return NULL;
	}
	return e;
}

unsigned notifyq_ev_ncmds(const struct notifyq_ev *e)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NOTIFYQ_CMDS; i++)
		n += e->cmd[i] != NULL;
	return n;
}

static struct notifyq_ev *pop(struct notifyq *q)
{
	struct notifyq_ev *e = q->head;

	if (!e)
		return NULL;
	q->head = e->next;
	if (!q->head)
		q->tail = NULL;
	e->next = NULL;
	q->npending--;
	return e;
}

struct notifyq_ev *notifyq_push(struct notifyq *q, struct notifyq_ev *e)
{
	unsigned max = q->max ? q->max : NOTIFYQ_MAX;
	struct notifyq_ev *drop = NULL;

	e->next = NULL;
	if (q->tail)
		q->tail->next = e;
	else
		q->head = e;
	q->tail = e;
	q->npending++;
	if (q->npending > max) {
		/* the oldest that waits: e itself stays, as max >= 1 */
		drop = pop(q);
		q->dropped++;
		q->burst++;
	}
	return drop;
}

/* does cur have a command after step? */
static bool more(const struct notifyq *q)
{
	for (int i = q->step + 1; q->cur && i < NOTIFYQ_CMDS; i++)
		if (q->cur->cmd[i])
			return true;
	return false;
}

const char *notifyq_start(struct notifyq *q)
{
	if (q->running)
		return NULL;
	for (;;) {
		while (q->cur && ++q->step < NOTIFYQ_CMDS)
			if (q->cur->cmd[q->step]) {
				q->running = true;
				return q->cur->cmd[q->step];
			}
		notifyq_ev_free(q->cur);
		q->cur = pop(q);
		if (!q->cur)
			return NULL;
		q->step = -1;
	}
}

void notifyq_done(struct notifyq *q)
{
	q->running = false;
	q->pid = 0;
	if (!more(q)) {
		notifyq_ev_free(q->cur);
		q->cur = NULL;
	}
}

unsigned notifyq_clear(struct notifyq *q)
{
	unsigned n = 0;

	for (struct notifyq_ev *e; (e = pop(q));) {
		n += notifyq_ev_ncmds(e);
		notifyq_ev_free(e);
		q->dropped++;
		q->burst++;
	}
	return n;
}

bool notifyq_busy(const struct notifyq *q)
{
	return q->running || q->cur || q->head;
}

void notifyq_free(struct notifyq *q)
{
	for (struct notifyq_ev *e; (e = pop(q));)
		notifyq_ev_free(e);
	notifyq_ev_free(q->cur);
	q->cur = NULL;
	q->running = false;
}
