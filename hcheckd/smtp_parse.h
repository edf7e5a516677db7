/*
 * smtp_parse.h - SMTP reply framing (RFC 5321 4.2), pure.
 */
#ifndef HCHECKD_SMTP_PARSE_H
#define HCHECKD_SMTP_PARSE_H

#include <stddef.h>

/* One complete (possibly multi-line) reply at the start of buf?  1 with
 * *code and *used (bytes of the reply), 0 if more is needed, -EBADMSG. */
int smtp_reply_parse(const char *buf, size_t len, int *code, size_t *used);

#endif
