/*
 * daemonize.h - a daemon's start: detach, the ready pipe, the pidfile and
 * systemd's notify socket, shared by vrrpd and hcheckd.
 *
 * The model: a daemon that detaches still owes its caller an answer to "did
 * it start?".  daemonize_detach() forks before anything is opened (epoll
 * does not see a signalfd made in another process, so the event loop must
 * be born in the daemon).  The parent stays in the foreground, blocked on a
 * pipe; the child calls setsid() and opens everything: configuration,
 * netlink, sockets, the control socket.  Until it is ready its warnings
 * still reach the caller's stderr (log_tee_stderr()), so a failure is told
 * on the terminal and by the exit status:
 *
 *   child calls daemonize_ready()   pidfile written, READY=1 to systemd,
 *                                    stdio on /dev/null, status byte 0 down
 *                                    the pipe: the parent exits 0
 *   child exits before that         the pipe closes without a byte: the
 *                                    parent exits with the child's status
 *
 * In the foreground (-n) there is no pipe; daemonize_ready() still writes the
 * pidfile and tells systemd (Type=notify).  The caller ignores SIGPIPE before
 * daemonize_ready() (a parent killed meanwhile must not kill the daemon).
 * The working directory is left as it is: relative -f, -S and include paths
 * keep their meaning for reloads and at exit.
 */
#ifndef COMMON_DAEMONIZE_H
#define COMMON_DAEMONIZE_H

#include <stddef.h>

/* Fork; returns only in the child (0), or -errno in the caller when the
 * fork or the pipe failed.  The parent never returns: it exits 0 once the
 * child is ready, else with the child's exit status (71 if it was killed). */
int daemonize_detach(void);

/* Everything is open: write pidfile (NULL: none) with our pid, tell systemd
 * READY=1 and release the parent.  0, or -errno with err set when the
 * pidfile cannot be written (nothing else is done then: the caller exits
 * with a start-up error). */
int daemonize_ready(const char *pidfile, char *err, size_t errlen);

/* sd_notify(3) without libsystemd: one datagram ("READY=1", "STOPPING=1",
 * "RELOADING=1") to $NOTIFY_SOCKET when it is set, else nothing. */
void daemonize_notify(const char *state);

/* At exit: remove pidfile (NULL: none) when it still names us, so a second
 * daemon that took it over keeps its own. */
void daemonize_done(const char *pidfile);

#endif
