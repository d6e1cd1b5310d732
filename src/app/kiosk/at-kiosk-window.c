/* The kiosk window: the frame around the pages (back, start over, large
 * text, units, language), the idle countdown and wipe, the staff PIN gate,
 * the body built off the main thread, and saving a consenting customer. The
 * pages themselves are built in at-kiosk-pages.c from the session state, so
 * a language switch simply builds the page on screen again. */
#include "at-kiosk-private.h"
#include "at-body-task.h"
#include "at-application.h"
#include "at-config.h"
#include "at-kiosk-drape.h"
#include "at-kiosk-i18n.h"
#include "at-kiosk-pin.h"
#include "at-settings.h"
#include "at_file.h"
#include "store/at_store.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <math.h>

#define PIN_MAX_FAILURES 5
#define PIN_LOCKOUT_SECONDS 30

enum { PROP_0, PROP_LANGUAGE, PROP_UNITS, PROP_LARGE_TEXT, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (AtKioskWindow, at_kiosk_window, GTK_TYPE_WINDOW)

/* ---- frame ---- */

static void
retranslate_frame (AtKioskWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Atelier — find clothes that fit"));
  gtk_button_set_label (self->back_button, _("Back"));
  gtk_button_set_label (self->start_over_button, _("Start over"));
  gtk_button_set_label (GTK_BUTTON (self->large_text_button), _("Large text"));
  gtk_button_set_label (GTK_BUTTON (self->metric_button), _("cm / kg"));
  gtk_button_set_label (GTK_BUTTON (self->imperial_button), _("in / lb"));
  gtk_button_set_label (self->still_here_button, _("I'm still here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->metric_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Centimetres and kilograms"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->imperial_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Inches and pounds"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your body in 3D: drag to turn it, pinch to zoom"), -1);
}

static void
show_page (AtKioskWindow *self, KioskPage page)
{
  /* The drape is for the try-on page only: leaving it, any way, stops it;
   * coming back to it without a result drapes again. */
  if (page != PAGE_TRY_ON && self->drape_task)
    at_kiosk_cancel_drape (self);
  else if (page == PAGE_TRY_ON && !self->drape_task && !self->session.have_drape && !self->session.drape_failed)
    at_kiosk_start_drape (self);
  self->page = page;
  self->entry_label = NULL;
  self->error_label = NULL;
  self->drape_progress = NULL;
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))))
    gtk_box_remove (self->content, child);
  gtk_box_append (self->content, at_kiosk_build_page (self, page));
  gboolean in_flow = page != PAGE_WELCOME;
  /* No way back into a saved consent or an unlocked staff menu. */
  gboolean can_go_back = in_flow && self->history->len > 0 && page != PAGE_SAVED && page != PAGE_STAFF_MENU;
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
  gtk_widget_set_visible (GTK_WIDGET (self->start_over_button), in_flow);
}

void
at_kiosk_go (AtKioskWindow *self, KioskPage page)
{
  /* Every page change follows a customer's tap: counted as activity even
   * when the tap came without an input event (a screen reader activating
   * the button, or a test). */
  self->last_activity = g_get_monotonic_time ();
  gtk_revealer_set_reveal_child (self->idle_revealer, FALSE);
  if (page != self->page)
    g_array_append_val (self->history, self->page);
  g_string_truncate (self->entry, 0);
  show_page (self, page);
}

GtkWidget *
at_kiosk_take_view (AtKioskWindow *self)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  GtkWidget *parent = gtk_widget_get_parent (view);
  if (parent)
    gtk_box_remove (GTK_BOX (parent), view);
  return view;
}

/* ---- the customer's body ---- */

AtMaterial
at_kiosk_skin_material (void)
{
  AtMaterial m = at_material_default ();
  m.base_color[0] = 0.78f, m.base_color[1] = 0.58f, m.base_color[2] = 0.47f;
  m.roughness = 0.6f;
  return m;
}

