/*
 * array.h - the one growable-array step the tree needs.
 *
 *   if (array_grow((void **)&v, n, &cap, sizeof(*v)) < 0) return -ENOMEM;
 *   v[n++] = x;
 *
 * Room for element n: when n reaches cap, the array doubles (16 at first).
 */
#ifndef COMMON_ARRAY_H
#define COMMON_ARRAY_H

#include <stddef.h>

/* 0, or -ENOMEM with *v unchanged. */
int array_grow(void **v, size_t n, size_t *cap, size_t size);

#endif
