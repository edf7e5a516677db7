/*
 * track_file.h - track_file (vrrp_track_file): an integer read from a file
 * whenever it changes, multiplied by a weight (track.h has the arithmetic).
 *
 *   track_file NAME { file "/path"  weight 1 [reverse]  init_file [VALUE] [overwrite] }
 *
 * keepalived's reading rules: the file's leading integer (after blanks,
 * optional sign) is the value; a missing, unreadable, empty or non-numeric
 * file counts as 0.  The directory is watched with inotify, so a file
 * written in place, created, deleted or replaced by rename (the safe way
 * to update it: write a temporary file, then mv) is read again at once.
 */
#ifndef VRRPD_TRACK_FILE_H
#define VRRPD_TRACK_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/loop.h"
#include "vrrpd/track.h"

struct track_file_conf {
	char name[64];
	char path[PATH_MAX];
	int weight;			/* default 1 */
	bool reverse;
	bool init_file;			/* write init_value at start when missing */
	long long init_value;
	bool overwrite;			/* ... or always */
};

struct track_file {
	struct track_obs obs;		/* first member */
	struct track_file_conf c;
	int wd;				/* inotify watch on the directory */
	unsigned long long reads;
	struct track_file *next;
};

struct track_filemon;

/* The value in buf (len bytes, need not be terminated).  Pure. */
long long track_file_parse(const char *buf, size_t len);
/* Read path: its value, 0 when missing or unreadable. */
long long track_file_read(const char *path);

void track_file_conf_init(struct track_file_conf *c, const char *name);

/* NULL on failure (errno).  Frees its objects in track_filemon_free(). */
struct track_filemon *track_filemon_new(struct loop *l);
void track_filemon_free(struct track_filemon *m);

/* Add a tracked file (init_file applied, first read done).  NULL on
 * failure (errno; -ENOENT when the directory does not exist). */
struct track_file *track_file_add(struct track_filemon *m, const struct track_file_conf *c);
struct track_file *track_file_find(struct track_filemon *m, const char *name);

#endif