void
at_kiosk_show_body (AtKioskWindow *self)
{
  AtMaterial skin = at_kiosk_skin_material ();
  at_view3d_set_legend (self->view, NULL, NULL, NULL);
  at_view3d_set_mesh (self->view, AT_SLOT_GARMENT, NULL, NULL);
  at_view3d_set_mesh (self->view, AT_SLOT_BODY, self->body ? at_body_mesh (self->body) : NULL, &skin);
  if (self->body)
    at_view3d_reset (self->view);
}

static void
build_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (source);
  AtMeasurements complete;
  AtBody *body = NULL;
  g_autoptr (GError) error = NULL;
  gboolean built = at_body_build_finish (result, &complete, &body, NULL, &error);
  if (GPOINTER_TO_UINT (user_data) != self->generation
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      at_body_free (body); /* the customer left; this body is nobody's now */
      return;
    }
  self->building = FALSE;
  g_clear_object (&self->build_cancellable);
  if (!built)
    {
      if (error->domain == AT_ENGINE_ERROR && (error->code == AT_ERR_INVALID || error->code == AT_ERR_RANGE))
        {
          /* Numbers that do not make a plausible body: ask again, kindly. */
          self->session.have_body = FALSE;
          if (self->page == PAGE_BODY)
            show_page (self, PAGE_BODY);
          return;
        }
      at_kiosk_fail (self, "building the body", error->domain == AT_ENGINE_ERROR ? error->code : AT_ERR_IO);
      return;
    }
  at_body_free (self->body);
  self->body = body;
  self->session.complete = complete;
  self->session.have_body = TRUE;
  at_kiosk_show_body (self);
  if (self->page == PAGE_BODY)
    show_page (self, PAGE_BODY);
}

void
at_kiosk_start_build (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  AtMeasurements partial;
  at_measurements_init (&partial, s->sex);
  for (int k = 0; k < AT_M_COUNT; k++)
    if (s->value[k] > 0)
      {
        partial.value[k] = s->value[k];
        partial.given[k] = TRUE;
      }
  s->have_body = FALSE;
  self->building = TRUE;
  g_clear_object (&self->build_cancellable);
  self->build_cancellable = g_cancellable_new ();
  at_body_build_async (self, &partial, self->build_cancellable, build_done, GUINT_TO_POINTER (self->generation));
}

/* ---- trying a garment on ---- */

static void
clear_drape_result (AtKioskWindow *self)
{
  g_clear_pointer (&self->drape_mesh, at_mesh_free);
  if (self->has_drape_report)
    at_fit_report_clear (&self->drape_report);
  self->has_drape_report = FALSE;
  self->session.have_drape = FALSE;
  self->session.drape_failed = FALSE;
}

void
at_kiosk_cancel_drape (AtKioskWindow *self)
{
  /* The task keeps running until it sees the cancel (within a frame); its
   * callback finds it is no longer self->drape_task and drops the result. */
  if (self->drape_cancellable)
    g_cancellable_cancel (self->drape_cancellable);
  g_clear_object (&self->drape_cancellable);
  g_clear_object (&self->drape_task);
  g_clear_handle_id (&self->drape_poll, g_source_remove);
  clear_drape_result (self);
}

static gboolean
drape_poll_tick (gpointer user_data)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (user_data);
  if (self->drape_progress && self->drape_task)
    gtk_progress_bar_set_fraction (self->drape_progress, at_kiosk_drape_progress (self->drape_task));
  return G_SOURCE_CONTINUE;
}

