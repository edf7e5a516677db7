/* rsstate.c - the text of rs-add's state file (rs.h); pure, no I/O. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vipctl/rs.h"

static int parse_int(const char *s, int *out)
{
	char *end;
	long v;

	if (!s)
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -1000000 || v > 1000000)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int rs_state_parse(const char *text, struct rs_state *st, int *bad_line)
{
	const char *p = text;
	int lineno = 0;

	memset(st, 0, sizeof(*st));
	while (*p) {
		char line[256], *w[5], *save = NULL;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		int n = 0, ov, nv;

		lineno++;
		*bad_line = lineno;
		if (len >= sizeof(line))
			return -EINVAL;
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		for (char *t = strtok_r(line, " \t", &save); t && n < 5; t = strtok_r(NULL, " \t", &save))
			w[n++] = t;
		if (n == 0 || w[0][0] == '#')
			continue;
		if (strcmp(w[0], "vip") == 0 && n == 3) {
			if (strlen(w[1]) >= sizeof(st->vips[0].addr) ||
			    strlen(w[2]) >= sizeof(st->vips[0].dev) ||
			    rs_state_add_vip(st, w[1], w[2]) < 0)
				return -EINVAL;
		} else if (strcmp(w[0], "sysctl") == 0 && n == 4) {
			if (strncmp(w[1], "/proc/sys/", 10) != 0 || strstr(w[1], "..") ||
			    parse_int(w[2], &ov) < 0 || parse_int(w[3], &nv) < 0 ||
			    rs_state_add_sysctl(st, w[1], ov, nv) < 0)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	*bad_line = 0;
	return 0;
}

int rs_state_format(const struct rs_state *st, char *buf, size_t len)
{
	size_t off = 0;
	int n;

	n = snprintf(buf, len, "# vipctl rs-add: VIPs held for LVS-DR and the sysctls set for them\n");
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	off = (size_t)n;
	for (size_t i = 0; i < st->nvips; i++) {
		n = snprintf(buf + off, len - off, "vip %s %s\n", st->vips[i].addr, st->vips[i].dev);
		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += (size_t)n;
	}
	for (size_t i = 0; i < st->nsysctls; i++) {
		const struct rs_sysctl *s = &st->sysctls[i];

		n = snprintf(buf + off, len - off, "sysctl %s %d %d\n", s->path, s->old_val, s->new_val);
		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += (size_t)n;
	}
	return (int)off;
}

int rs_state_add_vip(struct rs_state *st, const char *addr, const char *dev)
{
	for (size_t i = 0; i < st->nvips; i++)
		if (strcmp(st->vips[i].addr, addr) == 0)
			return 0;
	if (st->nvips == RS_MAX_VIPS || strlen(addr) >= sizeof(st->vips[0].addr) ||
	    strlen(dev) >= sizeof(st->vips[0].dev))
		return -ENOSPC;
	snprintf(st->vips[st->nvips].addr, sizeof(st->vips[0].addr), "%s", addr);
	snprintf(st->vips[st->nvips].dev, sizeof(st->vips[0].dev), "%s", dev);
	st->nvips++;
	return 1;
}

int rs_state_del_vip(struct rs_state *st, const char *addr)
{
	for (size_t i = 0; i < st->nvips; i++) {
		if (strcmp(st->vips[i].addr, addr) != 0)
			continue;
		memmove(&st->vips[i], &st->vips[i + 1], (st->nvips - i - 1) * sizeof(st->vips[0]));
		st->nvips--;
		return 1;
	}
	return 0;
}

struct rs_sysctl *rs_state_sysctl(struct rs_state *st, const char *path)
{
	for (size_t i = 0; i < st->nsysctls; i++)
		if (strcmp(st->sysctls[i].path, path) == 0)
			return &st->sysctls[i];
	return NULL;
}

int rs_state_add_sysctl(struct rs_state *st, const char *path, int old_val, int new_val)
{
	struct rs_sysctl *s = rs_state_sysctl(st, path);

	if (s)
		return 0;	/* the first value before us is the one to restore */
	if (st->nsysctls == RS_MAX_SYSCTLS || strlen(path) >= RS_PATH_MAX)
		return -ENOSPC;
	s = &st->sysctls[st->nsysctls++];
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->old_val = old_val;
	s->new_val = new_val;
	return 1;
}
