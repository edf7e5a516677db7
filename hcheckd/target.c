/*
 * target.c - targets and their checkers: allocation, the weight a target
 * should have, and its haproxy agent-check reply.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcheckd/hc.h"
#include "hcheckd/regex.h"

const char *const hc_tstate_name[T__COUNT] = {
	[T_DOWN] = "DOWN", [T_UP] = "UP", [T_MAINT] = "MAINT",
};

struct hc_target *target_new(const char *name)
{
	struct hc_target *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->name = strdup(name);
	if (!t->name) {
		free(t);
		return NULL;
	}
	t->state = T_DOWN;
	t->alpha = true;
	t->weight = 1;
	t->dyn_weight = -1;
	t->agent_fd = -1;
	snprintf(t->reason, sizeof(t->reason), "not checked yet");
	return t;
}

struct hc_checker *target_add_checker(struct hc_target *t, struct probe_spec *spec,
				      const char *kind)
{
	struct hc_checker *c = calloc(1, sizeof(*c)), **v;

	if (!c)
		return NULL;
	v = realloc(t->ck, (t->nck + 1) * sizeof(*v));
	if (!v) {
		free(c);
		return NULL;
	}
	t->ck = v;
	t->ck[t->nck++] = c;
	c->t = t;
	c->spec = *spec;
	spec_init(spec);	/* ownership moved */
	probe_init(&c->probe, &c->spec);
	snprintf(c->kind, sizeof(c->kind), "%s", kind);
	c->interval_ms = 5000;
	c->rise = 1;
	c->retry_delay_ms = 1000;
	heap_node_init(&c->hn);
	return c;
}

void target_free(struct hc_target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nck; i++) {
		probe_release(&t->ck[i]->probe);
		spec_free(&t->ck[i]->spec);
		free(t->ck[i]);
	}
	free(t->ck);
	free(t->name);
	free(t->notify_up);
	free(t->notify_down);
	free(t->haproxy_server);
	free(t->agent_addr);
	free(t);
}

struct hc_target *hcd_find(struct hcd *d, const char *name)
{
	for (size_t i = 0; i < d->nt; i++)
		if (!strcmp(d->t[i]->name, name))
			return d->t[i];
	return NULL;
}

int target_weight(const struct hc_target *t)
{
	if (t->state != T_UP)
		return 0;
	return t->dyn_weight >= 0 ? t->dyn_weight : t->weight;
}

/* haproxy agent-check (haproxy configuration manual, "agent-check"): words
 * separated by blanks; "up"/"down" set the agent's health, "ready"/"drain"/
 * "maint" the administrative state, "N%" the weight relative to the
 * configured one, and "#" starts a free-text reason.  We always send the
 * full state so that any single reply is enough. */
void target_agent_reply(const struct hc_target *t, char *buf, size_t len)
{
	int pct = 100;

	if (t->dyn_weight >= 0 && t->weight > 0) {
		pct = t->dyn_weight * 100 / t->weight;
		if (pct > 256 * 100)
			pct = 256 * 100;
	}
	switch (t->state) {
	case T_UP:
		if (pct == 0)
			snprintf(buf, len, "up drain");
		else
			snprintf(buf, len, "up ready %d%%", pct);
		break;
	case T_MAINT:
		snprintf(buf, len, "maint #disabled");
		break;
	default:
		snprintf(buf, len, "down ready #%s", t->reason);
		break;
	}
	/* a reason must stay on one line */
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool regex_same(const struct hc_regex *a, const struct hc_regex *b)
{
	return a == b || (a && b && !strcmp(a->src, b->src) && a->options == b->options &&
			  a->no_match == b->no_match &&
			  a->min_offset == b->min_offset && a->max_offset == b->max_offset &&
			  a->stack_start == b->stack_start && a->stack_max == b->stack_max);
}

static bool spec_same(const struct probe_spec *a, const struct probe_spec *b)
{
	return a->type == b->type && str_eq(a->url, b->url) && a->addrlen == b->addrlen &&
	       !memcmp(&a->addr, &b->addr, a->addrlen) && a->timeout_ms == b->timeout_ms &&
	       str_eq(a->path, b->path) && str_eq(a->vhost, b->vhost) &&
	       a->digest_alg == b->digest_alg && !memcmp(a->digest, b->digest, sizeof(a->digest)) &&
	       a->ncodes == b->ncodes &&
	       !memcmp(a->codes, b->codes, sizeof(a->codes[0]) * (size_t)a->ncodes) &&
	       str_eq(a->body_contains, b->body_contains) &&
	       regex_same(a->regex, b->regex) && str_eq(a->qname, b->qname) &&
	       a->qtype == b->qtype && str_eq(a->cacert, b->cacert) &&
	       str_eq(a->tls_cert, b->tls_cert) && str_eq(a->tls_key, b->tls_key) &&
	       str_eq(a->tls_pass, b->tls_pass);
}

bool target_same(const struct hc_target *a, const struct hc_target *b)
{
	if (a->nck != b->nck)
		return false;
	for (size_t i = 0; i < a->nck; i++) {
		const struct hc_checker *x = a->ck[i], *y = b->ck[i];
		if (strcmp(x->kind, y->kind) || !spec_same(&x->spec, &y->spec) ||
		    x->rise != y->rise || x->retry != y->retry)
			return false;
	}
	return true;
}
