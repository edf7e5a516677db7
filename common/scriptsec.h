/*
 * scriptsec.h - enable_script_security: refuse a script that someone other
 * than root (or the user it runs as) could change, as keepalived does.
 *
 * The command's first word is looked up in PATH when it has no '/'.  The
 * file and every directory above it are checked, both along the path as
 * written (a symlink can be swapped by whoever owns its directory) and along
 * the resolved path.  A component is unsafe when it is owned by another
 * user than root or run_uid, group-writable with a group other than root's
 * (or run_gid), or world-writable (a directory with the sticky bit is
 * accepted, as /tmp: nobody can replace another user's entry there).
 */
#ifndef COMMON_SCRIPTSEC_H
#define COMMON_SCRIPTSEC_H

#include <stddef.h>
#include <sys/types.h>

/* Resolve the command's first word to a path (PATH search when it has no
 * '/').  0, -ENOENT when not found, -EACCES when found but not executable,
 * -EINVAL when the command is empty or does not split. */
int scriptsec_resolve(const char *cmd, char *path, size_t len);

/* 0 when safe; -EPERM with why ("/x/y is writable by group 1000") when
 * not; or the -errno of resolve/stat with why set. */
int scriptsec_check(const char *cmd, uid_t run_uid, gid_t run_gid, char *why, size_t len);

#endif