static void
drape_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (source);
  AtMesh *mesh = NULL;
  AtFitReport report;
  g_autoptr (GError) error = NULL;
  gboolean ok = at_kiosk_drape_finish (result, &mesh, &report, &error);
  if (G_TASK (result) != self->drape_task)
    {
      /* Cancelled, superseded or wiped: this garment is nobody's now. */
      at_mesh_free (mesh);
      if (ok)
        at_fit_report_clear (&report);
      return;
    }
  g_clear_object (&self->drape_task);
  g_clear_object (&self->drape_cancellable);
  g_clear_handle_id (&self->drape_poll, g_source_remove);
  if (!ok)
    {
      /* Only the kind of failure is logged; the customer sees the size
       * chart's estimate instead, with a sentence saying so. */
      g_message ("kiosk: draping the garment failed (%s); showing the size chart's estimate",
                 at_status_message (error->domain == AT_ENGINE_ERROR ? error->code : AT_ERR_IO));
      self->session.drape_failed = TRUE;
    }
  else
    {
      self->drape_mesh = mesh;
      self->drape_report = report;
      self->has_drape_report = TRUE;
      self->session.have_drape = TRUE;
      at_kiosk_feel_measured (&report, &self->session.garment, self->session.pref, &self->session.measured);
    }
  if (self->page == PAGE_TRY_ON)
    show_page (self, PAGE_TRY_ON);
}

void
at_kiosk_start_drape (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  at_kiosk_cancel_drape (self);
  if (!self->catalog || s->chosen < 0 || !s->have_body)
    return;
  const AtStyleItem *item = at_style_catalog_item (self->catalog, s->chosen);
  self->drape_cancellable = g_cancellable_new ();
  self->drape_task = at_kiosk_drape_async (self, &s->complete, &s->garment, s->shown_size, item->fabric,
                                           self->drape_cancellable, drape_done, NULL);
  self->drape_poll = g_timeout_add (150, drape_poll_tick, self);
}

/* ---- wiping, failures ---- */

static void
apply_large_text (AtKioskWindow *self)
{
  if (self->large_text)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
}

static void
set_language (AtKioskWindow *self, const char *language)
{
  /* The message catalogue is the process's: always set it, since another
   * kiosk window may have switched it since. */
  if (!at_kiosk_set_language (language))
    language = at_kiosk_get_language ();
  retranslate_frame (self);
  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LANGUAGE]);
}

void
at_kiosk_wipe (AtKioskWindow *self)
{
  self->generation++;
  if (self->build_cancellable)
    g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  self->building = FALSE;
  at_kiosk_cancel_drape (self);
  g_clear_pointer (&self->body, at_body_free);
  at_kiosk_show_body (self);
  /* explicit_bzero semantics are not needed: nothing here is a secret, but
   * nothing of it may reach the next customer either. */
  memset (&self->session, 0, sizeof self->session);
  self->session.chosen = -1;
  self->session.pref = AT_KIOSK_FIT_REGULAR;
  g_string_truncate (self->entry, 0);
  g_array_set_size (self->history, 0);
  self->unlocked = FALSE;
  self->large_text = FALSE;
  apply_large_text (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LARGE_TEXT]);
  g_autofree char *units = self->settings ? g_settings_get_string (self->settings, "units") : NULL;
  self->imperial = g_strcmp0 (units, "inch") == 0;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UNITS]);
  set_language (self, "en");
  gtk_revealer_set_reveal_child (self->idle_revealer, FALSE);
  self->last_activity = g_get_monotonic_time ();
  show_page (self, PAGE_WELCOME);
}

void
at_kiosk_fail (AtKioskWindow *self, const char *what, int code)
{
  /* Only the kind of failure is logged: never measurements or numbers. */
  g_message ("kiosk: %s failed (%s); returning to the welcome screen", what, at_status_message (code));
  at_kiosk_wipe (self);
}

/* ---- idle countdown ---- */

static gboolean
on_any_event (GtkEventControllerLegacy *controller, GdkEvent *event, gpointer user_data)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (user_data);
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_SCROLL:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self->last_activity = g_get_monotonic_time ();
      gtk_revealer_set_reveal_child (self->idle_revealer, FALSE);
      break;
    default:
      break;
    }
  return FALSE;
}

int
at_kiosk_window_get_idle_remaining (AtKioskWindow *self)
{
  if (self->page == PAGE_WELCOME)
    return -1;
  double idle = (g_get_monotonic_time () - self->last_activity) / (double) G_USEC_PER_SEC;
  return (int) ceil (self->idle_seconds - idle);
}

