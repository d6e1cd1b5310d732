/* Staff PIN hashing: PBKDF2 (RFC 8018, section 5.2) with HMAC-SHA256 from
 * GLib's GHmac, a 16-byte random salt and 100,000 iterations, so a copied
 * settings file does not give the PIN away cheaply (a 4-digit PIN space is
 * small; the iteration count is what makes trying all of it slow). */
#include "at-kiosk-pin.h"

#include <string.h>

#define SALT_BYTES 16
#define HASH_BYTES 32
#define SCHEME "pbkdf2-sha256"

gboolean
at_kiosk_pin_is_valid (const char *pin)
{
  gsize n = pin ? strlen (pin) : 0;
  if (n < AT_KIOSK_PIN_MIN_DIGITS || n > AT_KIOSK_PIN_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

void
at_kiosk_pbkdf2_sha256 (const guint8 *password, gsize password_len, const guint8 *salt, gsize salt_len,
                        guint iterations, guint8 *out, gsize out_len)
{
  GHmac *key = g_hmac_new (G_CHECKSUM_SHA256, password, password_len);
  for (guint32 block = 1; out_len > 0; block++)
    {
      guint8 u[HASH_BYTES], t[HASH_BYTES];
      gsize len = HASH_BYTES;
      guint8 index[4] = { block >> 24, block >> 16, block >> 8, block };
      GHmac *h = g_hmac_copy (key);
      g_hmac_update (h, salt, salt_len);
      g_hmac_update (h, index, sizeof index);
      g_hmac_get_digest (h, u, &len);
      g_hmac_unref (h);
      memcpy (t, u, HASH_BYTES);
      for (guint i = 1; i < iterations; i++)
        {
          h = g_hmac_copy (key);
          g_hmac_update (h, u, HASH_BYTES);
          len = HASH_BYTES;
          g_hmac_get_digest (h, u, &len);
          g_hmac_unref (h);
          for (int j = 0; j < HASH_BYTES; j++)
            t[j] ^= u[j];
        }
      gsize take = MIN (out_len, (gsize) HASH_BYTES);
      memcpy (out, t, take);
      out += take;
      out_len -= take;
    }
  g_hmac_unref (key);
}

char *
at_kiosk_pin_hash_with (const char *pin, const guint8 *salt, gsize salt_len, guint iterations)
{
  if (!at_kiosk_pin_is_valid (pin) || iterations == 0)
    return NULL;
  guint8 hash[HASH_BYTES];
  at_kiosk_pbkdf2_sha256 ((const guint8 *) pin, strlen (pin), salt, salt_len, iterations, hash, sizeof hash);
  g_autofree char *salt64 = g_base64_encode (salt, salt_len);
  g_autofree char *hash64 = g_base64_encode (hash, sizeof hash);
  return g_strdup_printf (SCHEME "$%u$%s$%s", iterations, salt64, hash64);
}

char *
at_kiosk_pin_hash (const char *pin)
{
  guint8 salt[SALT_BYTES];
  /* GRand seeds itself from /dev/urandom. */
  GRand *rand = g_rand_new ();
  for (gsize i = 0; i < sizeof salt; i++)
    salt[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  return at_kiosk_pin_hash_with (pin, salt, sizeof salt, AT_KIOSK_PIN_ITERATIONS);
}

gboolean
at_kiosk_pin_verify (const char *stored, const char *pin)
{
  if (!stored || !at_kiosk_pin_is_valid (pin))
    return FALSE;
  g_auto (GStrv) parts = g_strsplit (stored, "$", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], SCHEME))
    return FALSE;
  guint64 iterations = 0;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 1, 10000000, &iterations, NULL))
    return FALSE;
  gsize salt_len = 0, hash_len = 0;
  g_autofree guint8 *salt = g_base64_decode (parts[2], &salt_len);
  g_autofree guint8 *want = g_base64_decode (parts[3], &hash_len);
  if (salt_len == 0 || hash_len != HASH_BYTES)
    return FALSE;
  guint8 got[HASH_BYTES];
  at_kiosk_pbkdf2_sha256 ((const guint8 *) pin, strlen (pin), salt, salt_len, (guint) iterations, got, sizeof got);
  guint8 diff = 0;
  for (int i = 0; i < HASH_BYTES; i++)
    diff |= got[i] ^ want[i];
  return diff == 0;
}
