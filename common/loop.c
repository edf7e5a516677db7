/*
 * loop.c - epoll + signalfd + timerfd event loop (see loop.h).
 *
 * All timers share one timerfd: armed timers sit in a min-heap on their
 * deadline, and the timerfd is set (absolute time) to the earliest.  It is
 * moved only when a timer comes due before it; a timer moved later or
 * stopped leaves it alone and costs at most one early wake-up, which finds
 * nothing due and sets it to the new earliest.  255 VRRP instances
 * restarting their master-down timer on every advert thus make no
 * timerfd_settime call per advert, and no fd per timer.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "common/heap.h"
#include "common/loop.h"

enum src_kind { SRC_FD, SRC_TIMER, SRC_SIGNAL };

struct src {
	enum src_kind kind;
	int fd;
	bool dead;
	loop_fd_cb cb;
	void *arg;
	struct src *next;
};

struct loop_timer {
	struct loop *l;
	loop_timer_cb cb;
	void *arg;
	struct heap_node hn;		/* key: deadline (us); in the heap = armed */
	struct loop_timer *prev, *next;	/* every timer of the loop */
};

struct loop {
	int epfd;
	int sigfd;
	sigset_t sigs;
	struct {
		loop_signal_cb cb;
		void *arg;
	} sig[_NSIG];
	struct src *srcs;		/* every live source */
	struct src *graveyard;		/* removed during dispatch, freed after */
	bool stop;
	int tfd;			/* the one timerfd */
	uint64_t tfd_us;		/* what it is set to; 0 = not set */
	struct heap armed;		/* armed timers by deadline */
	struct loop_timer *timers;	/* all of them, for loop_free */
};

static struct src *src_add(struct loop *l, enum src_kind kind, int fd, uint32_t events);

uint64_t loop_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->sigfd = -1;
	sigemptyset(&l->sigs);
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (l->tfd < 0 || !src_add(l, SRC_TIMER, l->tfd, EPOLLIN)) {
		if (l->tfd >= 0)
			close(l->tfd);
		close(l->epfd);
		free(l);
		return NULL;
	}
	return l;
}

static void reap(struct loop *l)
{
	struct src *s;

	while ((s = l->graveyard)) {
		l->graveyard = s->next;
		free(s);
	}
}

void loop_free(struct loop *l)
{
	struct src *s;

	if (!l)
		return;
	while ((s = l->srcs)) {
		l->srcs = s->next;
		free(s);
	}
	while (l->timers) {
		struct loop_timer *t = l->timers;
		l->timers = t->next;
		free(t);
	}
	heap_free(&l->armed);
	close(l->tfd);
	reap(l);
	if (l->sigfd >= 0)
		close(l->sigfd);
	close(l->epfd);
	free(l);
}

static struct src *src_add(struct loop *l, enum src_kind kind, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events };
	struct src *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->kind = kind;
	s->fd = fd;
	ev.data.ptr = s;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = errno;

		free(s);
		errno = e;
		return NULL;
	}
	s->next = l->srcs;
	l->srcs = s;
	return s;
}

static void src_del(struct loop *l, struct src *s)
{
	struct src **pp;

	epoll_ctl(l->epfd, EPOLL_CTL_DEL, s->fd, NULL);
	for (pp = &l->srcs; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	s->dead = true;
	s->next = l->graveyard;
	l->graveyard = s;
}

static struct src *src_find(struct loop *l, int fd)
{
	struct src *s;

	for (s = l->srcs; s; s = s->next)
		if (s->fd == fd && s->kind == SRC_FD)
			return s;
	return NULL;
}

int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *arg)
{
	struct src *s = src_add(l, SRC_FD, fd, events);

	if (!s)
		return -errno;
	s->cb = cb;
	s->arg = arg;
	return 0;
}

int loop_mod_fd(struct loop *l, int fd, uint32_t events)
{
	struct src *s = src_find(l, fd);
	struct epoll_event ev = { .events = events };

	if (!s)
		return -ENOENT;
	ev.data.ptr = s;
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
}

int loop_del_fd(struct loop *l, int fd)
{
	struct src *s = src_find(l, fd);

	if (!s)
		return -ENOENT;
	src_del(l, s);
	return 0;
}

/* --- timers ------------------------------------------------------------------ */
static struct loop_timer *first(const struct loop *l)
{
	struct heap_node *n = heap_top(&l->armed);

	return n ? container_of(n, struct loop_timer, hn) : NULL;
}