static gboolean
idle_tick (gpointer user_data)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (user_data);
  int remaining = at_kiosk_window_get_idle_remaining (self);
  if (remaining < 0 && self->page == PAGE_WELCOME)
    return G_SOURCE_CONTINUE;
  if (remaining <= 0)
    {
      at_kiosk_wipe (self);
      return G_SOURCE_CONTINUE;
    }
  int warn = MIN (15, (int) self->idle_seconds / 3);
  if (remaining <= warn)
    {
      g_autofree char *text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "Are you still there? Starting over in %d second.",
                     "Are you still there? Starting over in %d seconds.", remaining),
        remaining);
      gtk_label_set_text (self->countdown_label, text);
      gtk_revealer_set_reveal_child (self->idle_revealer, TRUE);
    }
  return G_SOURCE_CONTINUE;
}

void
at_kiosk_window_advance_idle_clock (AtKioskWindow *self, double seconds)
{
  self->last_activity -= (gint64) (seconds * G_USEC_PER_SEC);
  idle_tick (self);
}

/* ---- staff gate ---- */

gboolean
at_kiosk_check_pin (AtKioskWindow *self, const char *pin)
{
  gint64 now = g_get_monotonic_time ();
  if (now < self->pin_locked_until)
    return FALSE;
  g_autofree char *stored = self->settings ? g_settings_get_string (self->settings, "kiosk-pin-hash") : NULL;
  if (stored && *stored && at_kiosk_pin_verify (stored, pin))
    {
      self->pin_failures = 0;
      self->unlocked = TRUE;
      return TRUE;
    }
  /* A few tries, then a pause: four digits must not be guessable by hand. */
  if (++self->pin_failures >= PIN_MAX_FAILURES)
    {
      self->pin_failures = 0;
      self->pin_locked_until = now + PIN_LOCKOUT_SECONDS * G_USEC_PER_SEC;
    }
  return FALSE;
}

static gboolean
on_close_request (GtkWindow *window, gpointer user_data)
{
  /* Only staff may leave the kiosk. */
  return !AT_KIOSK_WINDOW (window)->unlocked;
}

/* ---- saving a consenting customer ---- */

static char *
fit_report_json (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  const AtKioskSizeFit *fit = s->have_drape ? &s->measured : &s->advice.sizes[s->shown_size];
  static const char *const verdicts[] = { "tight", "tight", "good", "loose" };
  json_t *regions = json_array ();
  for (int r = 0; r < fit->n_regions; r++)
    json_array_append_new (regions, json_pack ("{s:s, s:f, s:s}", "region", fit->regions[r].ease.region, "ease_cm",
                                               round (fit->regions[r].body_ease * 10) / 10, "verdict",
                                               verdicts[fit->regions[r].feel]));
  json_t *root = json_pack ("{s:s, s:s, s:s, s:o}", "garment", s->garment.id, "size",
                            s->garment.sizes[s->shown_size].name, "source", s->have_drape ? "drape" : "size chart",
                            "regions", regions);
  char *text = json_dumps (root, JSON_COMPACT);
  json_decref (root);
  return text;
}

