/*
 * check_file.c - FILE_CHECK (keepalived track_file): the file holds a
 * number; 0 means healthy, anything else failed.  The value is reported as
 * res.weight so that the daemon can apply keepalived's weight arithmetic.
 * A missing or unreadable file is CRITICAL.  The read is synchronous: it is
 * one small local file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hcheckd/probe.h"

static int file_start(struct probe *p)
{
	const char *path = p->spec->path;
	char buf[64], *end;
	ssize_t n;
	long v;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return probe_fail(p, PS_CRIT, "%s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return probe_fail(p, PS_CRIT, "%s: %s", path, strerror(errno));
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 0);
	if (end == buf || errno)
		return probe_fail(p, PS_CRIT, "%s: no number in the file", path);
	p->res.weight = (int)v;
	if (v != 0)
		return probe_fail(p, PS_CRIT, "%s holds %ld", path, v);
	return probe_ok(p, "%s holds 0", path);
}

static int file_io(struct probe *p, int fd, uint32_t ev)
{
	return PROBE_AGAIN;
}

const struct checker check_file = { .start = file_start, .on_io = file_io };
