/* Large arrays: allocation that asks Linux for transparent huge pages.
 *
 * The graph's indexes are large and touched at random: at a million
 * entities, TLB misses cost about a third of the import time. Blocks of
 * CG_MEM_HUGE bytes or more are mmap'd and advised MADV_HUGEPAGE; smaller ones
 * come from malloc. Callers pass the block's current size back, since the
 * two kinds are freed differently. Where MADV_HUGEPAGE does not exist, every
 * block comes from malloc. */
#ifndef CG_MEM_H
#define CG_MEM_H

#include "cg_api.h"

#include <stddef.h>

#define CG_MEM_HUGE ((size_t)2 << 20)

/* Resizes the block p of old_bytes (p may be NULL with old_bytes 0) to
 * new_bytes, keeping the first min(old, new) bytes. Returns the new block,
 * or NULL with p untouched. */
CG_API void *cg_mem_resize(void *p, size_t old_bytes, size_t new_bytes);
/* As cg_mem_resize, with the bytes past old_bytes zero (a grown mapping's
 * are already: they are not touched). */
CG_API void *cg_mem_zresize(void *p, size_t old_bytes, size_t new_bytes);
/* A zero-filled block of n bytes, or NULL. */
CG_API void *cg_mem_zalloc(size_t n);
/* Frees a block of n bytes from cg_mem_resize or cg_mem_zalloc. Accepts NULL. */
CG_API void cg_mem_free(void *p, size_t n);

#endif
