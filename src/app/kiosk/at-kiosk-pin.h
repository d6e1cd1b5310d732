/* The staff PIN that unlocks the kiosk, stored only as a salted, iterated
 * hash in GSettings (kiosk-pin-hash). The studio's preferences set it with
 * at_kiosk_pin_hash; the kiosk checks a typed PIN with at_kiosk_pin_verify. */
#pragma once
#include <glib.h>

#define AT_KIOSK_PIN_MIN_DIGITS 4
#define AT_KIOSK_PIN_MAX_DIGITS 12
#define AT_KIOSK_PIN_ITERATIONS 100000

/* TRUE when pin is 4-12 ASCII digits. */
gboolean at_kiosk_pin_is_valid (const char *pin);
/* "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64 salt and hash) with a fresh
 * random salt; NULL when the PIN is not valid. */
char *at_kiosk_pin_hash (const char *pin);
/* The same with a given salt and iteration count (tests, known answers). */
char *at_kiosk_pin_hash_with (const char *pin, const guint8 *salt, gsize salt_len, guint iterations);
/* Compares in constant time; FALSE for an empty or malformed stored hash. */
gboolean at_kiosk_pin_verify (const char *stored, const char *pin);
/* PBKDF2-HMAC-SHA256 (RFC 8018), exposed for its test vectors. */
void at_kiosk_pbkdf2_sha256 (const guint8 *password, gsize password_len, const guint8 *salt, gsize salt_len,
                             guint iterations, guint8 *out, gsize out_len);
