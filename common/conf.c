/*
 * conf.c - the statement tree of a keepalived.conf (see conf.h): errors,
 * warnings, and the parser that turns conf_lex.c's tokens into the tree.
 *
 * The lexer appends tokens (words, '{', '}', end of line) to one array,
 * included files in place.  A statement is the words from the start of a
 * line (or after a brace) up to the end of the line or a brace; a '{'
 * opens the block of the statement before it, on the same line or on an
 * earlier one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "common/conf.h"
#include "common/conf_lex.h"
#include "common/log.h"

#define MAX_NESTING 64		/* { } levels */

/* ---- errors and warnings ----------------------------------------------- */

void conf_err_vset(struct conf_err *err, const char *file, int line, const char *word,
		   const char *fmt, va_list ap)
{
	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	snprintf(err->word, sizeof(err->word), "%s", word ? word : "");
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int conf_error(struct conf_err *err, const struct conf_node *n, const char *word,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_err_vset(err, n ? n->file : NULL, n ? n->line : 0, word, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int conf_oom(struct conf_err *err)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	}
	return -ENOMEM;
}

char *conf_err_fmt(const struct conf_err *e, char *buf, size_t len)
{
	if (e->file[0] && e->line > 0)
		snprintf(buf, len, "%s:%d: %s", e->file, e->line, e->msg);
	else if (e->file[0])
		snprintf(buf, len, "%s: %s", e->file, e->msg);
	else
		snprintf(buf, len, "%s", e->msg);
	return buf;
}

void conf_vwarn(struct conf *c, const char *file, int line, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	c->nwarnings++;
	if (c->warn)
		c->warn(c->warn_arg, file, line, msg);
	else
		log_warnx("%s:%d: %s", file, line, msg);
}

void conf_warn(const struct conf_node *n, const char *fmt, ...)
{
	va_list ap;

	if (!n || !n->conf)
		return;
	va_start(ap, fmt);
	conf_vwarn(n->conf, n->file, n->line, fmt, ap);
	va_end(ap);
}

/* ---- parser ------------------------------------------------------------- */

struct parser {
	struct lexer *lx;
	size_t pos;
};

static void node_free(struct conf_node *n)
{
	while (n) {
		struct conf_node *next = n->next;

		node_free(n->child);
		for (int i = 0; i < n->argc; i++)
			free(n->argv[i]);
		free(n->argv);
		free(n->quoted);
		free(n);
		n = next;
	}
}

static struct conf_node *node_new(struct parser *ps, size_t from, size_t to,
				  struct conf_node *parent)
{
	struct conf_node *n = calloc(1, sizeof(*n));
	int argc = to - from;

	if (!n)
		return NULL;
	n->argv = calloc(argc + 1, sizeof(*n->argv));
	n->quoted = calloc(argc + 1, 1);
	if (!n->argv || !n->quoted) {
		free(n->argv);
		free(n->quoted);
		free(n);
		return NULL;
	}
	for (int i = 0; i < argc; i++) {
		struct tok *t = &ps->lx->t[from + i];

		n->argv[i] = t->s;
		n->quoted[i] = t->quoted;
		t->s = NULL;
	}
	n->argc = argc;
	n->kw = n->argv[0];
	n->file = ps->lx->t[from].file;
	n->line = ps->lx->t[from].line;
	n->parent = parent;
	n->conf = ps->lx->c;
	return n;
}

/* Parse statements up to the '}' closing parent's block (or the end at top
 * level) into *head.  open: the '{' token, for the unclosed-block error. */
static int parse_list(struct parser *ps, struct conf_node *parent, struct conf_node **head,
		      const struct tok *open, int depth)
{
	struct lexer *lx = ps->lx;
	struct conf_node *last = NULL, **tail = head;
	bool last_ended = false;	/* last statement ended with its line */
	int r;

	for (;;) {
		struct tok *t;
		size_t from;

		if (ps->pos >= lx->nt) {
			if (parent)
				return conf_lex_error(lx, open->file, open->line, parent->kw,
						"'{' of '%s' is never closed", parent->kw);
			return 0;
		}
		t = &lx->t[ps->pos];
		switch (t->kind) {
		case T_EOL:
			ps->pos++;
			if (last)
				last_ended = true;
			continue;
		case T_CLOSE:
			ps->pos++;
			if (!parent)
				return conf_lex_error(lx, t->file, t->line, "}",
						"'}' without a matching '{'");
			return 0;
		case T_OPEN:
			/* '{' alone: the block of the statement on a line before */
			if (!last || last->block || !last_ended)
				return conf_lex_error(lx, t->file, t->line, "{",
						"'{' without a keyword before it");
			goto block;
		default:
			break;
		}
		from = ps->pos;
		while (ps->pos < lx->nt && lx->t[ps->pos].kind == T_WORD)
			ps->pos++;
		last = node_new(ps, from, ps->pos, parent);
		if (!last)
			return conf_oom(lx->err);
		*tail = last;
		tail = &last->next;
		last_ended = false;
		if (ps->pos >= lx->nt || lx->t[ps->pos].kind != T_OPEN)
			continue;
		t = &lx->t[ps->pos];
block:
		ps->pos++;
		if (depth + 1 >= MAX_NESTING)
			return conf_lex_error(lx, t->file, t->line, last->kw, "blocks nested too deeply");
		last->block = true;
		r = parse_list(ps, last, &last->child, t, depth + 1);
		if (r < 0)
			return r;
		last_ended = false;
	}
}

/* ---- public -------------------------------------------------------------- */

int conf_id_check(const char *id)
{
	size_t n = strlen(id);

	return n == 0 || n > CONF_ID_MAX || id[strcspn(id, " \t")] ? -EINVAL : 0;
}

static struct conf *conf_new(const struct conf_options *o)
{
	struct conf *c = calloc(1, sizeof(*c));
	struct utsname u;

	if (!c)
		return NULL;
	if (o && o->instance) {
		c->instance = strdup(o->instance);
	} else if (uname(&u) == 0) {
		u.nodename[strcspn(u.nodename, ".")] = 0;
		c->instance = strdup(u.nodename);
	} else {
		c->instance = strdup("");
	}
	if (!c->instance) {
		free(c);
		return NULL;
	}
	if (o) {
		c->warn = o->warn;
		c->warn_arg = o->warn_arg;
	}
	return c;
}

static int finish(struct lexer *lx, int r, struct conf **out)
{
	struct parser ps = { .lx = lx };

	if (r == 0)
		r = parse_list(&ps, NULL, &lx->c->root, NULL, 0);
	conf_lex_free(lx);
	if (r < 0) {
		conf_free(lx->c);
		*out = NULL;
		return r;
	}
	*out = lx->c;
	return 0;
}

int conf_load(const char *path, const struct conf_options *opts, struct conf **out,
	      struct conf_err *err)
{
	struct lexer lx = { .err = err, .flags = opts ? opts->flags : 0 };

	*out = NULL;
	if (err)
		memset(err, 0, sizeof(*err));
	if (!(lx.c = conf_new(opts)))
		return conf_oom(err);
	return finish(&lx, conf_lex_file(&lx, path), out);
}

int conf_load_string(const char *text, size_t len, const char *name,
		     const struct conf_options *opts, struct conf **out,
		     struct conf_err *err)
{
	struct lexer lx = { .err = err, .flags = opts ? opts->flags : 0 };

	*out = NULL;
	if (err)
		memset(err, 0, sizeof(*err));
	if (!(lx.c = conf_new(opts)))
		return conf_oom(err);
	return finish(&lx, conf_lex_string(&lx, text, len, name ? name : "<string>"), out);
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	node_free(c->root);
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	free(c->warned);
	free(c->instance);
	free(c);
}
