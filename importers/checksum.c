/* Checksums of cryptocurrency addresses (checksum.h): SHA-256 as FIPS 180-4
 * gives it, base58check as Bitcoin defines it, bech32 and bech32m as BIP 173
 * and BIP 350 do (the checksum constant 1, or 0x2bc830a3 for bech32m). */
#include "checksum.h"

#include <stdint.h>
#include <string.h>

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* Compresses one 64-byte block p into the state h. */
static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		              ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		uint32_t t2 =
		    (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void checksum_sha256(const unsigned char *data, size_t n, unsigned char out[32])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	unsigned char block[64];
	size_t i = 0, rest;
	uint64_t bits = (uint64_t)n * 8;

	for (; n - i >= 64; i += 64)
		sha256_block(h, data + i);
	rest = n - i;
	memset(block, 0, sizeof block);
	memcpy(block, data + i, rest);
	block[rest] = 0x80;
	if (rest >= 56) {
		sha256_block(h, block);
		memset(block, 0, sizeof block);
	}
	for (int k = 0; k < 8; k++)
		block[63 - k] = (unsigned char)(bits >> (8 * k));
	sha256_block(h, block);
	for (int k = 0; k < 8; k++) {
		out[4 * k] = (unsigned char)(h[k] >> 24);
		out[4 * k + 1] = (unsigned char)(h[k] >> 16);
		out[4 * k + 2] = (unsigned char)(h[k] >> 8);
		out[4 * k + 3] = (unsigned char)h[k];
	}
}

static const char base58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int checksum_base58_digit(unsigned char c)
{
	const char *p = c ? strchr(base58_alphabet, c) : NULL;
	return p ? (int)(p - base58_alphabet) : -1;
}

int checksum_base58check_ok(const char *s, size_t n, unsigned char version)
{
	unsigned char b[25], h1[32], h2[32];
	size_t ones = 0, zeros = 0;

	memset(b, 0, sizeof b);
	for (size_t i = 0; i < n; i++) {
		int v = checksum_base58_digit((unsigned char)s[i]);
		unsigned carry;
		if (v < 0)
			return 0;
		carry = (unsigned)v;
		for (int j = 24; j >= 0; j--) {
			carry += 58u * b[j];
			b[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		if (carry)
			return 0; /* more than 25 bytes */
	}
	while (ones < n && s[ones] == '1')
		ones++;
	while (zeros < sizeof b && b[zeros] == 0)
		zeros++;
	if (ones != zeros || b[0] != version)
		return 0;
	checksum_sha256(b, 21, h1);
	checksum_sha256(h1, 32, h2);
	return memcmp(h2, b + 21, 4) == 0;
}

static const char bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* One step of the bech32 checksum (a BCH code over GF(32)): chk extended by
 * the 5-bit value v. */
static uint32_t bech32_polymod_step(uint32_t chk, unsigned v)
{
	static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
	uint32_t top = chk >> 25;

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (int i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= gen[i];
	return chk;
}

int checksum_bech32_ok(const char *s, size_t n, const char *hrp)
{
	size_t hl = strlen(hrp), sep;
	int lower = 0, upper = 0;
	uint32_t chk = 1;

	if (n < hl + 1 + 6 + 1 || n > 90)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			lower = 1;
		else if (s[i] >= 'A' && s[i] <= 'Z')
			upper = 1;
	}
	if (lower && upper)
		return 0;
	sep = hl;
	if (s[sep] != '1')
		return 0;
	for (size_t i = 0; i < hl; i++)
		if ((s[i] | 32) != hrp[i])
			return 0;
	for (size_t i = 0; i < hl; i++)
		chk = bech32_polymod_step(chk, (unsigned)hrp[i] >> 5);
	chk = bech32_polymod_step(chk, 0);
	for (size_t i = 0; i < hl; i++)
		chk = bech32_polymod_step(chk, (unsigned)hrp[i] & 31);
	for (size_t i = sep + 1; i < n; i++) {
		const char *p = strchr(bech32_charset, s[i] | 32);
		if (!p || !s[i])
			return 0;
		chk = bech32_polymod_step(chk, (unsigned)(p - bech32_charset));
	}
	return chk == 1 || chk == 0x2bc830a3;
}