/* the timerfd to the earliest deadline, when that is before what it is set to */
static int rearm(struct loop *l)
{
	struct itimerspec its = { 0 };
	struct loop_timer *t = first(l);
	uint64_t when;

	if (!t)
		return 0;	/* a wake-up set for a stopped timer finds nothing */
	when = (uint64_t)t->hn.key;
	if (l->tfd_us && l->tfd_us <= when)
		return 0;
	its.it_value.tv_sec = (time_t)(when / 1000000u);
	its.it_value.tv_nsec = (long)(when % 1000000u) * 1000;
	if (timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
		return -errno;
	l->tfd_us = when;
	return 0;
}

struct loop_timer *loop_timer_new(struct loop *l, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->l = l;
	t->cb = cb;
	t->arg = arg;
	heap_node_init(&t->hn);
	t->next = l->timers;
	if (l->timers)
		l->timers->prev = t;
	l->timers = t;
	return t;
}

int loop_timer_set(struct loop_timer *t, uint64_t us)
{
	struct loop *l = t->l;
	int r;

	if (!us) {
		heap_remove(&l->armed, &t->hn);
		return 0;
	}
	if ((r = heap_set(&l->armed, &t->hn, (int64_t)(loop_now_us() + us))) < 0)
		return r;
	return rearm(l);
}

void loop_timer_stop(struct loop_timer *t)
{
	if (t)
		loop_timer_set(t, 0);
}

bool loop_timer_armed(const struct loop_timer *t)
{
	return t && heap_in(&t->hn);
}

uint64_t loop_timer_remaining(const struct loop_timer *t)
{
	uint64_t now;

	if (!t || !heap_in(&t->hn))
		return 0;
	now = loop_now_us();
	return (uint64_t)t->hn.key > now ? (uint64_t)t->hn.key - now : 0;
}

void loop_timer_free(struct loop_timer *t)
{
	struct loop *l;

	if (!t)
		return;
	l = t->l;
	heap_remove(&l->armed, &t->hn);
	if (t->prev)
		t->prev->next = t->next;
	else
		l->timers = t->next;
	if (t->next)
		t->next->prev = t->prev;
	free(t);
}

/* the timerfd fired: every timer due runs, earliest first */
static void run_timers(struct loop *l)
{
	uint64_t n, now;

	if (read(l->tfd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		return;
	l->tfd_us = 0;
	now = loop_now_us();
	/* a callback may set, stop or free any timer: look at the top anew
	 * each time; one set again from its callback is due after now */
	for (struct loop_timer *t; (t = first(l)) && (uint64_t)t->hn.key <= now;) {
		heap_remove(&l->armed, &t->hn);
		t->cb(t, t->arg);
	}
	rearm(l);
}

int loop_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg)
{
	int fd;

	if (signo <= 0 || signo >= _NSIG)
		return -EINVAL;
	sigaddset(&l->sigs, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigs, NULL) < 0)
		return -errno;
	fd = signalfd(l->sigfd, &l->sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (l->sigfd < 0) {
		l->sigfd = fd;
		if (!src_add(l, SRC_SIGNAL, fd, EPOLLIN))
			return -errno;
	}
	l->sig[signo].cb = cb;
	l->sig[signo].arg = arg;
	return 0;
}

void loop_sigmask(const struct loop *l, void *sigset_out)
{
	memcpy(sigset_out, &l->sigs, sizeof(sigset_t));
}

static void dispatch(struct loop *l, struct src *s, uint32_t events)
{
	if (s->dead)
		return;
	switch (s->kind) {
	case SRC_FD:
		s->cb(s->fd, events, s->arg);
		break;
	case SRC_TIMER:
		run_timers(l);
		break;
	case SRC_SIGNAL: {
		struct signalfd_siginfo si;

		while (read(s->fd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo < _NSIG && l->sig[si.ssi_signo].cb)
				l->sig[si.ssi_signo].cb((int)si.ssi_signo,
							l->sig[si.ssi_signo].arg);
			if (s->dead)
				break;
		}
		break;
	}
	}
}

int loop_once(struct loop *l, int timeout_ms)
{
	struct epoll_event evs[32];
	int n, i;

	n = epoll_wait(l->epfd, evs, 32, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++)
		dispatch(l, evs[i].data.ptr, evs[i].events);
	reap(l);
	return n;
}

int loop_run(struct loop *l)
{
	int r;

	l->stop = false;
	while (!l->stop) {
		r = loop_once(l, -1);
		if (r < 0)
			return r;
	}
	return 0;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}
