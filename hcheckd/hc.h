/*
 * hc.h - the daemon's model: targets, their checkers, and the scheduler.
 *
 * A target is what the world asks about: a named check (`check NAME {}`,
 * `--check NAME=URL`) or a real server of a virtual_server.  It holds one or
 * more checkers (TCP_CHECK, HTTP_GET, ...), and - keepalived's rule - it is
 * UP only while every one of its checkers is up.  A checker is one
 * probe_spec run every interval_ms by the probe engine; it turns up after
 * `rise` consecutive successes and down after `retry + 1` consecutive
 * failures (keepalived's retry; `fall N` is retry N-1), retrying after
 * retry_delay_ms instead of the interval while it is failing.
 *
 * Every change of a target's state goes through target_eval() (sched.c),
 * which logs, counts, broadcasts `CHECK "NAME" UP|DOWN reason` to the
 * control socket's watchers, runs notify_up/notify_down, and calls the
 * hooks (IPVS weights, haproxy agent replies read the state directly).
 *
 * Scheduling: one min-heap of checkers keyed on their next run time and one
 * loop timer armed for the earliest; first runs are spread at random over
 * the interval (plus warmup) so that N checks do not fire together.  At
 * most cap[class] probes run at once per class (network, TLS, scripts); a
 * checker due while its class is full waits in that class's FIFO.
 */
#ifndef HCHECKD_HC_H
#define HCHECKD_HC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/heap.h"
#include "common/loop.h"
#include "common/metrics.h"
#include "hcheckd/probe.h"

enum hc_tstate { T_DOWN, T_UP, T_MAINT, T__COUNT };
extern const char *const hc_tstate_name[T__COUNT];

enum hc_class { CL_NET, CL_TLS, CL_EXEC, CL__COUNT };

struct hc_target;
struct hcd;

struct hc_checker {
	struct hc_target *t;
	struct probe_spec spec;
	struct probe probe;
	char kind[16];			/* "TCP_CHECK", ..., or the URL scheme */
	int interval_ms;		/* delay_loop */
	int retry;			/* failures tolerated before down */
	int retry_delay_ms;		/* delay_before_retry */
	int rise;			/* successes needed to come up */
	int warmup_ms;			/* random 0..warmup before the first run */
	bool up;
	int oks, fails;			/* consecutive */
	struct probe_result last;	/* of the last finished attempt */
	bool has_last;
	int64_t last_us;		/* when it finished */
	uint64_t runs, nfail;
	struct metrics_hist lat;	/* probe durations (metrics.c) */
	/* scheduler */
	struct heap_node hn;		/* key: next run (us); in d->sched = scheduled */
	struct hc_checker *qnext;	/* class FIFO while waiting for a slot */
	bool queued, running;
	/* identical probes run once: the leader probes, its followers (same
	 * spec, interval, rise and retry, in other targets) take its results */
	struct hc_checker *leader;	/* NULL: probes itself */
	struct hc_checker *followers, *fnext;
};

struct hc_target {
	char *name;
	struct hcd *d;
	struct hc_checker **ck;
	size_t nck;
	enum hc_tstate state;
	bool disabled;			/* ctl disable: maintenance */
	bool alpha;			/* start down (keepalived alpha) */
	char reason[256];		/* of the last change */
	int64_t since_us;
	uint64_t transitions;
	char *notify_up, *notify_down;
	int weight;			/* configured (IPVS) weight; 1 for named checks */
	int dyn_weight;			/* misc_dynamic weight, -1 none */
	/* haproxy agent listener of this target (port 0, fd -1: none) on
	 * agent_addr ("*" all; NULL: the global listener's address) */
	uint16_t agent_port;
	char *agent_addr;
	int agent_fd;
	char *haproxy_server;		/* "BACKEND/SERVER" for runtime API pushes */
	/* IPVS binding (lvs.c); NULL for named checks */
	void *rs;
	bool suspended;			/* ha_suspend: no probes, state kept (suspend.c) */
	bool seen;			/* reload bookkeeping */
};

