/*
 * loop.h - the event loop every daemon runs: one epoll, one signalfd,
 * timerfds on CLOCK_MONOTONIC.
 *
 * Callbacks run one at a time from loop_run() and must never block: a
 * socket is non-blocking, a script is spawned (script.h), a slow peer is
 * buffered.  A source may be removed from inside any callback, its own
 * included; the loop frees it only after the current batch of events.
 *
 *   struct loop *l = loop_new();
 *   loop_signal(l, SIGTERM, on_term, ctx);        signal blocked + signalfd
 *   loop_add_fd(l, fd, EPOLLIN, on_read, ctx);
 *   struct loop_timer *t = loop_timer_new(l, on_tick, ctx);
 *   loop_timer_set(t, 1000000);                   one-shot, in microseconds
 *   loop_run(l);                                  until loop_stop()
 */
#ifndef COMMON_LOOP_H
#define COMMON_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>

struct loop;
struct loop_timer;

typedef void (*loop_fd_cb)(int fd, uint32_t events, void *arg);
typedef void (*loop_timer_cb)(struct loop_timer *t, void *arg);
typedef void (*loop_signal_cb)(int signo, void *arg);

/* NULL on failure (errno set).  Caller frees with loop_free(). */
struct loop *loop_new(void);
/* Closes the loop's own fds and frees what is still registered (the
 * registered fds themselves are the caller's to close).  NULL is a no-op. */
void loop_free(struct loop *l);

/* Watch fd for events (EPOLLIN, EPOLLOUT...).  0 or -errno. */
int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *arg);
int loop_mod_fd(struct loop *l, int fd, uint32_t events);
/* Stop watching fd (does not close it).  0 or -ENOENT. */
int loop_del_fd(struct loop *l, int fd);

/* A one-shot timer, disarmed until loop_timer_set().  NULL on failure. */
struct loop_timer *loop_timer_new(struct loop *l, loop_timer_cb cb, void *arg);
/* Fire once after us microseconds (0 disarms). */
int loop_timer_set(struct loop_timer *t, uint64_t us);
void loop_timer_stop(struct loop_timer *t);
bool loop_timer_armed(const struct loop_timer *t);
/* Microseconds until it fires, 0 if disarmed. */
uint64_t loop_timer_remaining(const struct loop_timer *t);
/* Stop and free; NULL is a no-op. */
void loop_timer_free(struct loop_timer *t);

/* Deliver signo through the loop (it is blocked for the process).  One
 * callback per signal; 0 or -errno. */
int loop_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg);
/* The signals the loop has blocked, for a child to unblock after fork. */
void loop_sigmask(const struct loop *l, void *sigset_out);

/* Dispatch until loop_stop(); 0, or -errno if epoll fails. */
int loop_run(struct loop *l);
/* Run one batch of ready events, waiting at most timeout_ms (-1 forever). */
int loop_once(struct loop *l, int timeout_ms);
void loop_stop(struct loop *l);

/* CLOCK_MONOTONIC in microseconds. */
uint64_t loop_now_us(void);

#endif
