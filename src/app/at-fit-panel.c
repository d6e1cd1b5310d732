#include "at-fit-panel.h"
#include "at-body-panel.h"
#include "at-drape-view.h"
#include "at-fitting-summary.h"
#include "at-garment-panel.h"
#include "anthro/at_sizing.h"
#include "recommend/at_size_feedback.h"
#include "size/at_size_advice.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

struct _AtFitPanel {
  GtkWidget parent_instance;

  /* template children */
  GtkLabel *customer_label;
  GtkLabel *size_label;
  GtkLabel *advice_label;
  GtkLabel *feedback_label;
  GtkLabel *shape_label;
  GtkGrid *regions_grid;
  GtkLabel *message_label;
  GtkListBox *history_list;
  GtkWidget *customer_actions;
  GtkDropDown *feedback_region;

  /* borrowed */
  AtWindow *window;
  AtStore *store;

  /* owned */
  GSimpleActionGroup *actions;
  AtCustomer customer;
  gboolean has_customer;
  AtSizeAdvice advice;
  gboolean has_advice;
  AtFitPreference preference;
  AtSizeFeedback *feedback; /* the store's reports, learnt; NULL: none yet */
  GtkStringList *regions;   /* what the feedback drop-down shows: "Overall", then ... */
  char region_ids[AT_SIZE_MAX_REGIONS + 1][24]; /* ... the regions ("" overall) */
};

G_DEFINE_FINAL_TYPE (AtFitPanel, at_fit_panel, GTK_TYPE_WIDGET)

static void
show_message (AtFitPanel *self, const char *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static const char *
verdict_words (AtFitVerdict v)
{
  return v == AT_FIT_TIGHT ? _("snug") : v == AT_FIT_LOOSE ? _("roomy") : _("good");
}

static void
fill_regions (AtFitPanel *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->regions_grid))))
    gtk_grid_remove (self->regions_grid, child);
  if (!self->has_advice)
    return;
  const char *headers[] = { _("Region"), _("Ease"), _("Fit"), "" };
  for (int c = 0; c < 4; c++)
    {
      GtkWidget *h = gtk_label_new (headers[c]);
      gtk_label_set_xalign (GTK_LABEL (h), 0.0f);
      gtk_widget_add_css_class (h, "dim-label");
      gtk_grid_attach (self->regions_grid, h, c, 0, 1, 1);
    }
  const AtSizeFit *fit = &self->advice.best;
  for (int i = 0; i < fit->region_count; i++)
    {
      const AtRegionFit *r = &fit->regions[i];
      g_autofree char *region = g_strdelimit (g_strdup (r->region), "_", ' ');
      g_autofree char *ease = g_strdup_printf ("%+.1f cm", r->ease_cm);
      GtkWidget *cells[4] = { gtk_label_new (region), gtk_label_new (ease), gtk_label_new (verdict_words (r->verdict)),
                              gtk_label_new (r->measured ? _("measured") : _("estimated")) };
      gtk_widget_add_css_class (cells[2], r->verdict == AT_FIT_GOOD ? "success" : "warning");
      gtk_widget_add_css_class (cells[3], "caption");
      if (!r->measured)
        gtk_widget_add_css_class (cells[3], "dim-label");
      for (int c = 0; c < 4; c++)
        {
          gtk_label_set_xalign (GTK_LABEL (cells[c]), 0.0f);
          gtk_grid_attach (self->regions_grid, cells[c], c, i + 1, 1, 1);
        }
    }
}

/* The regions a report can be about: the garment overall, then the
 * regions of the advice; the choice survives a refresh when it still exists. */
static void
fill_feedback_regions (AtFitPanel *self)
{
  guint chosen = gtk_drop_down_get_selected (self->feedback_region);
  char keep[sizeof self->region_ids[0]] = "";
  if (chosen != GTK_INVALID_LIST_POSITION && chosen <= AT_SIZE_MAX_REGIONS)
    g_strlcpy (keep, self->region_ids[chosen], sizeof keep);
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->regions));
  char *names[AT_SIZE_MAX_REGIONS + 2] = { g_strdup (_("Overall")) };
  self->region_ids[0][0] = '\0';
  int n = 1;
  for (int i = 0; self->has_advice && i < self->advice.best.region_count; i++, n++)
    {
      g_strlcpy (self->region_ids[n], self->advice.best.regions[i].region, sizeof self->region_ids[n]);
      names[n] = g_strdelimit (g_strdup (self->region_ids[n]), "_", ' ');
    }
  names[n] = NULL;
  gtk_string_list_splice (self->regions, 0, old, (const char *const *) names);
  guint select = 0;
  for (int i = 1; keep[0] && i < n; i++)
    if (g_str_equal (self->region_ids[i], keep))
      select = (guint) i;
  gtk_drop_down_set_selected (self->feedback_region, select);
  for (int i = 0; i < n; i++)
    g_free (names[i]);
}

