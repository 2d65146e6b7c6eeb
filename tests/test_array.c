/* Tests for graph/cg_array.h: the growth rule of every growable array. */
#include "cg_array.h"
#include "cg_error.h"
#include "cg_mem.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- cg_array_grow ---- */

START_TEST(grow_empty_array_starts_at_first)
{
	int *a = NULL;
	size_t cap = 0;

	ck_assert_int_eq(cg_array_grow(&a, &cap, 1, sizeof *a, 16), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(cap, 16);
	a[15] = 7; /* the whole capacity is there (ASan checks) */
	free(a);
}
END_TEST

START_TEST(grow_doubles_until_need_fits)
{
	long *a = NULL;
	size_t cap = 0;

	ck_assert_int_eq(cg_array_grow(&a, &cap, 17, sizeof *a, 16), 0);
	ck_assert_uint_eq(cap, 32);
	ck_assert_int_eq(cg_array_grow(&a, &cap, 33, sizeof *a, 16), 0);
	ck_assert_uint_eq(cap, 64);
	ck_assert_int_eq(cg_array_grow(&a, &cap, 300, sizeof *a, 16), 0);
	ck_assert_uint_eq(cap, 512);
	/* first 0 counts from one */
	free(a);
	a = NULL;
	cap = 0;
	ck_assert_int_eq(cg_array_grow(&a, &cap, 5, sizeof *a, 0), 0);
	ck_assert_uint_eq(cap, 8);
	free(a);
}
END_TEST

START_TEST(grow_with_room_changes_nothing)
{
	char *a = malloc(8);
	char *before = a;
	size_t cap = 8;

	ck_assert_int_eq(cg_array_grow(&a, &cap, 8, 1, 64), 0);
	ck_assert_ptr_eq(a, before);
	ck_assert_uint_eq(cap, 8);
	ck_assert_int_eq(cg_array_grow(&a, &cap, 0, 1, 64), 0);
	ck_assert_ptr_eq(a, before);
	ck_assert_uint_eq(cap, 8);
	free(a);
}
END_TEST

START_TEST(grow_keeps_the_elements)
{
	uint32_t *a = NULL;
	size_t cap = 0;

	for (uint32_t i = 0; i < 10000; i++) {
		ck_assert_int_eq(cg_array_grow(&a, &cap, i + 1, sizeof *a, 4), 0);
		a[i] = i * 7;
	}
	ck_assert_uint_eq(cap, 16384);
	for (uint32_t i = 0; i < 10000; i++)
		if (a[i] != i * 7)
			ck_abort_msg("element %u is %u", i, a[i]);
	free(a);
}
END_TEST

/* Sizes whose bytes overflow a size_t are refused before any allocation,
 * the array left as it was. */
START_TEST(grow_past_size_max_is_enomem_and_keeps_array)
{
	int *a = malloc(4 * sizeof *a);
	int *before = a;
	size_t cap = 4;

	a[3] = 42;
	ck_assert_int_eq(cg_array_grow(&a, &cap, SIZE_MAX / 2, sizeof *a, 4), CG_ENOMEM);
	ck_assert_ptr_eq(a, before);
	ck_assert_uint_eq(cap, 4);
	ck_assert_int_eq(a[3], 42);
	/* doubling past SIZE_MAX stops at need, which still does not fit */
	ck_assert_int_eq(cg_array_grow(&a, &cap, SIZE_MAX / 2 + 2, 2, 4), CG_ENOMEM);
	ck_assert_ptr_eq(a, before);
	ck_assert_uint_eq(cap, 4);
	free(a);
}
END_TEST

/* The macro takes the element size from the array's type. */
START_TEST(grow_macro_uses_the_element_type)
{
	struct pair {
		double x, y;
	} *v = NULL;
	size_t cap = 0;

	ck_assert_int_eq(CG_ARRAY_GROW(v, cap, 3, 2), 0);
	ck_assert_uint_eq(cap, 4);
	v[3].y = 1.5;
	ck_assert_int_eq(CG_ARRAY_GROW(v, cap, SIZE_MAX / 8, 2), CG_ENOMEM);
	ck_assert_uint_eq(cap, 4);
	ck_assert(v[3].y == 1.5);
	free(v);
}
END_TEST

/* ---- cg_array_grow_huge ---- */

/* Through cg_mem_resize: small blocks, then past CG_MEM_HUGE (mmap'd where
 * huge pages exist), the contents kept and the capacity exact for
 * cg_mem_free. */
START_TEST(grow_huge_keeps_elements_across_the_huge_threshold)
{
	uint64_t *a = NULL;
	size_t cap = 0, n = CG_MEM_HUGE / sizeof *a * 2;

	ck_assert_int_eq(CG_ARRAY_GROW_HUGE(a, cap, 1, 64), 0);
	ck_assert_uint_eq(cap, 64);
	for (size_t i = 0; i < n; i++) {
		if (CG_ARRAY_GROW_HUGE(a, cap, i + 1, 64))
			ck_abort_msg("grow to %zu failed", i + 1);
		a[i] = i * 3;
	}
	ck_assert_uint_eq(cap, n);
	for (size_t i = 0; i < n; i++)
		if (a[i] != i * 3)
			ck_abort_msg("element %zu is %llu", i, (unsigned long long)a[i]);
	ck_assert_int_eq(CG_ARRAY_GROW_HUGE(a, cap, SIZE_MAX / 4, 64), CG_ENOMEM);
	ck_assert_uint_eq(cap, n);
	ck_assert_uint_eq(a[n - 1], (n - 1) * 3);
	cg_mem_free(a, cap * sizeof *a);
}
END_TEST

static Suite *array_suite(void)
{
	Suite *s = suite_create("array");
	TCase *tc;

	tc = tcase_create("cg_array_grow");
	tcase_add_test(tc, grow_empty_array_starts_at_first);
	tcase_add_test(tc, grow_doubles_until_need_fits);
	tcase_add_test(tc, grow_with_room_changes_nothing);
	tcase_add_test(tc, grow_keeps_the_elements);
	tcase_add_test(tc, grow_past_size_max_is_enomem_and_keeps_array);
	tcase_add_test(tc, grow_macro_uses_the_element_type);
	suite_add_tcase(s, tc);

	tc = tcase_create("cg_array_grow_huge");
	tcase_add_test(tc, grow_huge_keeps_elements_across_the_huge_threshold);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(array_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
