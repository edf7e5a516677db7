#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "common/log.h"

static const char *log_name = "ha";
static enum log_dest log_to = LOG_TO_STDERR;
static int log_verbose;
static bool log_tee;

void log_init(const char *prog, enum log_dest dest, int verbosity)
{
	log_name = prog;
	log_to = dest;
	log_verbose = verbosity;
	if (dest == LOG_TO_SYSLOG)
		openlog(prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_tee_stderr(bool on)
{
	log_tee = on;
}

void log_set_verbosity(int verbosity)
{
	log_verbose = verbosity;
}

int log_verbosity(void)
{
	return log_verbose;
}

const char *log_prog(void)
{
	return log_name;
}

static void vlog(int pri, const char *fmt, va_list ap, int err)
	__attribute__((format(printf, 2, 0)));

static void vlog(int pri, const char *fmt, va_list ap, int err)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_to == LOG_TO_SYSLOG) {
		if (err)
			syslog(pri, "%s: %s", msg, strerror(err));
		else
			syslog(pri, "%s", msg);
		if (!log_tee || pri > LOG_WARNING)
			return;
	}
	if (err)
		fprintf(stderr, "%s: %s: %s\n", log_name, msg, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", log_name, msg);
}

void log_warn(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, err);
	va_end(ap);
	errno = err;
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 0);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 0)
		return;
	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, 0);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 1)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, 0);
	va_end(ap);
}

void fatalx(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, 0);
	va_end(ap);
	exit(code);
}

void fatal(int code, const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, err);
	va_end(ap);
	exit(code);
}
