/* The customer kiosk (`atelier --kiosk`): a full-screen, touch-first window
 * that asks a few questions, shows the customer's body, picks garments for
 * them and shows the fit in the recommended size; forgets everything after
 * an idle countdown unless they agree to be remembered; locked to staff by
 * a PIN; English and Simplified Chinese, switchable on screen. */
#pragma once
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AT_TYPE_KIOSK_WINDOW (at_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (AtKioskWindow, at_kiosk_window, AT, KIOSK_WINDOW, GtkWindow)

/* Creates the kiosk for app (an AtApplication gives its settings; any other
 * application runs on the schema's defaults) and requests full screen. */
GtkWindow *at_kiosk_window_new (GtkApplication *app);

/* The page on screen: "welcome", "sex", "height", "weight", "age", "sizes",
 * "tape", "chest", "waist", "hip", "fit", "body", "picks", "try-on", "store",
 * "consent", "saved", "staff", "staff-menu". */
const char *at_kiosk_window_get_page (AtKioskWindow *self);
/* TRUE while no body is being built and no garment draped (screenshots
 * and tests wait for it). */
gboolean at_kiosk_window_is_settled (AtKioskWindow *self);
/* TRUE when the try-on page shows the garment draped on the body (rather
 * than waiting for it, or the size chart's estimate after a failed drape). */
gboolean at_kiosk_window_is_draped (AtKioskWindow *self);
/* Seconds left before the idle wipe, or -1 when no countdown runs. */
int at_kiosk_window_get_idle_remaining (AtKioskWindow *self);
/* Moves the idle clock forward (tests: the wipe without waiting). */
void at_kiosk_window_advance_idle_clock (AtKioskWindow *self, double seconds);
/* Whether full screen was asked of the window manager. */
gboolean at_kiosk_window_get_fullscreen_requested (AtKioskWindow *self);
/* The customer number shown after consent, or NULL. */
const char *at_kiosk_window_get_customer_number (AtKioskWindow *self);
/* TRUE when this session holds anything about the customer. */
gboolean at_kiosk_window_has_customer_data (AtKioskWindow *self);

G_END_DECLS
