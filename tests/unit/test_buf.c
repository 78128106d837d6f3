/*
 * Rules of the growable buffer (src/base/buf.c): always NUL-terminated,
 * grows past any size through buf_addf, can hold NUL bytes, and hands its
 * memory over with buf_detach.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void
test_buf__new_buffer_is_empty_string(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_non_null(b.s);
    assert_string_equal(b.s, "");
    assert_int_equal(b.len, 0);
    buf_release(&b);

    buf_init(&b, 0);
    assert_string_equal(b.s, "");
    assert_int_equal(b.alloc, 0);
    buf_release(&b);

    buf_init(&b, 100);
    assert_true(b.alloc >= 101);
    assert_string_equal(b.s, "");
    assert_int_equal(b.len, 0);
    buf_release(&b);
}

static void
test_buf__adds_and_addc_append(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "Kyiv");
    buf_addc(&b, ' ');
    buf_adds(&b, "Київ");
    assert_string_equal(b.s, "Kyiv Київ");
    assert_int_equal(b.len, strlen("Kyiv Київ"));
    buf_release(&b);
}

static void
test_buf__addf_grows_past_64_bytes(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    /* 60 bytes fit the first allocation; the next 30 force a regrowth
     * whose vsnprintf must start over with the whole text. */
    buf_addf(&b, "%s", "012345678901234567890123456789012345678901234567890123456789");
    assert_int_equal(b.len, 60);
    buf_addf(&b, "[%d|%s]", 12345, "abcdefghijklmnopqrstuv");
    assert_string_equal(b.s,
                        "012345678901234567890123456789012345678901234567890123456789"
                        "[12345|abcdefghijklmnopqrstuv]");
    assert_int_equal(b.len, 60 + 30);
    assert_int_equal(strlen(b.s), b.len);
    assert_true(b.alloc > b.len);
    buf_release(&b);
}

static void
test_buf__addf_grows_past_several_kilobytes(void **state)
{
    (void)state;
    enum { N = 9000 };
    char *big = malloc(N + 1);
    assert_non_null(big);
    for (size_t i = 0; i < N; i++)
        big[i] = (char)('a' + i % 26);
    big[N] = '\0';

    struct buf b = BUF_INIT;
    buf_adds(&b, "<");
    buf_addf(&b, "%s|%d|%s", big, 42, big);
    buf_adds(&b, ">");
    assert_int_equal(b.len, 1 + N + 4 + N + 1);
    assert_int_equal(strlen(b.s), b.len);
    assert_int_equal(b.s[0], '<');
    assert_memory_equal(b.s + 1, big, N);
    assert_memory_equal(b.s + 1 + N, "|42|", 4);
    assert_memory_equal(b.s + 1 + N + 4, big, N);
    assert_int_equal(b.s[b.len - 1], '>');
    assert_int_equal(b.s[b.len], '\0');
    buf_release(&b);
    free(big);
}

static void
test_buf__many_small_addf_keep_every_piece(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    for (int i = 0; i < 2000; i++)
        buf_addf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 4000);
    for (int i = 0; i < 2000; i++) {
        assert_int_equal(b.s[2 * i], '0' + i % 10);
        assert_int_equal(b.s[2 * i + 1], ',');
    }
    assert_int_equal(b.s[4000], '\0');
    buf_release(&b);
}

static void
test_buf__detach_hands_over_string_and_empties(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "hello");
    size_t len = 0;
    char *s = buf_detach(&b, &len);
    assert_string_equal(s, "hello");
    assert_int_equal(len, 5);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    assert_string_equal(b.s, "");
    /* The buffer is usable again and does not share the old memory. */
    buf_adds(&b, "again");
    assert_string_equal(s, "hello");
    assert_string_equal(b.s, "again");
    free(s);
    buf_release(&b);
}

static void
test_buf__detach_of_empty_buffer_is_freeable_empty_string(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    size_t len = 99;
    char *s = buf_detach(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    assert_ptr_not_equal(s, buf_empty);
    free(s);
}

static void
test_buf__release_leaves_usable_empty_buffer(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "some text");
    buf_release(&b);
    assert_string_equal(b.s, "");
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    buf_release(&b); /* twice is harmless */
    buf_adds(&b, "x");
    assert_string_equal(b.s, "x");
    buf_release(&b);
}

static void
test_buf__add_keeps_embedded_nul(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_add(&b, "a\0b\0c", 5);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.s, "a\0b\0c", 5);
    assert_int_equal(b.s[5], '\0');
    buf_adds(&b, "d");
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.s, "a\0b\0cd", 7);
    buf_release(&b);
}

static void
test_buf__setlen_shortens_and_terminates(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "abcdef");
    size_t alloc = b.alloc;
    buf_setlen(&b, 3);
    assert_string_equal(b.s, "abc");
    assert_int_equal(b.len, 3);
    assert_int_equal(b.alloc, alloc);
    buf_adds(&b, "XY");
    assert_string_equal(b.s, "abcXY");
    buf_setlen(&b, 0);
    assert_string_equal(b.s, "");
    buf_release(&b);

    /* An empty, unallocated buffer may be "shortened" to 0. */
    struct buf e = BUF_INIT;
    buf_setlen(&e, 0);
    assert_string_equal(e.s, "");
    assert_int_equal(buf_empty[0], '\0');
}

static void
test_buf__reset_keeps_memory(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "abcdefghijklmnopqrstuvwxyz");
    char *mem = b.s;
    size_t alloc = b.alloc;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.s, "");
    assert_ptr_equal(b.s, mem);
    assert_int_equal(b.alloc, alloc);
    buf_release(&b);
}

static void
test_buf__grow_reserves_room_without_changing_text(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "abc");
    buf_grow(&b, 5000);
    assert_true(b.alloc >= 3 + 5000 + 1);
    assert_string_equal(b.s, "abc");
    assert_int_equal(b.len, 3);
    buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__new_buffer_is_empty_string),
        cmocka_unit_test(test_buf__adds_and_addc_append),
        cmocka_unit_test(test_buf__addf_grows_past_64_bytes),
        cmocka_unit_test(test_buf__addf_grows_past_several_kilobytes),
        cmocka_unit_test(test_buf__many_small_addf_keep_every_piece),
        cmocka_unit_test(test_buf__detach_hands_over_string_and_empties),
        cmocka_unit_test(test_buf__detach_of_empty_buffer_is_freeable_empty_string),
        cmocka_unit_test(test_buf__release_leaves_usable_empty_buffer),
        cmocka_unit_test(test_buf__add_keeps_embedded_nul),
        cmocka_unit_test(test_buf__setlen_shortens_and_terminates),
        cmocka_unit_test(test_buf__reset_keeps_memory),
        cmocka_unit_test(test_buf__grow_reserves_room_without_changing_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