gboolean
at_kiosk_save_customer (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "atelier", NULL);
  g_autofree char *path = g_build_filename (dir, "atelier.db", NULL);
  AtError err = { 0 };
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      at_error_set (&err, AT_ERR_IO, "cannot create the data folder");
      g_message ("kiosk: saving the customer failed (%s)", at_status_message (err.code));
      return FALSE;
    }
  AtStore *store = NULL;
  AtCustomer customer;
  AtStatus st = at_store_open (path, NULL, &store, &err);
  if (st == AT_OK)
    st = at_store_customer_create (store, NULL, TRUE, FALSE, &customer, &err);
  if (st == AT_OK && s->have_body)
    st = at_store_measurements_add (store, customer.id, &s->complete, AT_MEASURE_SOURCE_TYPED, NULL, &err);
  if (st == AT_OK && s->chosen >= 0)
    {
      g_autofree char *report = fit_report_json (self);
      st = at_store_fitting_add (store, customer.id, s->garment.id, s->garment.sizes[s->shown_size].name, report,
                                 NULL, &err);
      if (st == AT_OK)
        st = at_store_favourite_add (store, customer.id, at_style_catalog_item (self->catalog, s->chosen)->id, &err);
    }
  at_store_close (store);
  if (st != AT_OK)
    {
      /* err.message names the file, never the customer; still, only the
       * kind is logged. */
      g_message ("kiosk: saving the customer failed (%s)", at_status_message (st));
      return FALSE;
    }
  g_strlcpy (s->customer_number, customer.number, sizeof s->customer_number);
  return TRUE;
}

/* ---- actions of the frame ---- */

static void
back_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  if (self->history->len == 0 || !gtk_widget_get_visible (GTK_WIDGET (self->back_button)))
    return;
  KioskPage previous = g_array_index (self->history, KioskPage, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  g_string_truncate (self->entry, 0);
  show_page (self, previous);
}

static void
start_over_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  at_kiosk_wipe (AT_KIOSK_WINDOW (widget));
}

static void
still_here_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  self->last_activity = g_get_monotonic_time ();
  gtk_revealer_set_reveal_child (self->idle_revealer, FALSE);
}

static void
at_kiosk_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (object);
  switch (prop_id)
    {
    case PROP_LANGUAGE: g_value_set_string (value, self->language); break;
    case PROP_UNITS: g_value_set_string (value, self->imperial ? "imperial" : "metric"); break;
    case PROP_LARGE_TEXT: g_value_set_boolean (value, self->large_text); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
at_kiosk_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (object);
  switch (prop_id)
    {
    case PROP_LANGUAGE:
      set_language (self, g_value_get_string (value));
      show_page (self, self->page);
      break;
    case PROP_UNITS:
      {
        gboolean imperial = g_strcmp0 (g_value_get_string (value), "imperial") == 0;
        if (imperial != self->imperial)
          {
            at_kiosk_switch_units (self, imperial);
            g_object_notify_by_pspec (object, pspec);
            show_page (self, self->page);
          }
        break;
      }
    case PROP_LARGE_TEXT:
      self->large_text = g_value_get_boolean (value);
      apply_large_text (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- life cycle ---- */

static void
at_kiosk_window_dispose (GObject *object)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (object);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->build_cancellable)
    g_cancellable_cancel (self->build_cancellable);
  at_kiosk_cancel_drape (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_KIOSK_WINDOW);
  G_OBJECT_CLASS (at_kiosk_window_parent_class)->dispose (object);
}

static void
at_kiosk_window_finalize (GObject *object)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (object);
  g_clear_object (&self->view);
  g_clear_object (&self->settings);
  g_clear_object (&self->build_cancellable);
  g_clear_pointer (&self->body, at_body_free);
  g_clear_pointer (&self->style, at_style_model_free);
  g_clear_pointer (&self->catalog, at_style_catalog_free);
  g_array_unref (self->history);
  g_string_free (self->entry, TRUE);
  g_free (self->language);
  G_OBJECT_CLASS (at_kiosk_window_parent_class)->finalize (object);
}

static void
at_kiosk_window_class_init (AtKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_kiosk_window_dispose;
  object_class->finalize = at_kiosk_window_finalize;
  object_class->get_property = at_kiosk_window_get_property;
  object_class->set_property = at_kiosk_window_set_property;

  props[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "en", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_UNITS] = g_param_spec_string ("units", NULL, NULL, "metric", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_LARGE_TEXT] = g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/kiosk/at-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, large_text_button);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, metric_button);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, imperial_button);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, content);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, idle_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, AtKioskWindow, still_here_button);

  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.start-over", NULL, start_over_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.still-here", NULL, still_here_activated);
  gtk_widget_class_install_property_action (widget_class, "kiosk.language", "language");
  gtk_widget_class_install_property_action (widget_class, "kiosk.units", "units");
  gtk_widget_class_install_property_action (widget_class, "kiosk.large-text", "large-text");
  at_kiosk_pages_class_init (widget_class);
}

