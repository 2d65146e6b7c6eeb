/* mmap with MAP_ANONYMOUS and madvise(MADV_HUGEPAGE) are Linux/BSD
 * extensions beyond POSIX.1-2008, mremap a Linux one: this file alone asks
 * for them. */
#define _GNU_SOURCE 1

#include "cg_mem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
#define USE_MMAP 1
#else
#define USE_MMAP 0
#endif

static int is_huge(size_t n)
{
	return USE_MMAP && n >= CG_MEM_HUGE;
}

static void *map(size_t n)
{
#if USE_MMAP
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, n, MADV_HUGEPAGE); /* advice only: failure is harmless */
	return p;
#else
	(void)n;
	return NULL;
#endif
}

void *cg_mem_resize(void *p, size_t old_bytes, size_t new_bytes)
{
	void *np;

	if (!is_huge(new_bytes) && !is_huge(old_bytes))
		return realloc(p, new_bytes ? new_bytes : 1);
#if USE_MMAP && defined(MREMAP_MAYMOVE)
	/* a mapping grown in place or moved by the kernel: no copy, and the old
	 * and new arrays are never resident together (at a million entities the
	 * copies cost a tenth of the load and raised its peak) */
	if (p && is_huge(old_bytes) && is_huge(new_bytes)) {
		np = mremap(p, old_bytes, new_bytes, MREMAP_MAYMOVE);
		if (np == MAP_FAILED)
			return NULL;
		if (new_bytes > old_bytes)
			madvise(np, new_bytes, MADV_HUGEPAGE);
		return np;
	}
#endif
	if (!is_huge(new_bytes)) {
		np = malloc(new_bytes ? new_bytes : 1);
	} else {
		np = map(new_bytes);
	}
	if (!np)
		return NULL;
	if (p)
		memcpy(np, p, old_bytes < new_bytes ? old_bytes : new_bytes);
	cg_mem_free(p, old_bytes);
	return np;
}

void *cg_mem_zresize(void *p, size_t old_bytes, size_t new_bytes)
{
	char *np = cg_mem_resize(p, old_bytes, new_bytes);

	/* fresh or grown anonymous mappings read as zero; malloc's bytes do not */
	if (np && new_bytes > old_bytes && !is_huge(new_bytes))
		memset(np + old_bytes, 0, new_bytes - old_bytes);
	return np;
}

void *cg_mem_zalloc(size_t n)
{
	if (is_huge(n))
		return map(n); /* anonymous mappings are zero-filled */
	return calloc(1, n ? n : 1);
}

void cg_mem_free(void *p, size_t n)
{
	if (!p)
		return;
#if USE_MMAP
	if (is_huge(n)) {
		munmap(p, n);
		return;
	}
#endif
	free(p);
}
