/*
 * nlmon.h - an rtnetlink monitor on the event loop: a socket subscribed to
 * multicast groups (RTMGRP_IPV4_IFADDR, RTMGRP_LINK, ...) whose messages go
 * to one callback, one at a time, as the loop reads them.
 *
 * The kernel drops notifications when the socket's buffer is full; the
 * callback is then called once with nlh NULL, meaning "events were lost:
 * look at the system again" (a dump), which is the only way to be right
 * after an overrun.
 *
 *	static void on_msg(const struct nlmsghdr *nlh, void *arg) { ... }
 *	struct nlmon *m;
 *	nlmon_open(&m, loop, RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR, on_msg, ctx);
 *	...
 *	nlmon_close(m);
 */
#ifndef COMMON_NLMON_H
#define COMMON_NLMON_H

#include <linux/netlink.h>

struct loop;
struct nlmon;

typedef void (*nlmon_cb)(const struct nlmsghdr *nlh, void *arg);

/* 0 or -errno; *out is freed with nlmon_close() (NULL is a no-op), which
 * also takes the socket off the loop. */
int nlmon_open(struct nlmon **out, struct loop *l, unsigned groups, nlmon_cb cb, void *arg);
void nlmon_close(struct nlmon *m);

#endif