/* One line when the customer's reports moved the advice away from what the
 * body alone says, naming the reports that did. */
static void
show_feedback_effect (AtFitPanel *self, const AtSizeFeedbackEffect *effect)
{
  g_autofree char *text = NULL;
  const char *was = effect->evidence_size, *now = self->advice.best.size;
  /* one report has a sentence of its own; the plural forms keep the count */
  if (effect->changed && effect->evidence == 1)
    text = g_strdup_printf (effect->evidence_tight ? _("Your last fitting said %s was tight: %s")
                                                   : _("Your last fitting said %s was loose: %s"),
                            was, now);
  else if (effect->changed && effect->evidence > 1)
    text = g_strdup_printf (effect->evidence_tight
                              ? g_dngettext (NULL, "Your last %d fitting said %s was tight: %s",
                                             "Your last %d fittings said %s was tight: %s", effect->evidence)
                              : g_dngettext (NULL, "Your last %d fitting said %s was loose: %s",
                                             "Your last %d fittings said %s was loose: %s", effect->evidence),
                            effect->evidence, was, now);
  else if (effect->changed)
    text = g_strdup_printf (_("Feedback on other garments: size %s instead of %s"), self->advice.best.size,
                            effect->body_size);
  gtk_label_set_text (self->feedback_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), text != NULL);
}

/* Relearns the store's reports (a new report, another customer). */
static void
relearn_feedback (AtFitPanel *self)
{
  g_clear_pointer (&self->feedback, at_size_feedback_free);
  if (!self->store)
    return;
  AtError err = { 0 };
  if (at_size_feedback_from_store (self->store, &self->feedback, NULL, &err) != AT_OK)
    show_message (self, err.message);
}

/* The body-shape group (k-means on ANSUR II proportions) tells staff
 * which cut of a garment family tends to suit the customer. */
static void
show_shape_group (AtFitPanel *self, const AtMeasurements *body)
{
  AtShapeGroup group;
  if (!(body->value[AT_M_STATURE] > 0.0) || at_sizing_shape_group (body, &group, NULL) != AT_OK)
    {
      gtk_label_set_text (self->shape_label, "");
      return;
    }
  g_autofree char *text = g_strdup_printf (_("Body shape: %s (%.0f %% of %s)"), group.label, 100.0 * group.share,
                                           body->sex == AT_SEX_MALE ? _("men") : _("women"));
  gtk_label_set_text (self->shape_label, text);
}

void
at_fit_panel_refresh (AtFitPanel *self)
{
  AtGarmentPanel *garment_panel = at_window_get_garment_panel (self->window);
  const AtGarmentDef *garment = at_garment_panel_get_garment (garment_panel);
  const AtMeasurements *body = at_body_panel_get_measurements (at_window_get_body_panel (self->window));
  self->has_advice = FALSE;
  show_shape_group (self, body);
  AtSizeFeedbackEffect effect = { 0 };
  show_feedback_effect (self, &effect);
  if (!garment)
    {
      gtk_label_set_text (self->size_label, _("No garment"));
      gtk_label_set_text (self->advice_label, _("Choose a garment in the Design library to see the size to try."));
      fill_regions (self);
      fill_feedback_regions (self);
      return;
    }
  AtError err = { 0 };
  /* A customer's own reports (and every customer's on this garment) refine
   * the body's advice; without any it is the body's advice unchanged. */
  if (!(body->value[AT_M_STATURE] > 0.0)
      || at_size_advise_feedback (self->has_customer ? self->feedback : NULL, garment, body, self->preference,
                                  self->customer.id, &self->advice, &effect, &err)
           != AT_OK)
    {
      show_message (self, err.message[0] ? err.message : _("The body is not built yet"));
      fill_regions (self);
      fill_feedback_regions (self);
      return;
    }
  show_message (self, NULL);
  self->has_advice = TRUE;
  g_autofree char *size = g_strdup_printf (_("%s: size %s"), garment->name, self->advice.best.size);
  gtk_label_set_text (self->size_label, size);
  g_autofree char *advice = g_strdup_printf (_("%s. Runner-up %s · confidence %.0f %%%s"), self->advice.advice,
                                             self->advice.has_runner_up ? self->advice.runner_up.size : "–",
                                             100.0 * self->advice.confidence,
                                             self->advice.outside_chart ? _(" · outside the size chart") : "");
  gtk_label_set_text (self->advice_label, advice);
  show_feedback_effect (self, &effect);
  fill_regions (self);
  fill_feedback_regions (self);
}

