#include "at-kiosk-i18n.h"

#include <locale.h>

static const char *current = "en";

gboolean
at_kiosk_set_language (const char *language)
{
  static const char *const english[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8", "C", NULL };
  static const char *const chinese[] = { "zh_CN.UTF-8", "zh_CN.utf8", NULL };
  const char *const *candidates = g_str_equal (language, "zh_CN") ? chinese : english;
  for (int i = 0; candidates[i]; i++)
    if (setlocale (LC_MESSAGES, candidates[i]))
      {
        current = candidates == chinese ? "zh_CN" : "en";
        return TRUE;
      }
  return FALSE;
}

const char *
at_kiosk_get_language (void)
{
  return current;
}
