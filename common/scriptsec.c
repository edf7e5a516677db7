/*
 * scriptsec.c - script security checks (see scriptsec.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/script.h"
#include "common/scriptsec.h"

int scriptsec_resolve(const char *cmd, char *path, size_t len)
{
	char buf[1024], *argv[SCRIPT_MAX_ARGS], cand[PATH_MAX];
	const char *p, *e, *env;
	bool found = false;
	struct stat sb;

	snprintf(buf, sizeof(buf), "%s", cmd ? cmd : "");
	if (script_split(buf, argv, SCRIPT_MAX_ARGS) <= 0)
		return -EINVAL;
	if (strchr(argv[0], '/')) {
		if (stat(argv[0], &sb) < 0)
			return -errno;
		snprintf(path, len, "%s", argv[0]);
		if (!S_ISREG(sb.st_mode) || !(sb.st_mode & 0111))
			return -EACCES;
		return 0;
	}
	env = getenv("PATH");
	if (!env || !*env)
		env = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (p = env; *p; p = *e ? e + 1 : e) {
		e = strchrnul(p, ':');
		snprintf(cand, sizeof(cand), "%.*s/%s", (int)(e - p), p, argv[0]);
		if (stat(cand, &sb) < 0)
			continue;
		found = true;
		if (S_ISREG(sb.st_mode) && (sb.st_mode & 0111)) {
			snprintf(path, len, "%s", cand);
			return 0;
		}
	}
	return found ? -EACCES : -ENOENT;
}

/* one component: 0, or -EPERM with why */
static int unsafe(const char *p, uid_t uid, gid_t gid, char *why, size_t len)
{
	struct stat sb;

	if (stat(p, &sb) < 0) {
		snprintf(why, len, "%s: %s", p, strerror(errno));
		return -errno;
	}
	if (sb.st_uid != 0 && sb.st_uid != uid) {
		snprintf(why, len, "%s is owned by uid %u", p, (unsigned)sb.st_uid);
		return -EPERM;
	}
	if ((sb.st_mode & S_IWGRP) && sb.st_gid != 0 && sb.st_gid != gid) {
		snprintf(why, len, "%s is writable by group %u", p, (unsigned)sb.st_gid);
		return -EPERM;
	}
	if ((sb.st_mode & S_IWOTH) && !(S_ISDIR(sb.st_mode) && (sb.st_mode & S_ISVTX))) {
		snprintf(why, len, "%s is writable by everyone", p);
		return -EPERM;
	}
	return 0;
}

/* p and every directory above it */
static int walk(const char *path, uid_t uid, gid_t gid, char *why, size_t len)
{
	char p[PATH_MAX], *slash;
	int r;

	snprintf(p, sizeof(p), "%s", path);
	for (;;) {
		r = unsafe(p[0] ? p : "/", uid, gid, why, len);
		if (r < 0)
			return r;
		if (!p[0] || !strcmp(p, "/"))
			return 0;
		slash = strrchr(p, '/');
		if (!slash)
			return unsafe(".", uid, gid, why, len);
		*slash = 0;	/* "/usr/bin" -> "/usr" -> "" (the root) */
	}
}

int scriptsec_check(const char *cmd, uid_t run_uid, gid_t run_gid, char *why, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	int r;

	r = scriptsec_resolve(cmd, path, sizeof(path));
	if (r < 0) {
		snprintf(why, len, "%s", r == -ENOENT ? "not found" :
			 r == -EACCES ? "not an executable file" : "empty command");
		return r;
	}
	r = walk(path, run_uid, run_gid, why, len);
	if (r < 0)
		return r;
	if (!realpath(path, real)) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -errno;
	}
	return strcmp(real, path) ? walk(real, run_uid, run_gid, why, len) : 0;
}