const char *
at_fit_panel_get_recommended_size (AtFitPanel *self)
{
  return self->has_advice ? self->advice.best.size : NULL;
}

const char *
at_fit_panel_get_feedback_note (AtFitPanel *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->feedback_label)) ? gtk_label_get_text (self->feedback_label) : NULL;
}

static void
refresh_history (AtFitPanel *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))))
    gtk_list_box_remove (self->history_list, child);
  if (!self->has_customer || !self->store)
    return;
  AtFitting *fittings = NULL;
  size_t n = 0;
  AtError err = { 0 };
  if (at_store_fittings_list (self->store, self->customer.id, &fittings, &n, &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  for (size_t i = 0; i < n; i++)
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (fittings[i].date);
      g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
      g_autofree char *text = g_strdup_printf ("%s · %s %s", date, fittings[i].garment, fittings[i].size);
      GtkWidget *label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_list_box_append (self->history_list, label);
    }
  if (n == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No fittings recorded yet"));
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_list_box_append (self->history_list, empty);
    }
  at_store_fittings_free (fittings, n);
}

void
at_fit_panel_set_customer (AtFitPanel *self, const AtCustomer *customer)
{
  if (!customer)
    {
      memset (&self->customer, 0, sizeof self->customer);
      self->has_customer = FALSE;
      gtk_label_set_text (self->customer_label, _("No customer: find or create one in Fitting mode"));
      gtk_widget_set_sensitive (self->customer_actions, FALSE);
      refresh_history (self);
      at_fit_panel_refresh (self);
      return;
    }
  self->customer = *customer;
  self->has_customer = TRUE;
  relearn_feedback (self);
  g_autofree char *title = g_strdup_printf (_("Customer %s%s%s"), customer->number, customer->name[0] ? " · " : "",
                                            customer->name);
  gtk_label_set_text (self->customer_label, title);
  gtk_widget_set_sensitive (self->customer_actions, TRUE);
  AtStoredMeasurements *history = NULL;
  size_t n = 0;
  AtError err = { 0 };
  if (at_store_measurements_list (self->store, customer->id, &history, &n, &err) != AT_OK)
    show_message (self, err.message);
  else if (n > 0)
    /* The newest record is last; measured keys stay measured. */
    at_body_panel_set_measurements (at_window_get_body_panel (self->window), &history[n - 1].m);
  free (history);
  refresh_history (self);
  at_fit_panel_refresh (self);
}

static void
preference_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtFitPanel *self = AT_FIT_PANEL (user_data);
  AtFitPreference preference;
  if (!at_fit_preference_from_name (g_variant_get_string (parameter, NULL), &preference))
    return;
  g_simple_action_set_state (action, parameter);
  self->preference = preference;
  at_fit_panel_refresh (self);
}

static void
try_size_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtFitPanel *self = AT_FIT_PANEL (user_data);
  if (!self->has_advice)
    return;
  gboolean runner_up = g_str_equal (g_action_get_name (G_ACTION (action)), "try-runner-up");
  if (runner_up && !self->advice.has_runner_up)
    return;
  at_garment_panel_set_size (at_window_get_garment_panel (self->window),
                             runner_up ? self->advice.runner_up.size : self->advice.best.size);
}

