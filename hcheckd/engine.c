/*
 * engine.c - runs probes: one epoll for their fds, one timerfd for their
 * deadlines (a common/heap min-heap).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "hcheckd/probe.h"
#include "hcheckd/tls.h"

const char *const pstatus_name[4] = {
	[PS_OK] = "OK", [PS_WARN] = "WARNING", [PS_CRIT] = "CRITICAL", [PS_UNKNOWN] = "UNKNOWN",
};

const char *const probe_type_name[PT__COUNT] = {
	[PT_TCP] = "tcp", [PT_HTTP] = "http", [PT_HTTPS] = "https", [PT_SMTP] = "smtp",
	[PT_DNS] = "dns", [PT_UDP] = "udp", [PT_ICMP] = "icmp", [PT_EXEC] = "exec",
	[PT_FILE] = "file",
};

struct engine {
	int epfd;
	int tfd;
	int64_t armed_us;		/* what tfd is set to; 0 = disarmed */
	struct heap deadlines;		/* running probes */
};

static struct probe *next_deadline(const struct engine *e)
{
	struct heap_node *n = heap_top(&e->deadlines);

	return n ? container_of(n, struct probe, hn) : NULL;
}

int64_t engine_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int engine_new(struct engine **out)
{
	struct engine *e = calloc(1, sizeof(*e));
	struct epoll_event ev = { .events = EPOLLIN };

	if (!e)
		return -ENOMEM;
	e->epfd = epoll_create1(EPOLL_CLOEXEC);
	e->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ev.data.ptr = NULL;	/* NULL marks the timerfd */
	if (e->epfd < 0 || e->tfd < 0 || epoll_ctl(e->epfd, EPOLL_CTL_ADD, e->tfd, &ev) < 0) {
		int err = -errno;
		engine_free(e);
		return err;
	}
	*out = e;
	return 0;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	while (next_deadline(e))
		probe_cancel(next_deadline(e));
	if (e->epfd >= 0)
		close(e->epfd);
	if (e->tfd >= 0)
		close(e->tfd);
	heap_free(&e->deadlines);
	free(e);
}

int engine_fd(const struct engine *e) { return e->epfd; }
unsigned engine_running(const struct engine *e) { return (unsigned)e->deadlines.n; }

/* Lazy: the timer is moved only when the earliest deadline comes before
 * the armed time.  When probes finish (the usual case) the timer stays,
 * fires early at most once, and expire() re-arms it for what is left:
 * one timerfd_settime per timeout period instead of one per probe. */
static void engine_arm(struct engine *e)
{
	struct probe *p = next_deadline(e);
	int64_t when = p ? p->hn.key : 0;
	struct itimerspec its = { 0 };

	if (!when || (e->armed_us && e->armed_us <= when))
		return;
	its.it_value.tv_sec = when / 1000000;
	its.it_value.tv_nsec = (when % 1000000) * 1000;
	timerfd_settime(e->tfd, TFD_TIMER_ABSTIME, &its, NULL);
	e->armed_us = when;
}

/* --- probes -------------------------------------------------------------------- */
void probe_init(struct probe *p, const struct probe_spec *spec)
{
	memset(p, 0, sizeof(*p));
	p->spec = spec;
	p->w[0].fd = p->w[1].fd = -1;
	heap_node_init(&p->hn);
}

int probe_watch(struct probe *p, int slot, int fd, uint32_t events)
{
	struct probe_watch *w = &p->w[slot];
	struct epoll_event ev = { .events = events, .data.ptr = w };
	int op = w->fd == fd ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;

	if (w->fd >= 0 && w->fd != fd)
		probe_unwatch(p, slot);
	if (op == EPOLL_CTL_MOD && w->events == events)
		return 0;
	if (epoll_ctl(p->eng->epfd, op, fd, &ev) < 0)
		return -errno;
	w->p = p;
	w->fd = fd;
	w->events = events;
	return 0;
}

