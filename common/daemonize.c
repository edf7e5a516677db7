/*
 * daemonize.c - detach, the ready pipe, the pidfile, sd_notify (see
 * daemonize.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/daemonize.h"
#include "common/exitcode.h"
#include "common/log.h"

static int ready_fd = -1;	/* the child's end of the pipe, until ready */

/* The parent: the status byte, else the child's own exit status. */
static void __attribute__((noreturn)) wait_ready(int fd, pid_t child)
{
	unsigned char c;
	ssize_t n;
	int status;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1)
		_exit(c);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			_exit(EXIT_KERNEL);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_KERNEL);
}

int daemonize_detach(void)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(p[0]);
		close(p[1]);
		return -e;
	}
	if (pid > 0) {
		close(p[1]);
		wait_ready(p[0], pid);
	}
	close(p[0]);
	ready_fd = p[1];
	setsid();
	log_tee_stderr(true);
	return 0;
}

static int write_pidfile(const char *path)
{
	char buf[32];
	int fd, n, e = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, (size_t)n) != n)
		e = errno ? errno : EIO;
	if (close(fd) < 0 && !e)
		e = errno;
	if (e)
		unlink(path);
	return -e;
}

int daemonize_ready(const char *pidfile, char *err, size_t errlen)
{
	int fd, ret;

	if (pidfile && (ret = write_pidfile(pidfile)) < 0) {
		snprintf(err, errlen, "pidfile %s: %s", pidfile, strerror(-ret));
		return ret;
	}
	daemonize_notify("READY=1");
	if (ready_fd < 0)
		return 0;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	log_tee_stderr(false);
	(void)!write(ready_fd, "", 1);	/* status byte 0: started */
	close(ready_fd);
	ready_fd = -1;
	return 0;
}

void daemonize_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t plen;
	int fd;

	if (!path || !path[0] || (plen = strlen(path)) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, plen);
	if (sa.sun_path[0] == '@')	/* abstract namespace */
		sa.sun_path[0] = 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	(void)sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen));
	close(fd);
}

void daemonize_done(const char *pidfile)
{
	char buf[32];
	ssize_t n;
	int fd;

	if (!pidfile || (fd = open(pidfile, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = 0;
		if (atol(buf) == (long)getpid())
			unlink(pidfile);
	}
}
