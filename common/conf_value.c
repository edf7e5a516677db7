/*
 * conf_value.c - walking a conf tree with keyword tables, and turning words
 * into values (see conf.h).  Every error names the node's file:line and the
 * word, in the grammar of keepalived -t.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/conf.h"
#include "common/log.h"

const char *conf_block_name(const struct conf_node *n, char *buf, size_t len)
{
	if (!n) {
		snprintf(buf, len, "top level");
		return buf;
	}
	snprintf(buf, len, "%s%s%s%s%s", n->kw, n->argc > 1 ? " " : "",
		 n->argc > 1 ? n->argv[1] : "", n->argc > 2 ? " " : "",
		 n->argc > 2 ? n->argv[2] : "");
	return buf;
}

const struct conf_node *conf_find(const struct conf_node *n, const char *kw)
{
	for (; n; n = n->next)
		if (strcmp(n->kw, kw) == 0)
			return n;
	return NULL;
}

/* Could '$' at p start a parameter when the text is read again? */
static bool param_start(const char *p)
{
	return p[0] == '$' && (p[1] == '{' || p[1] == '_' || isalpha((unsigned char)p[1]));
}

static bool special(const char *p)
{
	unsigned char ch = *p;

	return ch < 0x20 || ch == 0x7f || strchr(" {}#!\"'\\", ch) || param_start(p);
}

/* A word as conf_load() reads it back: bare when it can be, else in "..."
 * with \" and \\, and \NNN for control characters and for a '$' that
 * could start a parameter.  A first word that the preprocessor would take
 * (@ID, ~SEQ, include) is quoted too. */
