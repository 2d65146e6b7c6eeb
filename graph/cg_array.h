/* Growable arrays: the one growth rule of the library.
 *
 * An array is a pointer and a capacity in elements, both kept by its owner
 * next to its count. cg_array_grow makes room for at least `need` elements:
 * the capacity doubles, from its current value or from `first` while the
 * array is empty, until the elements fit, so that appending n elements one
 * at a time copies O(n) of them in all. A capacity whose size in bytes would
 * not fit a size_t is refused as CG_ENOMEM, like a failed allocation; either
 * failure leaves the array and its capacity as they were, so the caller
 * still owns (and frees) the old block.
 *
 * Use the macros: they pass the element size from the array's own type and
 * refuse (at compile time) a capacity that is not a size_t. */
#ifndef CG_ARRAY_H
#define CG_ARRAY_H

#include "cg_api.h"

#include <stddef.h>

/* Makes room for need elements of elem bytes (elem > 0) in the array whose
 * pointer is at arrp (a T **: the block from malloc/realloc, or NULL with
 * *cap 0) and whose capacity is *cap. Nothing happens when need <= *cap.
 * Otherwise the block is realloc'd to the grown capacity, which is stored in
 * *cap. Returns 0, or CG_ENOMEM with *arrp and *cap untouched.
 * Cost: O(1) amortised per element appended. */
CG_API int cg_array_grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first);

/* cg_array_grow for a block of graph/cg_mem.h (cg_mem_resize, huge pages
 * for large arrays): the old block is resized from exactly *cap * elem
 * bytes, the size cg_mem_free needs later. */
CG_API int cg_array_grow_huge(void *arrp, size_t *cap, size_t need, size_t elem, size_t first);

/* CG_ARRAY_GROW(arr, cap, need, first): arr is a T * lvalue, cap its size_t
 * capacity; evaluates to 0 or CG_ENOMEM. */
#define CG_ARRAY_GROW(arr, cap, need, first)                                                       \
	cg_array_grow(&(arr), &(cap), (need), sizeof *(arr), (first))
#define CG_ARRAY_GROW_HUGE(arr, cap, need, first)                                                  \
	cg_array_grow_huge(&(arr), &(cap), (need), sizeof *(arr), (first))

#endif
