/*
 * metrics.h - a writer of the Prometheus text exposition format (version
 * 0.0.4, which OpenMetrics parsers read too).
 *
 * A scrape is a list of families.  Each family is announced once by
 * metrics_family() (# HELP and # TYPE lines), then all of its samples
 * follow, one per label set; a family's samples must not be split by
 * another family's, so a caller walks its objects once per family.
 * Labels are passed as NULL-terminated key, value pairs; values are escaped
 * (backslash, double quote, newline), keys and names are the caller's
 * constants and must already match [a-zA-Z_][a-zA-Z0-9_]*.
 *
 *   metrics_family(f, "vrrp_state", "gauge", "1 for the instance's state");
 *   metrics_u64(f, "vrrp_state", 1, "iname", "VI_1", "state", "MASTER", NULL);
 *
 * Histograms keep non-cumulative bucket counts and are written cumulative
 * with the +Inf bucket, _sum and _count, as the format requires.
 */
#ifndef COMMON_METRICS_H
#define COMMON_METRICS_H

#include <stdint.h>
#include <stdio.h>

/* the Content-Type of a scrape */
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* "counter", "gauge", "histogram", "info" is written as a gauge */
void metrics_family(FILE *f, const char *name, const char *type, const char *help);
void metrics_u64(FILE *f, const char *name, uint64_t v, ...) __attribute__((sentinel));
void metrics_i64(FILE *f, const char *name, int64_t v, ...) __attribute__((sentinel));
void metrics_f64(FILE *f, const char *name, double v, ...) __attribute__((sentinel));
/* s as the inside of a label value (no quotes) */
void metrics_escape(FILE *f, const char *s);

/* CLOCK_REALTIME in seconds, for the _time_seconds gauges */
double metrics_now_s(void);

/* latency buckets, seconds: 1 ms to 10 s */
#define METRICS_HIST_N 12
extern const double metrics_hist_le[METRICS_HIST_N];

struct metrics_hist {
	uint64_t bucket[METRICS_HIST_N];	/* observations <= le[i] and > le[i-1] */
	uint64_t count;				/* all, the +Inf bucket included */
	double sum_s;
};

void metrics_hist_observe(struct metrics_hist *h, double seconds);
/* name_bucket{...,le="..."}, name_sum{...}, name_count{...} */
void metrics_hist(FILE *f, const char *name, const struct metrics_hist *h, ...)
	__attribute__((sentinel));

#endif
