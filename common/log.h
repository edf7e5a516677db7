/*
 * log.h - logging in OpenBSD's verbs.
 *
 * Foreground programs log to stderr as "prog: message"; daemons may switch to
 * syslog with log_init(..., LOG_TO_SYSLOG).  log_warn() appends strerror(errno),
 * log_warnx() does not.  Library code logs at debug level at most and never
 * exits: only main() and fatal() end the process.
 */
#ifndef COMMON_LOG_H
#define COMMON_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_dest { LOG_TO_STDERR, LOG_TO_SYSLOG };

/* verbosity: 0 = warnings and info, 1 = + debug; -1 = warnings only */
void log_init(const char *prog, enum log_dest dest, int verbosity);
void log_set_verbosity(int verbosity);
/* While on, warnings and errors logged to syslog are written to stderr too:
 * a daemon starting in the background tells its caller why it failed
 * (daemonize.h). */
void log_tee_stderr(bool on);
int log_verbosity(void);
const char *log_prog(void);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_warnx() and exit(code) */
void fatalx(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
/* log_warn() and exit(code) */
void fatal(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
