/*
 * libsodium wrappers. Password hashing uses argon2id with OWASP's minimum
 * (19 MiB, 2 passes): a sign-in costs tens of milliseconds and 19 MiB for
 * that moment, which keeps the server inside its memory budget while many
 * people sign in at once.
 */
#include "base/crypto.h"

#include <sodium.h>
#include <string.h>

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024 * 1024)

int
crypto_setup(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int
crypto_password_hash(const char *pw, char out[CRYPTO_PWHASH_TEXT])
{
    _Static_assert(CRYPTO_PWHASH_TEXT == crypto_pwhash_STRBYTES,
                   "password hash size");
    return crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT,
                                 crypto_pwhash_ALG_ARGON2ID13) == 0
               ? 0
               : -1;
}

bool
crypto_password_verify(const char *hash, const char *pw)
{
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void
crypto_token_new(char out[CRYPTO_TOKEN_TEXT])
{
    unsigned char raw[CRYPTO_TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, CRYPTO_TOKEN_TEXT, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void
crypto_token_hash(const char *token, unsigned char out[CRYPTO_HASH_BYTES])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

bool
crypto_equal(const void *a, const void *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0;
}
