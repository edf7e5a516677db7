/*
 * conf_lex.h - private to conf.c and conf_lex.c: the token array that the
 * lexer (conf_lex.c: lines, comments, @ID, parameters, ~SEQ, include,
 * words) fills and the parser (conf.c) turns into the tree.
 */
#ifndef COMMON_CONF_LEX_H
#define COMMON_CONF_LEX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/conf.h"

#define MAX_INCLUDE_DEPTH 32	/* files open at once */

enum { T_WORD, T_OPEN, T_CLOSE, T_EOL };

struct tok {
	char *s;			/* T_WORD only; owned until moved to a node */
	const char *file;		/* interned in conf->files */
	int line;
	unsigned char kind, quoted;
};

struct var {
	char *name, *value;
};

struct lexer {
	struct conf *c;
	struct conf_err *err;
	unsigned flags;
	struct tok *t;
	size_t nt, capt;
	struct var *vars;
	size_t nvars;
	char *stack[MAX_INCLUDE_DEPTH];	/* realpath of each file being read */
	int depth;
	size_t expanded;		/* bytes made by substitution so far */
};

/* conf_lex.c: append the tokens of the file at path, or of text (named
 * name in errors); 0 or -errno with lx->err set.  conf_lex_free() frees
 * what the lexer holds (tokens not moved into nodes, parameters). */
int conf_lex_file(struct lexer *lx, const char *path);
int conf_lex_string(struct lexer *lx, const char *text, size_t len, const char *name);
void conf_lex_free(struct lexer *lx);
/* an error at file:line about word: -EINVAL */
int conf_lex_error(struct lexer *lx, const char *file, int line, const char *word,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* conf.c */
void conf_err_vset(struct conf_err *err, const char *file, int line, const char *word,
		   const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
int conf_oom(struct conf_err *err);	/* -ENOMEM */
void conf_vwarn(struct conf *c, const char *file, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

#endif
