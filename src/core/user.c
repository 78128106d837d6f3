/*
 * Roles and the password rule.
 */
#include "core/user.h"

#include <string.h>

#include "base/text.h"

static const char *const ROLE_NAMES[ROLE__COUNT] = {
    [ROLE_ADMIN] = "admin",
    [ROLE_MANAGER] = "manager",
    [ROLE_BOARD] = "board",
};

const char *
role_name(enum role r)
{
    return r < ROLE__COUNT ? ROLE_NAMES[r] : "board";
}

int
role_parse(const char *s, enum role *out)
{
    for (int r = 0; r < ROLE__COUNT; r++) {
        if (strcmp(s, ROLE_NAMES[r]) == 0) {
            *out = (enum role)r;
            return 0;
        }
    }
    return -1;
}

bool
role_can_write(enum role r)
{
    return r == ROLE_ADMIN || r == ROLE_MANAGER;
}

bool
role_can_admin(enum role r)
{
    return r == ROLE_ADMIN;
}

int
user_password_check(const char *pw, struct err *err)
{
    size_t len = strlen(pw);
    if (len < PASSWORD_MIN_LEN)
        return err_set(err, ERR_INVALID, "password",
                       "The password must have at least %d characters.",
                       PASSWORD_MIN_LEN);
    if (len > PASSWORD_MAX_LEN || !text_valid_utf8(pw, len))
        return err_set(err, ERR_INVALID, "password",
                       "The password must be at most %d bytes of text.",
                       PASSWORD_MAX_LEN);
    return 0;
}
