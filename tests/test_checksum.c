/* Tests for importers/checksum.h: SHA-256, base58check and bech32 against
 * published vectors (FIPS 180-4's examples, Bitcoin's and Tron's
 * addresses, BIP 173 and BIP 350), and the same strings with one character
 * changed. */
#include "checksum.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SHA-256 of s[0..n), in lower-case hex, in a static buffer. */
static const char *sha256_hex(const char *s, size_t n)
{
	static char hex[65];
	unsigned char h[32];

	checksum_sha256((const unsigned char *)s, n, h);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	return hex;
}

#define SHA256_HEX(lit) sha256_hex((lit), sizeof(lit) - 1)

/* ---- checksum_sha256 ---- */

START_TEST(sha256_of_the_fips_examples)
{
	ck_assert_str_eq(SHA256_HEX("abc"),
	                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(SHA256_HEX(""),
	                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_str_eq(SHA256_HEX("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
	                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(sha256_pads_at_every_block_boundary)
{
	/* 55 bytes: the length fits the block; 56: it takes a second one; 64:
	 * a whole block, then the padding alone; a million: many blocks */
	char *a = malloc(1000000);

	ck_assert_ptr_nonnull(a);
	memset(a, 'a', 1000000);
	ck_assert_str_eq(sha256_hex(a, 55),
	                 "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	ck_assert_str_eq(sha256_hex(a, 56),
	                 "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	ck_assert_str_eq(sha256_hex(a, 64),
	                 "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	ck_assert_str_eq(sha256_hex(a, 1000000),
	                 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}
END_TEST

/* ---- checksum_base58_digit ---- */

START_TEST(base58_digits_leave_out_the_lookalikes)
{
	ck_assert_int_eq(checksum_base58_digit('1'), 0);
	ck_assert_int_eq(checksum_base58_digit('9'), 8);
	ck_assert_int_eq(checksum_base58_digit('A'), 9);
	ck_assert_int_eq(checksum_base58_digit('a'), 33);
	ck_assert_int_eq(checksum_base58_digit('z'), 57);
	ck_assert_int_eq(checksum_base58_digit('0'), -1);
	ck_assert_int_eq(checksum_base58_digit('O'), -1);
	ck_assert_int_eq(checksum_base58_digit('I'), -1);
	ck_assert_int_eq(checksum_base58_digit('l'), -1);
	ck_assert_int_eq(checksum_base58_digit('\0'), -1);
	ck_assert_int_eq(checksum_base58_digit(0xC3), -1);
}
END_TEST

/* ---- checksum_base58check_ok ---- */

#define B58_OK(lit, version) checksum_base58check_ok((lit), sizeof(lit) - 1, (version))

START_TEST(base58check_accepts_real_addresses)
{
	ck_assert(B58_OK("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 0x00)); /* P2PKH */
	ck_assert(B58_OK("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", 0x05)); /* P2SH */
	ck_assert(B58_OK("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 0x41)); /* Tron */
	/* leading '1's are leading zero bytes: the hash of all zeros */
	ck_assert(B58_OK("1111111111111111111114oLvT2", 0x00));
}
END_TEST

START_TEST(base58check_refuses_a_changed_character_or_version)
{
	ck_assert(!B58_OK("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", 0x00));
	ck_assert(!B58_OK("1A1zP1eP5QGefi2DMPTfTL5SLmv7DjvfNa", 0x00));
	ck_assert(!B58_OK("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 0x05));
	ck_assert(!B58_OK("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 0x00));
	/* not base58, too long, too short */
	ck_assert(!B58_OK("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", 0x00));
	ck_assert(!B58_OK("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaaaaa", 0x00));
	ck_assert(!B58_OK("1A1zP1eP5QGefi2DMPTf", 0x00));
	ck_assert(!B58_OK("", 0x00));
}
END_TEST

/* ---- checksum_bech32_ok ---- */

#define BECH32_OK(lit, hrp) checksum_bech32_ok((lit), sizeof(lit) - 1, (hrp))

START_TEST(bech32_accepts_bip173_and_bip350_addresses)
{
	/* bech32 (witness version 0), either case */
	ck_assert(BECH32_OK("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc"));
	ck_assert(BECH32_OK("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc"));
	ck_assert(
	    BECH32_OK("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "bc"));
	/* bech32m (taproot, witness version 1) */
	ck_assert(
	    BECH32_OK("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bc"));
	/* another human-readable part */
	ck_assert(
	    BECH32_OK("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "tb"));
}
END_TEST

START_TEST(bech32_refuses_bad_checksum_case_or_prefix)
{
	/* the last character changed */
	ck_assert(!BECH32_OK("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "bc"));
	ck_assert(
	    !BECH32_OK("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1", "bc"));
	/* mixed case */
	ck_assert(!BECH32_OK("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8F3T4", "bc"));
	/* another human-readable part than the one asked for */
	ck_assert(
	    !BECH32_OK("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "bc"));
	/* 'b', 'i', 'o' and '1' are not bech32 characters */
	ck_assert(!BECH32_OK("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb", "bc"));
	/* too short, no separator */
	ck_assert(!BECH32_OK("bc1qqqqqq", "bc"));
	ck_assert(!BECH32_OK("bcqw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc"));
}
END_TEST

static Suite *checksum_suite(void)
{
	Suite *s = suite_create("checksum");
	TCase *tc;

	tc = tcase_create("checksum_sha256");
	tcase_add_test(tc, sha256_of_the_fips_examples);
	tcase_add_test(tc, sha256_pads_at_every_block_boundary);
	suite_add_tcase(s, tc);

	tc = tcase_create("checksum_base58_digit");
	tcase_add_test(tc, base58_digits_leave_out_the_lookalikes);
	suite_add_tcase(s, tc);

	tc = tcase_create("checksum_base58check_ok");
	tcase_add_test(tc, base58check_accepts_real_addresses);
	tcase_add_test(tc, base58check_refuses_a_changed_character_or_version);
	suite_add_tcase(s, tc);

	tc = tcase_create("checksum_bech32_ok");
	tcase_add_test(tc, bech32_accepts_bip173_and_bip350_addresses);
	tcase_add_test(tc, bech32_refuses_bad_checksum_case_or_prefix);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(checksum_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
