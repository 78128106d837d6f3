/*
 * Users and what their role lets them do. Admins do everything in their
 * cluster including users; managers do all the work; the board reads.
 */
#ifndef CD_USER_H
#define CD_USER_H

#include <stdbool.h>

#include "base/err.h"

enum role { ROLE_ADMIN, ROLE_MANAGER, ROLE_BOARD, ROLE__COUNT };

const char *role_name(enum role r);
/* Parses "admin", "manager" or "board". Returns 0 or -1. */
int role_parse(const char *s, enum role *out);
bool role_can_write(enum role r);
bool role_can_admin(enum role r);

#define PASSWORD_MIN_LEN 10
#define PASSWORD_MAX_LEN 256

/* A password must have 10 to 256 bytes and be valid UTF-8. */
int user_password_check(const char *pw, struct err *err);

#endif