void probe_unwatch(struct probe *p, int slot)
{
	struct probe_watch *w = &p->w[slot];

	if (w->fd >= 0 && p->eng)
		epoll_ctl(p->eng->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
	w->events = 0;
}

void probe_set_deadline(struct probe *p, int64_t deadline_us)
{
	struct engine *e = p->eng;

	if (heap_in(&p->hn))
		heap_set(&e->deadlines, &p->hn, deadline_us);	/* moves: no allocation */
	else
		p->hn.key = deadline_us;
	engine_arm(e);
}

static void __attribute__((format(printf, 3, 0)))
vset(struct probe *p, enum pstatus st, const char *fmt, va_list ap)
{
	p->res.status = st;
	vsnprintf(p->res.reason, sizeof(p->res.reason), fmt, ap);
}

int probe_fail(struct probe *p, enum pstatus st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(p, st, fmt, ap);
	va_end(ap);
	return PROBE_DONE;
}

int probe_ok(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(p, PS_OK, fmt, ap);
	va_end(ap);
	return PROBE_DONE;
}

static void probe_stop(struct probe *p)
{
	const struct checker *c = checkers[p->spec->type];

	probe_unwatch(p, 0);
	probe_unwatch(p, 1);
	if (c->cleanup)
		c->cleanup(p);
	heap_remove(&p->eng->deadlines, &p->hn);
	engine_arm(p->eng);
	p->running = false;
}

static void probe_finish(struct probe *p)
{
	p->res.elapsed_us = engine_now_us() - p->start_us;
	probe_stop(p);
	if (p->done)
		p->done(p, p->done_arg);
}

int probe_start(struct engine *e, struct probe *p, probe_done_fn done, void *arg)
{
	const struct checker *c = checkers[p->spec->type];
	int r;

	if (p->running)
		return -EBUSY;
	memset(&p->res, 0, sizeof(p->res));
	p->res.weight = -1;
	p->res.http_code = -1;
	p->res.rcode = -1;
	p->eng = e;
	p->done = done;
	p->done_arg = arg;
	p->start_us = engine_now_us();

	p->w[0].fd = p->w[1].fd = -1;
	p->priv = NULL;
	r = heap_set(&e->deadlines, &p->hn, p->start_us + (int64_t)p->spec->timeout_ms * 1000);
	if (r < 0)
		return r;
	p->running = true;
	engine_arm(e);
	r = c->start(p);
	if (r != PROBE_AGAIN)
		probe_finish(p);
	return 0;
}

void probe_cancel(struct probe *p)
{
	if (p->running)
		probe_stop(p);
}

void probe_release(struct probe *p)
{
	probe_cancel(p);
	if (p->tls_session) {
		tls_session_free(p->tls_session);
		p->tls_session = NULL;
	}
}

/* A probe past its deadline whose answer is already waiting in its socket
 * was not slow: the loop was (a saturated CPU, thousands of sockets ready
 * at once, 64 handled per turn).  Give it that I/O before timing it out.
 * PROBE_DONE when that finished it, else PROBE_AGAIN. */
static int late_io(struct probe *p)
{
	for (int k = 0; k < 2; k++) {
		struct probe_watch *w = &p->w[k];
		struct pollfd pfd;
		int r;

		if (w->fd < 0)
			continue;
		/* POLLIN/OUT/PRI/ERR/HUP have the EPOLL* values on Linux */
		pfd = (struct pollfd){ .fd = w->fd, .events = (short)(w->events & (EPOLLIN | EPOLLOUT | EPOLLPRI)) };
		if (poll(&pfd, 1, 0) != 1 || !pfd.revents)
			continue;
		r = checkers[p->spec->type]->on_io(p, w->fd, (uint32_t)pfd.revents);
		if (r == PROBE_DONE || !p->running)
			return PROBE_DONE;
	}
	return PROBE_AGAIN;
}

static void expire(struct engine *e)
{
	int64_t now = engine_now_us();
	uint64_t ticks;

	while (read(e->tfd, &ticks, sizeof(ticks)) > 0)
		;
	e->armed_us = 0;
	for (struct probe *p; (p = next_deadline(e)) && p->hn.key <= now;) {
		const struct checker *c = checkers[p->spec->type];
		int r;

		if (late_io(p) == PROBE_DONE) {
			if (p->running)
				probe_finish(p);
			continue;
		}
		if (p->hn.key > now)
			continue;	/* the I/O moved it on to a new phase */
		if (c->on_deadline) {
			int64_t before = p->hn.key;
			r = c->on_deadline(p);
			if (r == PROBE_AGAIN && p->hn.key == before)
				r = probe_fail(p, PS_CRIT, "timeout");
		} else {
			r = probe_fail(p, PS_CRIT, "timeout after %d ms", p->spec->timeout_ms);
		}
		if (r == PROBE_DONE)
			probe_finish(p);
	}
	engine_arm(e);
}

void engine_dispatch(struct engine *e)
{
	struct epoll_event evs[64];
	int n, i;
	bool timer = false;

	n = epoll_wait(e->epfd, evs, 64, 0);
	for (i = 0; i < n; i++) {
		struct probe_watch *w = evs[i].data.ptr;
		struct probe *p;
		int r;

		if (!w) {
			timer = true;
			continue;
		}
		p = w->p;
		/* an earlier event in this batch may have finished the probe */
		if (w->fd < 0 || !p || !p->running)
			continue;
		r = checkers[p->spec->type]->on_io(p, w->fd, evs[i].events);
		if (r == PROBE_DONE)
			probe_finish(p);
	}
	if (timer || (next_deadline(e) && next_deadline(e)->hn.key <= engine_now_us()))
		expire(e);
}

int engine_run(struct engine *e, int timeout_ms)
{
	struct epoll_event ev;
	int n;

	n = epoll_wait(e->epfd, &ev, 1, timeout_ms);
	if (n < 0 && errno != EINTR)
		return -errno;
	engine_dispatch(e);
	return 0;
}