struct hcd {
	struct loop *loop;
	struct engine *eng;
	struct ctl *ctl;
	struct loop_timer *timer;
	struct hc_target **t;
	size_t nt;
	/* scheduler */
	struct heap sched;		/* checkers by next run */
	struct hc_checker *qhead[CL__COUNT], *qtail[CL__COUNT];
	unsigned inflight[CL__COUNT], cap[CL__COUNT];
	unsigned shared;		/* checkers following another's probe */
	bool started;
	/* hooks */
	void (*on_change)(struct hc_target *t, void *arg);
	void *on_change_arg;
	/* global agent listener ("name\n" -> state), -1 none, and its
	 * address ("" all), the default of per-check listeners */
	int agent_fd;
	char agent_addr[64];
	/* haproxy runtime API socket for pushes (targets with haproxy_server) */
	char *haproxy_sock;
	/* notify and quorum scripts run as this user and group ("" ourselves,
	 * the user's group), global_defs script_user */
	char script_user[64], script_group[64];
	uint64_t events;
	/* virtual servers whose real servers hcheckd keeps in IPVS (lvs.c);
	 * `show stats` says it, and `ipvsctl apply` refuses to touch such a table */
	size_t ipvs_vs;
	/* ctl "reload": 0, or -1 with the reason in err */
	int (*reload)(struct hcd *d, char *err, size_t len);
	struct metrics_proc proc;	/* start time, reloads (common/metrics.h) */
	struct httpd *httpd;		/* the metrics listener, NULL = off */
};

/* --- targets (target.c) -------------------------------------------------- */
/* A new target (state DOWN, alpha unless told); NULL on ENOMEM. */
struct hc_target *target_new(const char *name);
/* Add a checker owning spec (moved: the caller's copy is reset).  The
 * checker's timings start as the defaults given. */
struct hc_checker *target_add_checker(struct hc_target *t, struct probe_spec *spec,
				      const char *kind);
void target_free(struct hc_target *t);
struct hc_target *hcd_find(struct hcd *d, const char *name);
/* the weight the target should have now (0 when down or maintenance) */
int target_weight(const struct hc_target *t);
/* one line for haproxy's agent-check: "up ready 100%" ... (no newline) */
void target_agent_reply(const struct hc_target *t, char *buf, size_t len);
/* is everything about this target's probes the same? (reload keeps state) */
bool target_same(const struct hc_target *a, const struct hc_target *b);

/* --- scheduler and state (sched.c) --------------------------------------- */
/* Start probing every target (first runs spread over each interval). */
void sched_start(struct hcd *d);
/* Stop: cancel running probes, forget the schedule. */
void sched_stop(struct hcd *d);
/* Take t into / out of the schedule (t already in d->t). */
void sched_add(struct hcd *d, struct hc_target *t);
void sched_remove(struct hcd *d, struct hc_target *t);
/* Recompute t's state from its checkers and the disabled flag; the one
 * place a target changes state. */
void target_eval(struct hc_target *t, const char *why);
/* the event line for t, without newline */
void target_event_line(const struct hc_target *t, char *buf, size_t len);
/* run now (ctl "check NAME") */
void sched_run_now(struct hcd *d, struct hc_target *t);

/* --- control socket verbs (ctlverbs.c) ----------------------------------- */
int hcd_ctl_listen(struct hcd *d, const char *path);

/* --- metrics (metrics.c) ------------------------------------------------ */
/* every metric in the Prometheus text format; arg is the struct hcd */
void hcd_metrics(FILE *f, void *arg);

/* --- haproxy agent-check listener (agent.c) ------------------------------ */
/* Listen on addr:port ("*" or NULL = all), for one target (t) or for all
 * (t NULL: the peer sends "NAME\n" first).  fd or -errno. */
int agent_listen(struct hcd *d, const char *addr, uint16_t port, struct hc_target *t);
void agent_close(struct hcd *d, int fd);
/* push t's state to haproxy's runtime API (d->haproxy_sock), best effort */
void agent_push(struct hcd *d, struct hc_target *t);
/* The request in buf (len bytes read, buf holds size): 1 when it is whole
 * (a line, or a full buffer), the name NUL-terminated at buf, without the
 * newline and a CR; 0 when more is needed.  Pure. */
int agent_request(char *buf, size_t len, size_t size);

#endif
