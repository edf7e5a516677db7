/*
 * exitcode.h - the exit codes every program shares (docs/DESIGN.md).
 *
 * 0 is success or "yes", 1 is "no" (or refused as stated); the rest are the
 * sysexits.h values.  One-shot health checks use the monitoring-plugin codes
 * instead (hcheckd).
 */
#ifndef COMMON_EXITCODE_H
#define COMMON_EXITCODE_H

#include <sysexits.h>

#define EXIT_YES	0
#define EXIT_NO		1
#define EXIT_USAGE	EX_USAGE	/* 64: bad flag, bad address */
#define EXIT_NODAEMON	EX_UNAVAILABLE	/* 69: daemon not running, socket refused */
#define EXIT_KERNEL	EX_OSERR	/* 71: the kernel refused (netlink error) */
#define EXIT_NOPERM	EX_NOPERM	/* 77: missing privilege */
#define EXIT_CONFIG	EX_CONFIG	/* 78: configuration error */

/* The exit code for a failed system or kernel request: 77 for EPERM/EACCES,
 * 71 for everything else.  err may be given as errno or -errno. */
int exitcode_for_errno(int err);

#endif
