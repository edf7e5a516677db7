/*
 * bench/lib/ipvs-sockopt-stand-in.c - lets keepalived's checker
 * (keepalived -C) start on a kernel without IPVS, for bench/hcheck-cpu.sh
 * --host only.  Never used by a test.
 *
 * keepalived's libipvs first looks for the "IPVS" generic netlink family
 * and, when the kernel has none, falls back to the old socket-option
 * interface (getsockopt/setsockopt on a raw IPv4 socket, IPPROTO_IP level,
 * options from IP_VS_BASE_CTL on).  This LD_PRELOAD library answers those
 * options alone, as an empty IPVS table that accepts every write, and
 * passes every other call to libc.  The checks themselves (sockets,
 * connects, HTTP) are untouched.  Every IPVS call is logged to
 * $IPVS_STANDIN_LOG as "SECONDS.USEC get|set OPTION", so that the
 * benchmark can show that keepalived made none while it was measured.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VS_BASE 1152	/* IP_VS_BASE_CTL: 64 + 1024 + 64 */
#define VS_LAST (VS_BASE + 15)

static void note(const char *what, int opt)
{
	static int fd = -2;
	struct timespec t;
	int e = errno;

	if (fd == -2) {
		const char *p = getenv("IPVS_STANDIN_LOG");
		fd = p ? open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	}
	if (fd >= 0) {
		clock_gettime(CLOCK_REALTIME, &t);
		dprintf(fd, "%ld.%06ld %s %d\n", (long)t.tv_sec, t.tv_nsec / 1000, what, opt - VS_BASE);
	}
	errno = e;
}

static int is_vs(int level, int opt)
{
	return level == IPPROTO_IP && opt >= VS_BASE && opt <= VS_LAST;
}

int getsockopt(int fd, int level, int opt, void *val, socklen_t *len)
{
	static int (*real)(int, int, int, void *, socklen_t *);

	if (!is_vs(level, opt)) {
		if (!real)
			real = (int (*)(int, int, int, void *, socklen_t *))dlsym(RTLD_NEXT, "getsockopt");
		return real(fd, level, opt, val, len);
	}
	note("get", opt);
	switch (opt - VS_BASE) {
	case 0: {	/* version string */
		static const char v[] = "IP Virtual Server version 1.2.1 (size=4096)";
		if (*len < sizeof(v)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(val, v, sizeof(v));
		return 0;
	}
	case 1: {	/* struct ip_vs_getinfo: version, table size, services */
		unsigned int info[3] = { 0x010201, 4096, 0 };
		if (*len < sizeof(info)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(val, info, sizeof(info));
		return 0;
	}
	default:	/* lists come back empty, single lookups find nothing */
		if (opt - VS_BASE == 3 || opt - VS_BASE == 5) {
			errno = ESRCH;
			return -1;
		}
		memset(val, 0, *len);
		return 0;
	}
}

int setsockopt(int fd, int level, int opt, const void *val, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);

	if (!is_vs(level, opt)) {
		if (!real)
			real = (int (*)(int, int, int, const void *, socklen_t))dlsym(RTLD_NEXT, "setsockopt");
		return real(fd, level, opt, val, len);
	}
	note("set", opt);
	return 0;
}