static void put_word(FILE *f, const char *w, bool quoted, bool first)
{
	bool q = quoted || !*w ||
		 (first && (*w == '@' || *w == '~' ||
			    (strncmp(w, "include", 7) == 0 &&
			     (!w[7] || (strchr("rmwba", w[7]) && !w[8])))));

	for (const char *p = w; *p && !q; p++)
		q = special(p);
	if (!q) {
		fputs(w, f);
		return;
	}
	fputc('"', f);
	for (const char *p = w; *p; p++) {
		unsigned char ch = *p;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f || param_start(p))
			fprintf(f, "\\%03o", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

void conf_dump(const struct conf_node *n, FILE *f, int indent)
{
	for (; n; n = n->next) {
		fprintf(f, "%*s", indent * 4, "");
		for (int i = 0; i < n->argc; i++) {
			if (i)
				fputc(' ', f);
			put_word(f, n->argv[i], n->quoted[i], i == 0);
		}
		if (n->block) {
			fprintf(f, " {\n");
			conf_dump(n->child, f, indent + 1);
			fprintf(f, "%*s}", indent * 4, "");
		}
		fputc('\n', f);
	}
}

/* ---- walking ------------------------------------------------------------- */

/* IGNORED keywords warn once per tree: remember the table entries. */
static bool warned_before(struct conf *c, const void *key)
{
	const void **v;

	for (size_t i = 0; i < c->nwarned; i++)
		if (c->warned[i] == key)
			return true;
	v = realloc(c->warned, (c->nwarned + 1) * sizeof(*v));
	if (!v)
		return true;	/* better no warning than none at all later */
	c->warned = v;
	c->warned[c->nwarned++] = key;
	return false;
}

int conf_walk(const struct conf_node *first, const struct conf_kw *table, void *ctx,
	      struct conf_err *err)
{
	char where[256];

	for (const struct conf_node *n = first; n; n = n->next) {
		const struct conf_kw *e;
		int r;

		for (e = table; e->name; e++)
			if (strcmp(e->name, n->kw) == 0)
				break;
		if (!e->name && !e->fn)
			return conf_error(err, n, n->kw, "unknown keyword '%s' in %s", n->kw,
					  conf_block_name(n->parent, where, sizeof(where)));
		if (e->flags & CONF_KW_SKIP) {
			log_debug("%s:%d: skipping '%s'", n->file, n->line, n->kw);
			continue;
		}
		if (e->flags & CONF_KW_UNSUPPORTED)
			return conf_error(err, n, n->kw, "'%s' is not supported by %s", n->kw,
					  log_prog());
		if (e->flags & CONF_KW_IGNORED) {
			if (n->conf && !warned_before(n->conf, e))
				conf_warn(n, "'%s' is ignored by %s", n->kw, log_prog());
			continue;
		}
		if ((e->flags & CONF_KW_BLOCK) && !n->block)
			return conf_error(err, n, n->kw, "'%s' needs a { } block", n->kw);
		if (!(e->flags & (CONF_KW_BLOCK | CONF_KW_MAYBLOCK)) && n->block)
			return conf_error(err, n, n->kw, "'%s' takes no { } block", n->kw);
		if (e->fn && (r = e->fn(n, ctx, err)) < 0)
			return r;
	}
	return 0;
}

/* ---- values ---------------------------------------------------------------- */

static int need(const struct conf_node *n, int i, struct conf_err *err)
{
	if (i < n->argc)
		return 0;
	return conf_error(err, n, n->kw, "'%s' needs a value", n->kw);
}

int conf_nargs(const struct conf_node *n, int min, int max, struct conf_err *err)
{
	int k = n->argc - 1;

	if (k >= min && (max < 0 || k <= max))
		return k;
	if (k < min && min == max)
		return conf_error(err, n, n->kw, "'%s' needs %d value%s", n->kw, min,
				  min == 1 ? "" : "s");
	if (k < min)
		return conf_error(err, n, n->kw, "'%s' needs at least %d value%s", n->kw, min,
				  min == 1 ? "" : "s");
	if (max == 0)
		return conf_error(err, n, n->argv[1], "'%s' takes no value", n->kw);
	return conf_error(err, n, n->argv[max + 1], "'%s' takes at most %d value%s", n->kw,
			  max, max == 1 ? "" : "s");
}

/* strtoll with keepalived's forms: decimal, or 0x hex; *ok false on junk */
static long long parse_ll(const char *s, bool *ok)
{
	const char *p = s;
	char *end;
	long long v;
	int base = 10;

	*ok = false;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		if (!isxdigit((unsigned char)p[2]))
			return 0;
	} else if (!isdigit((unsigned char)*p)) {
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, base);
	if (*end || errno)
		return 0;
	*ok = true;
	return v;
}

/* argv[i] as a number in min..max */
static int number(const struct conf_node *n, int i, long long min, long long max,
		  long long *out, struct conf_err *err)
{
	bool ok;

	if (need(n, i, err) < 0)
		return -EINVAL;
	*out = parse_ll(n->argv[i], &ok);
	if (!ok)
		return conf_error(err, n, n->argv[i], "'%s' for '%s' is not a number",
				  n->argv[i], n->kw);
	if (*out < min || *out > max)
		return conf_error(err, n, n->argv[i], "'%s' for '%s' is out of range %lld..%lld",
				  n->argv[i], n->kw, min, max);
	return 0;
}

int conf_int(const struct conf_node *n, int i, int min, int max, int *out,
	     struct conf_err *err)
{
	long long v;

	if (number(n, i, min, max, &v, err) < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int conf_uint(const struct conf_node *n, int i, unsigned min, unsigned max,
	      unsigned *out, struct conf_err *err)
{
	long long v;

	if (number(n, i, min, max, &v, err) < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int conf_bool(const struct conf_node *n, int i, bool *out, struct conf_err *err)
{
	static const char *const yes[] = { "on", "true", "yes", "1" };
	static const char *const no[] = { "off", "false", "no", "0" };

	if (i >= n->argc) {
		*out = true;
		return 0;
	}
	for (size_t k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
		if (strcasecmp(n->argv[i], yes[k]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(n->argv[i], no[k]) == 0) {
			*out = false;
			return 0;
		}
	}
	return conf_error(err, n, n->argv[i],
			  "'%s' for '%s' is not a boolean (on/off, true/false, yes/no)",
			  n->argv[i], n->kw);
}

static bool all_upper(const char *s)
{
	for (; *s; s++)
		if (islower((unsigned char)*s))
			return false;
	return true;
}

int conf_enum(const struct conf_node *n, int i, const char *const names[], int *out,
	      struct conf_err *err)
{
	char list[256] = "";
	size_t len = 0;

	if (need(n, i, err) < 0)
		return -EINVAL;
	for (int k = 0; names[k]; k++)
		if (strcmp(n->argv[i], names[k]) == 0 ||
		    (all_upper(names[k]) && strcasecmp(n->argv[i], names[k]) == 0)) {
			*out = k;
			return 0;
		}
	for (int k = 0; names[k] && len < sizeof(list); k++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s", k ? ", " : "", names[k]);
	return conf_error(err, n, n->argv[i], "'%s' for '%s' is not one of: %s", n->argv[i],
			  n->kw, list);
}

int conf_duration(const struct conf_node *n, int i, uint64_t min_us, uint64_t max_us,
		  uint64_t *out_us, struct conf_err *err)
{
	const char *p;
	uint64_t sec = 0, frac = 0;
	int digits = 0, fd = 0;

	if (need(n, i, err) < 0)
		return -EINVAL;
	p = n->argv[i];
	for (; isdigit((unsigned char)*p); p++, digits++) {
		if (sec > (UINT64_MAX / 1000000 - 9) / 10)
			goto range;
		sec = sec * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, fd++) {
			if (fd >= 6)
				return conf_error(err, n, n->argv[i],
						  "'%s' for '%s' has more than 6 decimals",
						  n->argv[i], n->kw);
			frac = frac * 10 + (*p - '0');
		}
		for (int k = fd; k < 6; k++)
			frac *= 10;
	}
	if (*p || (digits == 0 && fd == 0))
		return conf_error(err, n, n->argv[i],
				  "'%s' for '%s' is not a duration in seconds", n->argv[i], n->kw);
	*out_us = sec * 1000000 + frac;
	if (*out_us < min_us || *out_us > max_us)
		goto range;
	return 0;
range:
	return conf_error(err, n, n->argv[i],
			  "'%s' for '%s' is out of range %llu.%06llu..%llu.%06llu seconds",
			  n->argv[i], n->kw, (unsigned long long)(min_us / 1000000),
			  (unsigned long long)(min_us % 1000000),
			  (unsigned long long)(max_us / 1000000),
			  (unsigned long long)(max_us % 1000000));
}

int conf_ipaddr(const struct conf_node *n, int i, int flags, struct ipaddr *out,
		struct conf_err *err)
{
	const char *why = "bad address";

	if (need(n, i, err) < 0)
		return -EINVAL;
	if (ipaddr_parse(n->argv[i], out, flags, &why) < 0)
		return conf_error(err, n, n->argv[i], "'%s' for '%s': %s", n->argv[i], n->kw,
				  why);
	return 0;
}

int conf_port(const struct conf_node *n, int i, uint16_t *out, struct conf_err *err)
{
	unsigned v;

	if (conf_uint(n, i, 0, 65535, &v, err) < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int conf_strdup(const struct conf_node *n, int i, char **out, struct conf_err *err)
{
	char *s;

	if (need(n, i, err) < 0)
		return -EINVAL;
	if (!(s = strdup(n->argv[i])))
		return conf_error(err, n, NULL, "out of memory");
	free(*out);
	*out = s;
	return 0;
}

int conf_script(const struct conf_node *n, int i, char **out, struct conf_err *err)
{
	size_t len = 1;
	char *s, *w;

	if (need(n, i, err) < 0)
		return -EINVAL;
	if (i == n->argc - 1)
		return conf_strdup(n, i, out, err);
	for (int k = i; k < n->argc; k++)
		len += 2 * strlen(n->argv[k]) + 3;
	if (!(s = malloc(len)))
		return conf_error(err, n, NULL, "out of memory");
	w = s;
	for (int k = i; k < n->argc; k++) {
		const char *a = n->argv[k];
		/* '...' keeps everything for script_split(); a word with a ' in it
		 * goes in "..." with " and \ escaped */
		char q = strchr(a, '\'') ? '"' : '\'';

		if (k > i)
			*w++ = ' ';
		if (!n->quoted[k]) {
			w = stpcpy(w, a);
			continue;
		}
		*w++ = q;
		for (; *a; a++) {
			if (q == '"' && (*a == '"' || *a == '\\'))
				*w++ = '\\';
			*w++ = *a;
		}
		*w++ = q;
	}
	*w = 0;
	free(*out);
	*out = s;
	return 0;
}

int conf_notify(const struct conf_node *n, int i, const char **cmd, const char **user,
		const char **group, struct conf_err *err)
{
	if (need(n, i, err) < 0)
		return -EINVAL;
	if (n->argc > i + 3)
		return conf_error(err, n, n->argv[i + 3],
				  "'%s' takes a command, a user and a group; quote a command "
				  "with arguments", n->kw);
	*cmd = n->argv[i];
	*user = n->argc > i + 1 ? n->argv[i + 1] : NULL;
	*group = n->argc > i + 2 ? n->argv[i + 2] : NULL;
	return 0;
}
