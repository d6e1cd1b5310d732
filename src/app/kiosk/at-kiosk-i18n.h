/* Switching the kiosk's language inside the running program: gettext reads
 * LC_MESSAGES, so the kiosk sets that category alone (numbers and dates keep
 * the system's conventions) to a UTF-8 locale of the chosen language. */
#pragma once
#include <glib.h>

/* "en" or "zh_CN". FALSE when the system lacks the locale (the setup script
 * generates zh_CN.UTF-8); the language then stays as it was. */
gboolean at_kiosk_set_language (const char *language);
/* The language set last ("en" before any call). */
const char *at_kiosk_get_language (void);
