#include "cg_array.h"

#include "cg_error.h"
#include "cg_mem.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The capacity that holds need elements of elem bytes, doubling from cap
 * (from first, or 1, when cap is 0); 0 when its bytes overflow a size_t.
 * Doubling that would overflow stops at need itself. */
static size_t next_cap(size_t cap, size_t need, size_t elem, size_t first)
{
	size_t nc = cap ? cap : first ? first : 1;

	while (nc < need)
		nc = nc > SIZE_MAX / 2 ? need : nc * 2;
	if (nc > SIZE_MAX / elem)
		return 0;
	return nc;
}

/* The array's pointer is read and written through memcpy: arrp is a T **
 * for any object type T, and every object pointer has one representation on
 * the systems casegraph runs on (POSIX). */
static int grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first, int huge)
{
	void *old, *p;
	size_t nc;

	assert(elem > 0);
	if (need <= *cap)
		return 0;
	if (!(nc = next_cap(*cap, need, elem, first)))
		return CG_ENOMEM;
	memcpy(&old, arrp, sizeof old);
	p = huge ? cg_mem_resize(old, *cap * elem, nc * elem) : realloc(old, nc * elem);
	if (!p)
		return CG_ENOMEM;
	memcpy(arrp, &p, sizeof p);
	*cap = nc;
	return 0;
}

int cg_array_grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first)
{
	return grow(arrp, cap, need, elem, first, 0);
}

int cg_array_grow_huge(void *arrp, size_t *cap, size_t need, size_t elem, size_t first)
{
	return grow(arrp, cap, need, elem, first, 1);
}