static void
at_kiosk_window_init (AtKioskWindow *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (KioskPage));
  self->entry = g_string_new (NULL);
  self->language = g_strdup ("en");
  self->view = g_object_ref_sink (AT_VIEW3D (at_view3d_new ()));
  gtk_widget_set_hexpand (GTK_WIDGET (self->view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  /* Customers see the fit in plain words, not the designer's map switch. */
  at_view3d_set_map_switch_visible (self->view, FALSE);
  self->page = PAGE_WELCOME;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/atelier/Atelier/kiosk/kiosk.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);

  GtkEventController *legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_any_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);

  AtError err = { 0 };
  char path[4096];
  at_data_path ("catalog/catalog.json", path, sizeof path);
  AtStyleDef def = at_style_def_default ();
  if (at_style_catalog_load (path, &self->catalog, &err) != AT_OK
      || at_style_model_train (self->catalog, NULL, 0, &def, &self->style, &err) != AT_OK)
    g_message ("kiosk: the garment catalogue could not be read (%s); no garments will be suggested",
               at_status_message (err.code));
}

static void
disable_shortcuts (GtkApplication *app)
{
  /* Quit, open, switch mode, close...: none of them in the kiosk. */
  static const char *const none[] = { NULL };
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (app);
  for (int i = 0; actions[i]; i++)
    gtk_application_set_accels_for_action (app, actions[i], none);
}

GtkWindow *
at_kiosk_window_new (GtkApplication *app)
{
  /* The kiosk picks its language itself; a LANGUAGE variable would
   * override the choice made on screen. */
  if (g_getenv ("LANGUAGE"))
    g_unsetenv ("LANGUAGE");
  AtKioskWindow *self = g_object_new (AT_TYPE_KIOSK_WINDOW, "application", app, "decorated", FALSE, NULL);
  disable_shortcuts (app);
  if (AT_IS_APPLICATION (app) && at_application_get_settings (AT_APPLICATION (app)))
    self->settings = g_object_ref (at_application_get_settings (AT_APPLICATION (app)));
  else
    self->settings = at_settings_new ();
  self->idle_seconds = self->settings ? g_settings_get_uint (self->settings, "kiosk-idle-seconds") : 60;
  at_kiosk_wipe (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
  self->fullscreen_requested = TRUE;
  self->idle_source = g_timeout_add_seconds (1, idle_tick, self);
  return GTK_WINDOW (self);
}

const char *
at_kiosk_window_get_page (AtKioskWindow *self)
{
  return at_kiosk_page_name (self->page);
}

gboolean
at_kiosk_window_is_settled (AtKioskWindow *self)
{
  return !self->building && !self->drape_task;
}

gboolean
at_kiosk_window_is_draped (AtKioskWindow *self)
{
  return self->page == PAGE_TRY_ON && self->session.have_drape;
}

gboolean
at_kiosk_window_get_fullscreen_requested (AtKioskWindow *self)
{
  return self->fullscreen_requested;
}

const char *
at_kiosk_window_get_customer_number (AtKioskWindow *self)
{
  return self->session.customer_number[0] ? self->session.customer_number : NULL;
}

gboolean
at_kiosk_window_has_customer_data (AtKioskWindow *self)
{
  const KioskSession *s = &self->session;
  if (s->have_sex || s->have_body || s->chosen >= 0 || s->customer_number[0] || self->body || self->entry->len
      || s->known_letter[0] || s->known_eu[0] || self->drape_task || self->drape_mesh || self->has_drape_report)
    return TRUE;
  for (int k = 0; k < AT_M_COUNT; k++)
    if (s->value[k] != 0)
      return TRUE;
  return FALSE;
}
