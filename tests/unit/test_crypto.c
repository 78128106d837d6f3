/*
 * Rules of the cryptographic helpers (src/base/crypto.c): argon2id
 * password hashes that verify only the right password, random
 * base64url tokens, deterministic token hashes, constant-time compare.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base/crypto.h"

static int
setup(void **state)
{
    (void)state;
    return crypto_setup();
}

static void
test_crypto__password_hash_verifies_the_password(void **state)
{
    (void)state;
    char hash[CRYPTO_PWHASH_TEXT];
    assert_int_equal(crypto_password_hash("correct horse battery", hash), 0);
    assert_true(crypto_password_verify(hash, "correct horse battery"));
}

static void
test_crypto__wrong_password_fails(void **state)
{
    (void)state;
    char hash[CRYPTO_PWHASH_TEXT];
    assert_int_equal(crypto_password_hash("correct horse battery", hash), 0);
    assert_false(crypto_password_verify(hash, "correct horse batterY"));
    assert_false(crypto_password_verify(hash, "correct horse batter"));
    assert_false(crypto_password_verify(hash, "correct horse battery "));
    assert_false(crypto_password_verify(hash, ""));
}

static void
test_crypto__hash_is_argon2id(void **state)
{
    (void)state;
    char hash[CRYPTO_PWHASH_TEXT];
    assert_int_equal(crypto_password_hash("пароль-довгий", hash), 0);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    assert_true(strlen(hash) < CRYPTO_PWHASH_TEXT);
    assert_true(crypto_password_verify(hash, "пароль-довгий"));
}

static void
test_crypto__same_password_hashes_differently(void **state)
{
    (void)state;
    /* A fresh salt each time: equal passwords are not visible as equal. */
    char a[CRYPTO_PWHASH_TEXT], b[CRYPTO_PWHASH_TEXT];
    assert_int_equal(crypto_password_hash("same password", a), 0);
    assert_int_equal(crypto_password_hash("same password", b), 0);
    assert_string_not_equal(a, b);
    assert_true(crypto_password_verify(a, "same password"));
    assert_true(crypto_password_verify(b, "same password"));
}

static void
test_crypto__garbage_hash_never_verifies(void **state)
{
    (void)state;
    assert_false(crypto_password_verify("", "anything"));
    assert_false(crypto_password_verify("$argon2id$garbage", "anything"));
    assert_false(crypto_password_verify("plain text password", "plain text password"));
}

static bool
is_base64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void
test_crypto__token_is_43_base64url_chars(void **state)
{
    (void)state;
    for (int i = 0; i < 50; i++) {
        char t[CRYPTO_TOKEN_TEXT];
        memset(t, '!', sizeof(t));
        crypto_token_new(t);
        assert_int_equal(strlen(t), 43);
        for (size_t j = 0; j < 43; j++)
            assert_true(is_base64url(t[j]));
    }
}

static void
test_crypto__tokens_differ(void **state)
{
    (void)state;
    char a[CRYPTO_TOKEN_TEXT], b[CRYPTO_TOKEN_TEXT];
    crypto_token_new(a);
    crypto_token_new(b);
    assert_string_not_equal(a, b);
}

static void
test_crypto__token_hash_is_deterministic_sha256(void **state)
{
    (void)state;
    unsigned char h1[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES];
    char t[CRYPTO_TOKEN_TEXT];
    crypto_token_new(t);
    crypto_token_hash(t, h1);
    crypto_token_hash(t, h2);
    assert_memory_equal(h1, h2, CRYPTO_HASH_BYTES);

    /* SHA-256("abc"), the FIPS 180-2 test vector. */
    static const unsigned char ABC[CRYPTO_HASH_BYTES] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
        0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
        0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad
    };
    crypto_token_hash("abc", h1);
    assert_memory_equal(h1, ABC, CRYPTO_HASH_BYTES);
}

static void
test_crypto__different_tokens_hash_differently(void **state)
{
    (void)state;
    unsigned char h1[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES];
    crypto_token_hash("token-a", h1);
    crypto_token_hash("token-b", h2);
    assert_memory_not_equal(h1, h2, CRYPTO_HASH_BYTES);
}

static void
test_crypto__equal_compares_all_bytes(void **state)
{
    (void)state;
    unsigned char a[32], b[32];
    memset(a, 7, sizeof(a));
    memcpy(b, a, sizeof(b));
    assert_true(crypto_equal(a, b, sizeof(a)));
    b[31] ^= 1;
    assert_false(crypto_equal(a, b, sizeof(a)));
    b[31] ^= 1;
    b[0] ^= 0x80;
    assert_false(crypto_equal(a, b, sizeof(a)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypto__password_hash_verifies_the_password),
        cmocka_unit_test(test_crypto__wrong_password_fails),
        cmocka_unit_test(test_crypto__hash_is_argon2id),
        cmocka_unit_test(test_crypto__same_password_hashes_differently),
        cmocka_unit_test(test_crypto__garbage_hash_never_verifies),
        cmocka_unit_test(test_crypto__token_is_43_base64url_chars),
        cmocka_unit_test(test_crypto__tokens_differ),
        cmocka_unit_test(test_crypto__token_hash_is_deterministic_sha256),
        cmocka_unit_test(test_crypto__different_tokens_hash_differently),
        cmocka_unit_test(test_crypto__equal_compares_all_bytes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
