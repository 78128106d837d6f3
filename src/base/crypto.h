/*
 * The few cryptographic operations clusterdesk needs, all from libsodium:
 * argon2id password hashes, random tokens, token hashes, constant-time
 * comparison. crypto_setup() must run once before any of them.
 */
#ifndef CD_CRYPTO_H
#define CD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define CRYPTO_TOKEN_BYTES 32
#define CRYPTO_TOKEN_TEXT 44 /* base64url of 32 bytes, unpadded, plus NUL */
#define CRYPTO_HASH_BYTES 32
#define CRYPTO_PWHASH_TEXT 128

int crypto_setup(void);

/* Hashes a password with argon2id into out (a NUL-terminated string).
 * Returns 0, or -1 when the machine lacks the memory for it. */
int crypto_password_hash(const char *pw, char out[CRYPTO_PWHASH_TEXT]);
bool crypto_password_verify(const char *hash, const char *pw);

/* A fresh 256-bit random token, written as unpadded base64url text. */
void crypto_token_new(char out[CRYPTO_TOKEN_TEXT]);
/* SHA-256 of a token's text: what the database keeps. */
void crypto_token_hash(const char *token, unsigned char out[CRYPTO_HASH_BYTES]);

bool crypto_equal(const void *a, const void *b, size_t len);

#endif
