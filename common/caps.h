/*
 * caps.h - keep only the capabilities a program needs (libcap-ng).
 *
 * Programs start as root or with ambient capabilities from systemd, open what
 * needs privilege, then call caps_keep() with the short list DESIGN.md gives
 * them.  caps_have() lets a tool say "missing CAP_NET_ADMIN" (exit 77) up
 * front instead of failing half-way.
 */
#ifndef COMMON_CAPS_H
#define COMMON_CAPS_H

#include <stdbool.h>

/* Keep exactly the capabilities in caps[] (terminated by -1), effective and
 * permitted, nothing inheritable or ambient; the bounding set is reduced too
 * when we may.  0 or -errno.  A no-op returning 0 when we hold none of them
 * anyway (an unprivileged run). */
int caps_keep(const int *caps);

/* Do we hold cap in the effective set? */
bool caps_have(int cap);

/* "CAP_NET_ADMIN" */
const char *caps_name(int cap);

#endif
