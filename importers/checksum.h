/* Checksums of cryptocurrency addresses: SHA-256 (FIPS 180-4), base58check
 * (Bitcoin's base58 alphabet with a double-SHA-256 checksum) and the
 * bech32 / bech32m checksums (BIP 173, BIP 350). No library on the link
 * line offers SHA-256, and these are small. Private to importers/ (the
 * report importer validates wallet addresses with them). Every function is
 * pure and O(n) in its input. */
#ifndef CHECKSUM_H
#define CHECKSUM_H

#include <stddef.h>

/* SHA-256 of n bytes of data into out. */
void checksum_sha256(const unsigned char *data, size_t n, unsigned char out[32]);

/* The value (0-57) of c in Bitcoin's base58 alphabet, -1 when c is not a
 * base58 digit. */
int checksum_base58_digit(unsigned char c);

/* Whether s[0..n) is a base58check string of 25 bytes (the size of a
 * Bitcoin or Tron address: version, 20-byte hash, 4-byte checksum) whose
 * first byte is version and whose checksum (the first 4 bytes of the
 * double SHA-256 of the first 21) is right. */
int checksum_base58check_ok(const char *s, size_t n, unsigned char version);

/* Whether s[0..n) is a bech32 or bech32m string, in one case only, whose
 * human-readable part is hrp (lower case), with a valid checksum and at
 * most 90 characters. */
int checksum_bech32_ok(const char *s, size_t n, const char *hrp);

#endif