static void
feedback_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtFitPanel *self = AT_FIT_PANEL (user_data);
  const AtGarmentDef *garment = at_garment_panel_get_garment (at_window_get_garment_panel (self->window));
  const AtPattern *pattern = at_garment_panel_get_pattern (at_window_get_garment_panel (self->window));
  if (!self->has_customer || !garment || !pattern)
    return;
  const char *verdict = g_variant_get_string (parameter, NULL);
  AtFeedback feedback = { 0 };
  g_strlcpy (feedback.garment, garment->id, sizeof feedback.garment);
  g_strlcpy (feedback.size, pattern->size, sizeof feedback.size);
  guint region = gtk_drop_down_get_selected (self->feedback_region);
  if (region != GTK_INVALID_LIST_POSITION && region <= AT_SIZE_MAX_REGIONS)
    g_strlcpy (feedback.region, self->region_ids[region], sizeof feedback.region);
  feedback.verdict = g_str_equal (verdict, "small") ? AT_FEEDBACK_TOO_SMALL
                     : g_str_equal (verdict, "large") ? AT_FEEDBACK_TOO_LARGE : AT_FEEDBACK_FITS;
  AtError err = { 0 };
  if (at_store_feedback_add (self->store, self->customer.id, &feedback, NULL, &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  at_window_set_status (self->window, _("Feedback recorded"));
  relearn_feedback (self);
  at_fit_panel_refresh (self);
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtFitPanel *self = AT_FIT_PANEL (user_data);
  const AtGarmentDef *garment = at_garment_panel_get_garment (at_window_get_garment_panel (self->window));
  if (!self->has_customer || !garment || !self->has_advice)
    return;
  const AtMeasurements *body = at_body_panel_get_measurements (at_window_get_body_panel (self->window));
  g_autofree char *report = at_size_advice_to_json (garment, &self->advice);
  AtError err = { 0 };
  if (at_store_measurements_add (self->store, self->customer.id, body, AT_MEASURE_SOURCE_TYPED, NULL, &err) != AT_OK
      || at_store_fitting_add (self->store, self->customer.id, garment->id, self->advice.best.size, report, NULL, &err)
           != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  at_window_set_status (self->window, _("Fitting saved to the customer's record"));
  refresh_history (self);
}

static void
on_summary_chosen (GtkNativeDialog *dialog, int response, AtFitPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->has_advice)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      const AtGarmentDef *garment = at_garment_panel_get_garment (at_window_get_garment_panel (self->window));
      const AtMeasurements *body = at_body_panel_get_measurements (at_window_get_body_panel (self->window));
      g_autoptr (GError) error = NULL;
      if (!at_fitting_summary_write_pdf (path, self->has_customer ? &self->customer : NULL, garment, &self->advice,
                                         body, &error))
        show_message (self, error->message);
      else
        at_window_set_status (self->window, _("Fitting summary written"));
    }
  g_object_unref (dialog);
}

static void
summary_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtFitPanel *self = AT_FIT_PANEL (user_data);
  if (!self->has_advice)
    return;
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export the Fitting Summary"),
                                                               GTK_WINDOW (self->window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "fitting-summary.pdf");
  g_signal_connect (chooser, "response", G_CALLBACK (on_summary_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
compare_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  AtFitPanel *self = AT_FIT_PANEL (user_data);
  gboolean on = g_variant_get_boolean (state) && self->has_advice && self->advice.has_runner_up;
  g_simple_action_set_state (action, g_variant_new_boolean (on));
  at_drape_view_set_compare_size (at_window_get_drape_view (self->window), on ? self->advice.runner_up.size : NULL);
}

static void
compare_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_autoptr (GVariant) state = g_action_get_state (G_ACTION (action));
  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static const GActionEntry fit_entries[] = {
  { "compare", compare_activated, NULL, "false", compare_changed },
  { "preference", preference_activated, "s", "'regular'" },
  { "try-recommended", try_size_activated },
  { "try-runner-up", try_size_activated },
  { "feedback", feedback_activated, "s" },
  { "save", save_activated },
  { "summary", summary_activated },
};

static void
at_fit_panel_dispose (GObject *object)
{
  AtFitPanel *self = AT_FIT_PANEL (object);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->feedback, at_size_feedback_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_FIT_PANEL);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (at_fit_panel_parent_class)->dispose (object);
}

static void
at_fit_panel_class_init (AtFitPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_fit_panel_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-fit-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, customer_label);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, size_label);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, advice_label);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, feedback_region);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, shape_label);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, regions_grid);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, history_list);
  gtk_widget_class_bind_template_child (widget_class, AtFitPanel, customer_actions);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
at_fit_panel_init (AtFitPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->preference = AT_FIT_PREFERENCE_REGULAR;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), fit_entries, G_N_ELEMENTS (fit_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "fit", G_ACTION_GROUP (self->actions));
  gtk_widget_set_sensitive (self->customer_actions, FALSE);
  self->regions = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->feedback_region, G_LIST_MODEL (self->regions));
  g_object_unref (self->regions); /* the drop-down holds it */
}

AtFitPanel *
at_fit_panel_new (AtWindow *window, AtStore *store)
{
  AtFitPanel *self = g_object_new (AT_TYPE_FIT_PANEL, NULL);
  self->window = window;
  self->store = store;
  g_signal_connect_object (at_window_get_body_panel (window), "body-changed", G_CALLBACK (at_fit_panel_refresh),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (at_window_get_garment_panel (window), "pattern-changed",
                           G_CALLBACK (at_fit_panel_refresh), self, G_CONNECT_SWAPPED);
  at_fit_panel_refresh (self);
  return self;
}
