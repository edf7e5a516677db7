/*
 * batch.c - vipctl -b FILE: many commands on one netlink socket.
 *
 * One command per line, as on the command line without "vipctl"; blank lines
 * and lines starting with '#' are skipped.  Every line runs even when an
 * earlier one failed; each failure is reported as FILE:LINE: message, and the
 * exit code is that of the first failing line (64 when FILE cannot be read).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "vipctl/vipctl.h"

#define MAX_WORDS 32

int batch_run(struct vipctl *v, const char *path, int verbose, bool json)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, first = 0;

	/* a batch that cannot be read ran nothing: the argument of -b was
	 * wrong, a usage error (1 would read as a "no") */
	if (!f) {
		log_warn("unable to read %s", path);
		return EXIT_USAGE;
	}
	if (vip_cache_on(v) < 0)
		log_debug("no address cache for this batch: every line asks the kernel");
	while (getline(&line, &cap, f) >= 0) {
		char *argv[MAX_WORDS + 2], *save = NULL, err[256];
		struct vip_cmd cmd;
		int argc = 0, ret;

		lineno++;
		argv[argc++] = "vipctl";
		for (char *w = strtok_r(line, " \t\r\n", &save); w;
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			if (argc == 1 && w[0] == '#')
				break;
			if (argc > MAX_WORDS)
				break;
			argv[argc++] = w;
		}
		argv[argc] = NULL;
		if (argc == 1)
			continue;
		if (argc > MAX_WORDS) {
			log_warnx("%s:%d: too many words", path, lineno);
			ret = EXIT_USAGE;
		} else if (cli_parse(argc, argv, &cmd, err, sizeof(err)) < 0 ||
			   cmd.help || cmd.version) {
			log_warnx("%s:%d: %s", path, lineno,
				  cmd.help || cmd.version ? "--help/--version in a batch" : err);
			ret = EXIT_USAGE;
		} else {
			cmd.verbose += verbose;
			cmd.json |= json;
			v->cmd = &cmd;
			ret = vip_run(v);
			v->cmd = NULL;
			if (ret && ret != EXIT_NO)
				log_warnx("%s:%d: failed (exit %d)", path, lineno, ret);
		}
		if (ret && !first)
			first = ret;
	}
	/* a directory opens, and fails at the first read */
	if (ferror(f)) {
		log_warn("unable to read %s", path);
		if (!first)
			first = EXIT_USAGE;
	}
	free(line);
	vip_cache_off(v);
	if (f != stdin)
		fclose(f);
	return first;
}
