/*
 * conf_lex.c - keepalived.conf lines into tokens (see conf.h for the
 * syntax): comments, @ID conditions, $NAME parameters, ~SEQ, include, and
 * the splitting of a line into words, quotes and braces.
 *
 * Files are read whole and taken line by line.  A line from a file loses
 * its comments first (keepalived's decomment()); text made by substitution
 * does not, since its definition lost them already.  Expansions are lexed
 * recursively with every line numbered as the line that used them, within
 * budgets (depth, bytes, tokens) so that no input can run away.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/conf.h"
#include "common/conf_lex.h"

#define MAX_EXPAND_DEPTH 16	/* substitution producing lines producing ... */
#define MAX_LINE_EXPANSION (64 * 1024)
#define MAX_FILE_SIZE (16 * 1024 * 1024)
#define MAX_TOKENS (1024 * 1024)
#define MAX_EXPANDED (4 * 1024 * 1024)	/* bytes produced by substitution, per load */
#define EXPANSION_COST 64	/* counted per expansion, so that empty ones end too */

int conf_lex_error(struct lexer *lx, const char *file, int line, const char *word,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_err_vset(lx->err, file, line, word, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void lx_warn(struct lexer *lx, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void lx_warn(struct lexer *lx, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vwarn(lx->c, file, line, fmt, ap);
	va_end(ap);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static bool is_name_start(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_';
}

static bool is_name_char(char ch)
{
	return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

static const char *intern_file(struct lexer *lx, const char *name)
{
	struct conf *c = lx->c;
	char **v, *s;

	for (size_t i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i], name) == 0)
			return c->files[i];
	v = realloc(c->files, (c->nfiles + 1) * sizeof(*v));
	if (!v)
		return NULL;
	c->files = v;
	if (!(s = strdup(name)))
		return NULL;
	c->files[c->nfiles++] = s;
	return s;
}

static int push_tok(struct lexer *lx, int kind, const char *s, size_t len, bool quoted,
		    const char *file, int line)
{
	struct tok *t;

	if (lx->nt == lx->capt) {
		size_t cap = lx->capt ? 2 * lx->capt : 256;

		if (cap > MAX_TOKENS)
			return conf_lex_error(lx, file, line, NULL, "configuration too large");
		t = realloc(lx->t, cap * sizeof(*t));
		if (!t)
			return conf_oom(lx->err);
		lx->t = t;
		lx->capt = cap;
	}
	t = &lx->t[lx->nt];
	t->s = NULL;
	if (kind == T_WORD && !(t->s = strndup(s, len)))
		return conf_oom(lx->err);
	t->file = file;
	t->line = line;
	t->kind = kind;
	t->quoted = quoted;
	lx->nt++;
	return 0;
}

static const struct var *var_find(const struct lexer *lx, const char *name, size_t len)
{
	for (size_t i = 0; i < lx->nvars; i++)
		if (strlen(lx->vars[i].name) == len && memcmp(lx->vars[i].name, name, len) == 0)
			return &lx->vars[i];
	return NULL;
}

static int var_set(struct lexer *lx, const char *name, size_t nlen, char *value)
{
	struct var *v = (struct var *)var_find(lx, name, nlen);

	if (v) {
		free(v->value);
		v->value = value;
		return 0;
	}
	v = realloc(lx->vars, (lx->nvars + 1) * sizeof(*v));
	if (!v) {
		free(value);
		return conf_oom(lx->err);
	}
	lx->vars = v;
	v = &lx->vars[lx->nvars];
	if (!(v->name = strndup(name, nlen))) {
		free(value);
		return conf_oom(lx->err);
	}
	v->value = value;
	lx->nvars++;
	return 0;
}

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *n;

		while (cap < b->len + len + 1)
			cap *= 2;
		if (!(n = realloc(b->s, cap)))
			return -ENOMEM;
		b->s = n;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = 0;
	return 0;
}

/* One round of substitution of p into *out; *changed says if anything was
 * replaced. */
static int subst_once(struct lexer *lx, const char *p, struct buf *out, bool *changed)
{
	const struct var *v;
	const char *q;

	out->len = 0;
	if (buf_add(out, "", 0) < 0)
		return -ENOMEM;
	while (*p) {
		if (*p != '$') {
			q = strchr(p, '$');
			if (!q)
				q = p + strlen(p);
			if (buf_add(out, p, q - p) < 0)
				return -ENOMEM;
			p = q;
			continue;
		}
		if (p[1] == '{' && is_name_start(p[2])) {
			q = p + 2;
			while (is_name_char(*q))
				q++;
			if (*q == '}' && (v = var_find(lx, p + 2, q - p - 2))) {
				if (buf_add(out, v->value, strlen(v->value)) < 0)
					return -ENOMEM;
				*changed = true;
				p = q + 1;
				continue;
			}
		} else if (is_name_start(p[1])) {
			q = p + 1;
			while (is_name_char(*q))
				q++;
			if ((!*q || is_blank(*q) || *q == ',' || *q == ')') &&
			    (v = var_find(lx, p + 1, q - p - 1))) {
				if (buf_add(out, v->value, strlen(v->value)) < 0)
					return -ENOMEM;
				*changed = true;
				p = q;
				continue;
			}
		}
		if (buf_add(out, p, 1) < 0)
			return -ENOMEM;
		p++;
	}
	return 0;
}

/* Replace parameters until nothing changes.  *res is NULL if nothing was
 * replaced, else the new text (caller frees). */
static int substitute(struct lexer *lx, const char *line, const char *file, int lineno,
		      char **res)
{
	struct buf a = { 0 }, b = { 0 }, t;
	const char *cur = line;
	bool any = false;
	int rounds;

	*res = NULL;
	for (rounds = 0; rounds < 64; rounds++) {
		bool changed = false;

		if (subst_once(lx, cur, &a, &changed) < 0) {
			free(a.s);
			free(b.s);
			return conf_oom(lx->err);
		}
		if (!changed)
			break;
		any = true;
		if (a.len > MAX_LINE_EXPANSION)
			break;
		t = a, a = b, b = t;
		cur = b.s;
	}
	free(a.s);
	if (rounds == 64 || b.len > MAX_LINE_EXPANSION || a.len > MAX_LINE_EXPANSION) {
		free(b.s);
		return conf_lex_error(lx, file, lineno, NULL,
				"parameter substitution does not end (a parameter refers to itself?)");
	}
	if (any)
		*res = b.s;
	else
		free(b.s);
	return 0;
}

static int lex_text(struct lexer *lx, const char *text, size_t len, const char *file,
		    int line0, int depth);
static int load_file(struct lexer *lx, const char *path, const char *from_file,
		     int from_line, bool must_read);

/* dirname of file joined with pattern, unless pattern is absolute */
static char *include_path(const char *file, const char *pat)
{
	const char *slash = strrchr(file, '/');
	char *s;

	if (pat[0] == '/' || !slash)
		return strdup(pat);
	if (asprintf(&s, "%.*s/%s", (int)(slash - file), file, pat) < 0)
		return NULL;
	return s;
}

/* include PAT...: variant 0 (plain include: a pattern that matches
 * nothing and unreadable files are warnings, but a name without wildcards
 * or braces must exist), 'r' (unreadable is an error), 'm', 'w', 'b' (no
 * match is an error), 'a' (both).  keepalived's wildcard and brace checks
 * are approximated by the match check.  keepalived only logs a plain
 * include of a missing file (unless -e or include_check); here it is an
 * error: a file named exactly is meant to be there, and its absence would
 * otherwise pass -t with whatever it held missing. */
static int do_include(struct lexer *lx, size_t first, char variant, const char *file,
		      int line)
{
	size_t nargs = lx->nt - first - 1;
	bool must_match = variant && variant != 'r';
	bool must_read = variant == 'r' || variant == 'a';
	char **pats;
	int r = 0;

	if (lx->flags & CONF_NO_INCLUDE)
		return conf_lex_error(lx, file, line, "include", "'include' is not allowed here");
	if (nargs == 0)
		return conf_lex_error(lx, file, line, "include", "'include' needs a file name");
	for (size_t i = first + 1; i < lx->nt; i++)
		if (lx->t[i].kind != T_WORD)
			return conf_lex_error(lx, file, line, "include",
					"'include' takes file names, not a block");
	/* take the patterns off the token array: the includes append there */
	pats = calloc(nargs, sizeof(*pats));
	if (!pats)
		return conf_oom(lx->err);
	for (size_t i = 0; i < nargs; i++) {
		pats[i] = lx->t[first + 1 + i].s;
		lx->t[first + 1 + i].s = NULL;
	}
	free(lx->t[first].s);
	lx->nt = first;

	for (size_t i = 0; i < nargs && r == 0; i++) {
		char *pat = include_path(file, pats[i]);
		glob_t g;
		int gr;

		if (!pat) {
			r = conf_oom(lx->err);
			break;
		}
		gr = glob(pat, GLOB_BRACE | GLOB_MARK, NULL, &g);
		if ((gr == GLOB_NOMATCH || gr == GLOB_ABORTED) && !strpbrk(pats[i], "*?[{")) {
			r = conf_lex_error(lx, file, line, pats[i], "include '%s': %s", pats[i],
				     strerror(ENOENT));
		} else if ((gr == GLOB_NOMATCH || gr == GLOB_ABORTED) && must_match) {
			r = conf_lex_error(lx, file, line, pats[i], "include '%s' matches no file",
				     pats[i]);
		} else if (gr == GLOB_NOMATCH || gr == GLOB_ABORTED) {
			lx_warn(lx, file, line, "include '%s' matches no file", pats[i]);
		} else if (gr == GLOB_NOSPACE) {
			r = conf_oom(lx->err);
		} else if (gr != 0) {
			r = conf_lex_error(lx, file, line, pats[i], "include '%s': read error", pats[i]);
		} else {
			for (size_t k = 0; k < g.gl_pathc && r == 0; k++) {
				const char *m = g.gl_pathv[k];

				if (m[strlen(m) - 1] != '/')	/* directories: skipped */
					r = load_file(lx, m, file, line, must_read);
			}
		}
		if (gr == 0)
			globfree(&g);
		free(pat);
	}
	for (size_t i = 0; i < nargs; i++)
		free(pats[i]);
	free(pats);
	return r;
}

/* One backslash escape inside quotes, as keepalived.conf(5) "Quoted
 * strings": \a \b \E \f \n \r \t \v, \nnn octal, \xXX.. hex, \cC
 * control, \C any other character.  *pp is past the backslash. */
static int unescape(const char **pp)
{
	static const char from[] = "abEfnrtv", to[] = "\a\b\033\f\n\r\t\v";
	const char *p = *pp, *k;
	int v = 0, i;

	if (*p >= '0' && *p <= '7') {
		for (i = 0; i < 3 && *p >= '0' && *p <= '7'; i++)
			v = v * 8 + (*p++ - '0');
	} else if (*p == 'x' && isxdigit((unsigned char)p[1])) {
		for (p++; isxdigit((unsigned char)*p); p++)
			v = (v * 16 + (isdigit((unsigned char)*p) ? *p - '0' :
				       (tolower((unsigned char)*p) - 'a' + 10))) & 0xff;
	} else if (*p == 'c' && p[1]) {
		v = p[1] & 0x1f;
		p += 2;
	} else if (*p && (k = strchr(from, *p))) {
		v = (unsigned char)to[k - from];
		p++;
	} else if (*p) {
		v = (unsigned char)*p++;
	}
	*pp = p;
	return v & 0xff;
}

/* One word at *pp: unquoted characters up to a blank or a brace, and
 * "..." or '...' parts anywhere in it (the quotes removed, blanks and
 * braces kept, escapes decoded), like a shell word. */
static int read_word(struct lexer *lx, const char **pp, struct buf *w, bool *quoted,
		     bool braces, const char *file, int line)
{
	const char *p = *pp;

	w->len = 0;
	*quoted = false;
	if (buf_add(w, "", 0) < 0)
		return conf_oom(lx->err);
	while (*p && !is_blank(*p) && (!braces || (*p != '{' && *p != '}'))) {
		char q = *p, ch;

		if (q == '"' || q == '\'') {
			*quoted = true;
			for (p++; *p != q; ) {
				if (!*p)
					return conf_lex_error(lx, file, line, *pp,
							"unterminated quoted string");
				if (*p == '\\') {
					p++;
					ch = unescape(&p);
				} else {
					ch = *p++;
				}
				if (ch && buf_add(w, &ch, 1) < 0)
					return conf_oom(lx->err);
			}
			p++;
			continue;
		}
		if (q == '$' && p[1] == '{') {
			/* an undefined ${NAME} stays one word */
			const char *c = p + 2;

			while (*c && !is_blank(*c) && *c != '{' && *c != '}')
				c++;
			if (*c == '}') {
				if (buf_add(w, p, c + 1 - p) < 0)
					return conf_oom(lx->err);
				p = c + 1;
				continue;
			}
		}
		if (buf_add(w, p++, 1) < 0)
			return conf_oom(lx->err);
	}
	*pp = p;
	return 0;
}

/* 0 if p is no include line, else ' ' for include or the variant letter */
static char include_kind(const char *p)
{
	if (strncmp(p, "include", 7) != 0)
		return 0;
	p += 7;
	if (*p && strchr("rmwba", *p))
		p++;
	if (*p && !is_blank(*p))
		return 0;
	return p[-1] == 'e' ? ' ' : p[-1];
}

/* Split one preprocessed line into tokens; handles 'include'. */
static int tokenize(struct lexer *lx, const char *p, const char *file, int line)
{
	size_t first = lx->nt;
	char inc = include_kind(p);	/* its patterns may have csh {a,b} */
	struct buf w = { 0 };
	bool quoted;
	int r;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		if (*p == '{' || *p == '}') {
			r = push_tok(lx, *p == '{' ? T_OPEN : T_CLOSE, NULL, 0, false, file, line);
			p++;
		} else {
			r = read_word(lx, &p, &w, &quoted, !inc, file, line);
			if (r == 0)
				r = push_tok(lx, T_WORD, w.s, w.len, quoted, file, line);
		}
		if (r < 0) {
			free(w.s);
			return r;
		}
	}
	free(w.s);
	if (inc)
		return do_include(lx, first, inc == ' ' ? 0 : inc, file, line);
	if (lx->nt == first)
		return 0;
	return push_tok(lx, T_EOL, NULL, 0, false, file, line);
}

/* Does "@ID" (id of length len; neg for "@^ID") select this line? */
static bool cond_match(const struct lexer *lx, const char *id, size_t len, bool neg)
{
	const char *inst = lx->c->instance;
	bool eq = strlen(inst) == len && len > 0 && memcmp(inst, id, len) == 0;

	return eq != neg;
}

/* One logical line (NUL-terminated, may be modified).  src/srclen/pos give
 * the following lines, for multi-line $NAME= definitions; *line is advanced
 * over the lines consumed when counting (line0 < 0). */
struct src {
	const char *text;
	size_t len, pos;
	int line;
	bool fixed;			/* all lines have the same number (expansions) */
};

/* keepalived's comment rule: a '#' or '!' anywhere outside "..." ends the
 * line; "\#" and "\!" outside quotes are the characters themselves (the
 * backslash goes).  Single quotes do not protect comment characters. */
static void decomment(char *l)
{
	bool quote = false;

	for (char *p = l; *p; p++) {
		if (*p == '"') {
			quote = !quote;
		} else if (*p == '\\' && p[1]) {
			if (!quote && (p[1] == '#' || p[1] == '!'))
				memmove(p, p + 1, strlen(p));
			else
				p++;
		} else if (!quote && (*p == '#' || *p == '!')) {
			*p = 0;
			break;
		}
	}
}

/* The next line of s, comments removed when it comes from a file (text
 * made by substitution was decommented when it was defined), trailing
 * blanks removed.  Caller frees. */
static char *next_line(struct src *s, size_t *len)
{
	const char *p, *e;
	char *l;

	if (s->pos >= s->len)
		return NULL;
	p = s->text + s->pos;
	e = memchr(p, '\n', s->len - s->pos);
	if (!e)
		e = s->text + s->len;
	*len = e - p;
	s->pos = e - s->text + 1;
	if (!s->fixed)
		s->line++;
	l = strndup(p, *len);
	if (l) {
		if (!s->fixed)
			decomment(l);
		*len = strlen(l);	/* decomment() may have shortened it */
		while (*len && is_blank(l[*len - 1]))
			l[--*len] = 0;
	}
	return l;
}

static int define(struct lexer *lx, const char *p, struct src *s, const char *file)
{
	const char *name = p + 1, *eq = name;
	struct buf v = { 0 };
	size_t len, nlen;
	int r = 0;

	while (is_name_char(*eq))
		eq++;
	nlen = eq - name;
	eq++;	/* '=' */
	while (is_blank(*eq))
		eq++;
	len = strlen(eq);
	if (buf_add(&v, "", 0) < 0)
		return conf_oom(lx->err);
	if (len && eq[len - 1] == '\\') {
		/* multi-line: this line's rest, then lines up to one without '\' */
		char *l;
		size_t ll;
		bool more = true;

		len--;
		while (len && is_blank(eq[len - 1]))
			len--;
		if (len && buf_add(&v, eq, len) < 0)
			r = -ENOMEM;
		while (r == 0 && more && (l = next_line(s, &ll))) {
			more = ll && l[ll - 1] == '\\';
			if (more)
				l[--ll] = 0;
			if (v.len && buf_add(&v, "\n", 1) < 0)
				r = -ENOMEM;
			if (r == 0 && buf_add(&v, l, ll) < 0)
				r = -ENOMEM;
			free(l);
		}
	} else if (buf_add(&v, eq, len) < 0) {
		r = -ENOMEM;
	}
	if (r < 0) {
		free(v.s);
		return conf_oom(lx->err);
	}
	if (v.len > MAX_LINE_EXPANSION) {
		free(v.s);
		return conf_lex_error(lx, file, s->line, NULL, "parameter definition too long");
	}
	return var_set(lx, name, nlen, v.s);
}

static bool is_definition(const char *p)
{
	if (*p != '$' || !is_name_start(p[1]))
		return false;
	p++;
	while (is_name_char(*p))
		p++;
	return *p == '=';
}

/* ~SEQ(NAME, END) TEXT, ~SEQ(NAME, START, END) TEXT or
 * ~SEQ(NAME, START, STEP, END) TEXT, and ~SEQx(...) for hex values: TEXT
 * once for each value of $NAME.  Keepalived's defaults: (END) counts from
 * 1 (or -1) towards END; (START, END) steps by 1 or -1. */
static int seq(struct lexer *lx, const char *p, const char *file, int line, int depth)
{
	const long lim = 1000000000000L;
	const char *q = p + 4, *name, *close;
	char *nums, *exp = NULL, *e, val[24];
	long a[3], start, step, end;
	size_t nlen;
	bool hex = false;
	int na = 0, r = 0;

	if (*q == 'x') {
		hex = true;
		q++;
	}
	while (is_blank(*q))
		q++;
	if (*q++ != '(')
		goto bad;
	while (is_blank(*q))
		q++;
	name = q;
	if (!is_name_start(*q))
		goto bad;
	while (is_name_char(*q))
		q++;
	nlen = q - name;
	while (is_blank(*q))
		q++;
	if (*q++ != ',' || !(close = strchr(q, ')')))
		goto bad;
	/* the numbers may be parameters */
	if (!(nums = strndup(q, close - q)))
		return conf_oom(lx->err);
	if (lx->nvars && (r = substitute(lx, nums, file, line, &exp)) < 0) {
		free(nums);
		return r;
	}
	for (e = exp ? exp : nums; na < 3; ) {
		char *end_;

		errno = 0;
		a[na++] = strtol(e, &end_, 0);
		if (end_ == e || errno || a[na - 1] > lim || a[na - 1] < -lim)
			break;
		e = end_;
		while (is_blank(*e))
			e++;
		if (*e != ',')
			break;
		e++;
	}
	r = *e || e == (exp ? exp : nums) ? -1 : 0;
	free(nums);
	free(exp);
	if (r < 0)
		goto bad;
	if (na == 1) {
		end = a[0];
		step = end < 1 ? -1 : 1;
		start = end < 0 ? -1 : 1;
	} else if (na == 2) {
		start = a[0];
		end = a[1];
		step = start <= end ? 1 : -1;
	} else {
		start = a[0];
		step = a[1];
		end = a[2];
	}
	if (!step || (start < end && step < 0) || (start > end && step > 0))
		return conf_lex_error(lx, file, line, "~SEQ", "~SEQ: the step does not go from %ld to %ld",
				start, end);
	if (hex && (start < 0 || end < 0))
		return conf_lex_error(lx, file, line, "~SEQx", "~SEQx takes positive numbers only");
	if ((end - start) / step >= 100000)
		return conf_lex_error(lx, file, line, "~SEQ", "~SEQ: more than 100000 values");
	q = close + 1;
	while (is_blank(*q))
		q++;
	for (long v = start; r == 0 && (step > 0 ? v <= end : v >= end); v += step) {
		char *s;

		snprintf(val, sizeof(val), hex ? "%lx" : "%ld", v);
		if (!(s = strdup(val)) || var_set(lx, name, nlen, s) < 0)
			return conf_oom(lx->err);
		lx->expanded += strlen(q) + EXPANSION_COST;
		if (lx->expanded > MAX_EXPANDED)
			return conf_lex_error(lx, file, line, NULL, "~SEQ expands to too much text");
		if (depth >= MAX_EXPAND_DEPTH)
			return conf_lex_error(lx, file, line, "~SEQ", "~SEQ nested too deeply");
		r = lex_text(lx, q, strlen(q), file, line, depth + 1);
	}
	return r;
bad:
	return conf_lex_error(lx, file, line, "~SEQ", "invalid ~SEQ definition");
}

static int lex_line(struct lexer *lx, char *l, struct src *s, const char *file, int depth)
{
	int line = s->line;
	char *p = l, *exp;
	int r;

	while (is_blank(*p))
		p++;
	if (*p == '@') {
		bool neg = p[1] == '^';
		char *id = p + 1 + neg, *e = id;

		while (*e && !is_blank(*e))
			e++;
		if (!cond_match(lx, id, e - id, neg))
			return 0;
		p = e;
		while (is_blank(*p))
			p++;
	}
	if (!*p)
		return 0;
	if (is_definition(p))
		return define(lx, p, s, file);
	if (strncmp(p, "~SEQ", 4) == 0)
		return seq(lx, p, file, line, depth);
	if (lx->nvars && strchr(p, '$')) {
		if ((r = substitute(lx, p, file, line, &exp)) < 0)
			return r;
		if (exp) {
			lx->expanded += strlen(exp) + EXPANSION_COST;
			if (lx->expanded > MAX_EXPANDED)
				r = conf_lex_error(lx, file, line, NULL,
					     "parameters expand to too much text");
			else if (depth >= MAX_EXPAND_DEPTH)
				r = conf_lex_error(lx, file, line, NULL,
					     "parameters expand to parameters too deeply");
			else
				r = lex_text(lx, exp, strlen(exp), file, line, depth + 1);
			free(exp);
			return r;
		}
	}
	return tokenize(lx, p, file, line);
}

/* line0 > 0: every line of text is line line0 (an expansion); else count. */
static int lex_text(struct lexer *lx, const char *text, size_t len, const char *file,
		    int line0, int depth)
{
	struct src s = { .text = text, .len = len, .line = line0 > 0 ? line0 : 0,
			 .fixed = line0 > 0 };
	const char *nul;
	char *l;
	size_t ll;
	int r = 0;

	/* a NUL byte would end its line early, silently (the rest of it
	 * lost): a file holding one is refused, at its line */
	if (line0 == 0 && (nul = memchr(text, 0, len))) {
		int line = 1;

		for (const char *q = text; q < nul; q++)
			line += *q == '\n';
		return conf_lex_error(lx, file, line, NULL, "NUL byte in the line");
	}
	while (r == 0 && (l = next_line(&s, &ll))) {
		r = lex_line(lx, l, &s, file, depth);
		free(l);
	}
	if (r == 0 && s.pos < s.len)
		r = conf_oom(lx->err);
	return r;
}

static int read_all(const char *path, bool for_include, char **out, size_t *outlen)
{
	struct stat st;
	char *b = NULL;
	size_t len = 0, cap = 0;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	/* keepalived reads only regular, non-executable included files */
	if (for_include && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
			    (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))) {
		close(fd);
		return -ENOEXEC;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb;

			cap = cap ? 2 * cap : 8192;
			if (cap > MAX_FILE_SIZE) {
				r = -EFBIG;
				break;
			}
			if (!(nb = realloc(b, cap))) {
				r = -ENOMEM;
				break;
			}
			b = nb;
		}
		n = read(fd, b + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (r < 0) {
		free(b);
		return r;
	}
	*out = b;
	*outlen = len;
	return 0;
}

/* Read path (from_file NULL: the top file) and lex it in place.  An
 * included file that cannot be read is only a warning unless must_read. */
static int load_file(struct lexer *lx, const char *path, const char *from_file, int from_line,
		     bool must_read)
{
	char *real, *text = NULL;
	const char *name;
	size_t len = 0;
	int r;

	if (lx->depth >= MAX_INCLUDE_DEPTH)
		return conf_lex_error(lx, from_file, from_line, path, "includes nested too deeply");
	real = realpath(path, NULL);
	if (!real && from_file && !must_read && errno != ENOMEM) {
		lx_warn(lx, from_file, from_line, "include '%s': %s", path, strerror(errno));
		return 0;
	}
	if (!real) {
		r = -errno;
		if (!from_file)
			conf_lex_error(lx, path, 0, NULL, "%s", strerror(-r));
		else
			conf_lex_error(lx, from_file, from_line, path, "include '%s': %s", path,
				 strerror(-r));
		return r == -ENOMEM ? r : (from_file ? -EINVAL : r);
	}
	for (int i = 0; i < lx->depth; i++)
		if (strcmp(lx->stack[i], real) == 0) {
			free(real);
			return conf_lex_error(lx, from_file, from_line, path,
					"include recursion: '%s' is already being read", path);
		}
	r = read_all(path, from_file != NULL, &text, &len);
	if (r < 0 && r != -ENOMEM && from_file && !must_read) {
		free(real);
		lx_warn(lx, from_file, from_line, "include '%s': %s", path,
			r == -ENOEXEC ? "not a regular non-executable file" : strerror(-r));
		return 0;
	}
	if (r < 0) {
		free(real);
		if (!from_file) {
			conf_lex_error(lx, path, 0, NULL, "%s", strerror(-r));
			return r;
		}
		return conf_lex_error(lx, from_file, from_line, path, "include '%s': %s", path,
				r == -ENOEXEC ? "not a regular non-executable file" :
				strerror(-r));
	}
	if (!(name = intern_file(lx, path))) {
		free(real);
		free(text);
		return conf_oom(lx->err);
	}
	lx->stack[lx->depth++] = real;
	r = lex_text(lx, text, len, name, 0, 0);
	free(lx->stack[--lx->depth]);
	free(text);
	return r;
}


/* keepalived's standard parameter $_INSTANCE: the config id */
static int std_params(struct lexer *lx)
{
	char *v = strdup(lx->c->instance);

	return v ? var_set(lx, "_INSTANCE", 9, v) : conf_oom(lx->err);
}

int conf_lex_file(struct lexer *lx, const char *path)
{
	int r = std_params(lx);

	return r < 0 ? r : load_file(lx, path, NULL, 0, true);
}

int conf_lex_string(struct lexer *lx, const char *text, size_t len, const char *name)
{
	const char *file = intern_file(lx, name);
	int r;

	if (!file)
		return conf_oom(lx->err);
	r = std_params(lx);
	return r < 0 ? r : lex_text(lx, text, len, file, 0, 0);
}

void conf_lex_free(struct lexer *lx)
{
	for (size_t i = 0; i < lx->nt; i++)
		free(lx->t[i].s);
	free(lx->t);
	for (size_t i = 0; i < lx->nvars; i++) {
		free(lx->vars[i].name);
		free(lx->vars[i].value);
	}
	free(lx->vars);
}
