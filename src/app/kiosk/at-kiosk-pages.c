/* The kiosk's pages, one question per screen: welcome, about you (body
 * type, height, weight, age, sizes usually worn, optional tape
 * measurements, fit preference),
 * your body, picked for you, try it on, find it in store, remember me, and
 * the staff gate. Each page is built from the session state, so building
 * it again (language or units switched) shows the same answers. */
#include "at-kiosk-private.h"
#include "at-kiosk-i18n.h"

#include <glib/gi18n.h>
#include <math.h>

#define CM_PER_INCH 2.54
#define KG_PER_LB 0.45359237
#define ENTRY_MAX_CHARS 6

static const char *const page_names[PAGE_COUNT] = {
  "welcome", "sex", "height", "weight", "age", "sizes", "tape", "chest", "waist", "hip", "fit",
  "body", "picks", "try-on", "store", "consent", "saved", "staff", "staff-menu",
};

const char *
at_kiosk_page_name (KioskPage page)
{
  return page < PAGE_COUNT ? page_names[page] : "welcome";
}

static KioskPage
page_from_name (const char *name)
{
  for (int i = 0; i < PAGE_COUNT; i++)
    if (g_str_equal (page_names[i], name))
      return i;
  return PAGE_WELCOME;
}

/* ---- the number questions ---- */

typedef struct {
  KioskPage page;
  AtMeasureKey key;
  const char *title;
  const char *hint;
  gboolean optional;
  double min, max; /* accepted here, in cm / kg / years: a kiosk sees adults */
} NumberQuestion;

static const NumberQuestion questions[] = {
  { PAGE_HEIGHT, AT_M_STATURE, N_("How tall are you?"), N_("Without shoes. A close guess is fine."), FALSE, 120, 220 },
  { PAGE_WEIGHT, AT_M_WEIGHT, N_("How much do you weigh?"), N_("A rough figure is fine."), FALSE, 30, 200 },
  { PAGE_AGE, AT_M_AGE, N_("How old are you?"), N_("You can skip this. It helps us guess your shape."), TRUE, 16, 99 },
  { PAGE_CHEST, AT_M_CHEST_GIRTH, N_("Your chest measurement"), N_("Around the fullest part of the chest. You can skip this."), TRUE, 60, 160 },
  { PAGE_WAIST, AT_M_WAIST_GIRTH, N_("Your waist measurement"), N_("Around your natural waist. You can skip this."), TRUE, 50, 160 },
  { PAGE_HIP, AT_M_HIP_GIRTH, N_("Your hip measurement"), N_("Around the fullest part of the hips. You can skip this."), TRUE, 60, 170 },
};

static const NumberQuestion *
question_for (KioskPage page)
{
  for (gsize i = 0; i < G_N_ELEMENTS (questions); i++)
    if (questions[i].page == page)
      return &questions[i];
  return NULL;
}

/* cm / kg / years -> what the customer sees. */
static double
to_display (AtKioskWindow *self, AtMeasureKey key, double value)
{
  if (!self->imperial || key == AT_M_AGE)
    return value;
  return key == AT_M_WEIGHT ? value / KG_PER_LB : value / CM_PER_INCH;
}

static double
from_display (AtKioskWindow *self, AtMeasureKey key, double value)
{
  if (!self->imperial || key == AT_M_AGE)
    return value;
  return key == AT_M_WEIGHT ? value * KG_PER_LB : value * CM_PER_INCH;
}

static const char *
unit_label (AtKioskWindow *self, AtMeasureKey key)
{
  if (key == AT_M_AGE)
    return _("years");
  if (key == AT_M_WEIGHT)
    return self->imperial ? _("lb") : _("kg");
  return self->imperial ? _("in") : _("cm");
}

void
at_kiosk_switch_units (AtKioskWindow *self, gboolean imperial)
{
  /* What is being typed is converted, so "70 in" becomes "178 cm". */
  const NumberQuestion *q = question_for (self->page);
  double shown = self->entry->len ? g_ascii_strtod (self->entry->str, NULL) : 0;
  double value = q ? from_display (self, q->key, shown) : 0;
  self->imperial = imperial;
  g_string_truncate (self->entry, 0);
  if (q && value > 0)
    g_string_printf (self->entry, "%.0f", round (to_display (self, q->key, value)));
}

KioskPage
at_kiosk_next_page (AtKioskWindow *self, KioskPage page)
{
  switch (page)
    {
    case PAGE_WELCOME: return PAGE_SEX;
    case PAGE_SEX: return PAGE_HEIGHT;
    case PAGE_HEIGHT: return PAGE_WEIGHT;
    case PAGE_WEIGHT: return PAGE_AGE;
    case PAGE_AGE: return PAGE_SIZES;
    case PAGE_SIZES: return PAGE_TAPE;
    case PAGE_CHEST: return PAGE_WAIST;
    case PAGE_WAIST: return PAGE_HIP;
    case PAGE_HIP: return PAGE_FIT;
    case PAGE_TAPE: return PAGE_FIT;
    case PAGE_FIT: return PAGE_BODY;
    case PAGE_BODY: return PAGE_PICKS;
    case PAGE_TRY_ON: return PAGE_STORE;
    case PAGE_STORE: return PAGE_CONSENT;
    case PAGE_CONSENT: return PAGE_SAVED;
    default: return PAGE_WELCOME;
    }
}

/* ---- widget helpers ---- */

GtkWidget *
at_kiosk_big_button (const char *label, const char *action, GVariant *target, gboolean primary)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  gtk_widget_add_css_class (button, "kiosk-button");
  if (primary)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_justify (GTK_LABEL (child), GTK_JUSTIFY_CENTER);
    }
  return button;
}

GtkWidget *
at_kiosk_title (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "kiosk-title");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  return label;
}

GtkWidget *
at_kiosk_text (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_widget_add_css_class (label, "kiosk-text");
  return label;
}

static GtkWidget *
page_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_widget_add_css_class (box, "kiosk-page");
  return box;
}

static GtkWidget *
row_box (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  return row;
}

static GtkWidget *
error_label (AtKioskWindow *self)
{
  /* An alert: screen readers announce it when it appears. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, "wrap", TRUE, NULL);
  gtk_widget_add_css_class (label, "kiosk-error");
  self->error_label = GTK_LABEL (label);
  return label;
}

static void
update_entry_label (AtKioskWindow *self, const char *unit)
{
  if (!self->entry_label)
    return;
  if (self->page == PAGE_STAFF)
    {
      GString *dots = g_string_new (NULL);
      for (gsize i = 0; i < self->entry->len; i++)
        g_string_append (dots, "● ");
      gtk_label_set_text (self->entry_label, dots->len ? dots->str : " ");
      g_string_free (dots, TRUE);
      return;
    }
  g_autofree char *text = g_strdup_printf ("%s %s", self->entry->len ? self->entry->str : "—", unit);
  gtk_label_set_text (self->entry_label, text);
}

static GtkWidget *
keypad (gboolean with_point)
{
  static const char *const keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "del" };
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  for (int i = 0; i < 12; i++)
    {
      if (g_str_equal (keys[i], ".") && !with_point)
        continue;
      gboolean del = g_str_equal (keys[i], "del");
      GtkWidget *b = gtk_button_new_with_label (del ? "⌫" : keys[i]);
      gtk_widget_add_css_class (b, "kiosk-key");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "kiosk.key");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), g_variant_new_string (keys[i]));
      if (del)
        gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Delete the last digit"), -1);
      gtk_grid_attach (GTK_GRID (grid), b, i % 3, i / 3, 1, 1);
    }
  return grid;
}

/* ---- pages ---- */

static GtkWidget *
build_welcome (AtKioskWindow *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Find clothes that fit you")));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Answer a few questions and see our garments on a body with your "
                                                  "measurements. Nothing about you is kept unless you ask us to.")));
  gtk_box_append (GTK_BOX (box), at_kiosk_big_button (_("Start"), "kiosk.go", g_variant_new_string ("sex"), TRUE));
  GtkWidget *staff = gtk_button_new_with_label (_("Staff"));
  gtk_widget_add_css_class (staff, "flat");
  gtk_widget_add_css_class (staff, "kiosk-staff");
  gtk_widget_set_halign (staff, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (staff), "kiosk.go");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (staff), g_variant_new_string ("staff"));
  gtk_box_append (GTK_BOX (box), staff);
  return box;
}

static GtkWidget *
build_sex (AtKioskWindow *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Which body shape should we start from?")));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_("We use it to guess the measurements you don't give us.")));
  GtkWidget *row = row_box ();
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Female body"), "kiosk.sex", g_variant_new_string ("female"),
                                                      self->session.have_sex && self->session.sex == AT_SEX_FEMALE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Male body"), "kiosk.sex", g_variant_new_string ("male"),
                                                      self->session.have_sex && self->session.sex == AT_SEX_MALE));
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

/* Question and answer on the left, the keypad on the right: a keypad under
 * the question would not fit a 800-pixel-high screen. */
static GtkWidget *
question_with_keypad (GtkWidget *question, gboolean with_point)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 64);
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (row, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (row, TRUE);
  gtk_widget_add_css_class (row, "kiosk-page");
  gtk_box_append (GTK_BOX (row), question);
  GtkWidget *pad = keypad (with_point);
  gtk_widget_set_valign (pad, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), pad);
  return row;
}

static GtkWidget *
question_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (box, 520, -1);
  return box;
}

static GtkWidget *
build_number (AtKioskWindow *self, const NumberQuestion *q)
{
  GtkWidget *box = question_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_(q->title)));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_(q->hint)));
  double v = self->session.value[q->key];
  if (v > 0 && self->entry->len == 0)
    {
      char buf[32];
      g_snprintf (buf, sizeof buf, "%.0f", round (to_display (self, q->key, v)));
      g_string_assign (self->entry, buf);
    }
  GtkWidget *entry = gtk_label_new (NULL);
  gtk_widget_add_css_class (entry, "kiosk-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _(q->title), -1);
  self->entry_label = GTK_LABEL (entry);
  update_entry_label (self, unit_label (self, q->key));
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label (self));
  GtkWidget *row = row_box ();
  if (q->optional)
    gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Skip"), "kiosk.skip", NULL, FALSE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Next"), "kiosk.next", NULL, TRUE));
  gtk_box_append (GTK_BOX (box), row);
  return question_with_keypad (box, q->key != AT_M_AGE);
}

static GtkWidget *
build_tape (AtKioskWindow *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Do you know your tape measurements?")));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Chest, waist or hips. If not, we will estimate them.")));
  GtkWidget *row = row_box ();
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Yes, enter them"), "kiosk.tape", g_variant_new_boolean (TRUE), FALSE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("No, estimate them"), "kiosk.tape", g_variant_new_boolean (FALSE), TRUE));
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

/* The size systems of the garment charts: letters for tops and trousers,
 * EU numbers for dresses and skirts (cut for the female body only). */
static const char *const letter_sizes[] = { "XS", "S", "M", "L", "XL", "XXL" };
static const char *const eu_sizes[] = { "34", "36", "38", "40", "42", "44", "46", "48" };

static GtkWidget *
size_row (const char *title, const char *system, const char *const *names, gsize n, const char *chosen)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "kiosk-text");
  gtk_box_append (GTK_BOX (box), label);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  for (gsize i = 0; i < n; i++)
    {
      GtkWidget *b = gtk_button_new_with_label (names[i]);
      gtk_widget_add_css_class (b, "kiosk-key");
      if (g_str_equal (chosen, names[i]))
        gtk_widget_add_css_class (b, "suggested-action");
      g_autofree char *target = g_strdup_printf ("%s:%s", system, names[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "kiosk.known");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), g_variant_new_string (target));
      /* TRANSLATORS: screen reader label: "Tops and trousers: size M" */
      g_autofree char *a11y = g_strdup_printf (_("%s: size %s"), title, names[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_STATE_PRESSED,
                                   g_str_equal (chosen, names[i]) ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                  : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
      gtk_box_append (GTK_BOX (row), b);
    }
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

static GtkWidget *
build_sizes (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Which sizes do you usually wear?")));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_("You can skip this. When two sizes fit your measurements "
                                                  "almost equally, we pick the one you usually wear.")));
  gtk_box_append (GTK_BOX (box), size_row (_("Tops and trousers"), "letter", letter_sizes,
                                           G_N_ELEMENTS (letter_sizes), s->known_letter));
  if (!s->have_sex || s->sex == AT_SEX_FEMALE)
    gtk_box_append (GTK_BOX (box), size_row (_("Dresses and skirts (EU sizes)"), "eu", eu_sizes,
                                             G_N_ELEMENTS (eu_sizes), s->known_eu));
  GtkWidget *row = row_box ();
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Skip"), "kiosk.skip", NULL, FALSE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Next"), "kiosk.next", NULL, TRUE));
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

static GtkWidget *
build_fit (AtKioskWindow *self)
{
  static const struct {
    const char *id, *label, *hint;
  } prefs[] = {
    { "close", N_("Close"), N_("Follows the body") },
    { "regular", N_("Regular"), N_("Some room to move") },
    { "loose", N_("Loose"), N_("Relaxed and roomy") },
  };
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("How do you like your clothes to fit?")));
  GtkWidget *row = row_box ();
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", _(prefs[i].label), _(prefs[i].hint));
      gtk_box_append (GTK_BOX (row), at_kiosk_big_button (text, "kiosk.fit", g_variant_new_string (prefs[i].id),
                                                          (int) self->session.pref == i));
    }
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

static GtkWidget *
side_panel (void)
{
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_size_request (side, 420, -1);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (side, "kiosk-side");
  return side;
}

static GtkWidget *
with_view (AtKioskWindow *self, GtkWidget *side)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_widget_set_vexpand (row, TRUE);
  gtk_box_append (GTK_BOX (row), at_kiosk_take_view (self));
  gtk_box_append (GTK_BOX (row), side);
  return row;
}

static char *
format_value (AtKioskWindow *self, AtMeasureKey key, double value)
{
  return g_strdup_printf ("%.0f %s", round (to_display (self, key, value)), unit_label (self, key));
}

static GtkWidget *
build_body (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  if (self->building)
    {
      GtkWidget *box = page_box ();
      GtkWidget *spinner = gtk_spinner_new ();
      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_set_size_request (spinner, 96, 96);
      gtk_box_append (GTK_BOX (box), spinner);
      gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Making your body…")));
      return box;
    }
  if (!s->have_body)
    {
      GtkWidget *box = page_box ();
      gtk_box_append (GTK_BOX (box), at_kiosk_title (_("These numbers don't quite fit together")));
      gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Please check your height, weight and measurements.")));
      gtk_box_append (GTK_BOX (box), at_kiosk_big_button (_("Check my answers"), "kiosk.go",
                                                          g_variant_new_string ("height"), TRUE));
      return box;
    }
  GtkWidget *side = side_panel ();
  gtk_box_append (GTK_BOX (side), at_kiosk_title (_("This is you")));
  g_autofree char *h = format_value (self, AT_M_STATURE, s->complete.value[AT_M_STATURE]);
  g_autofree char *w = format_value (self, AT_M_WEIGHT, s->complete.value[AT_M_WEIGHT]);
  g_autofree char *summary = g_strdup_printf (_("Height %s, weight %s. Drag to turn your body, pinch to zoom."), h, w);
  gtk_box_append (GTK_BOX (side), at_kiosk_text (summary));
  gtk_box_append (GTK_BOX (side), at_kiosk_big_button (_("Show me clothes"), "kiosk.next", NULL, TRUE));
  at_kiosk_show_body (self);
  return with_view (self, side);
}

static gboolean
advise_item (AtKioskWindow *self, int index, AtGarmentDef *def, AtKioskAdvice *advice)
{
  const AtStyleItem *item = at_style_catalog_item (self->catalog, index);
  AtError err = { 0 };
  if (at_garment_load (item->garment, def, &err) != AT_OK)
    return FALSE;
  const char *known[3] = { NULL };
  int n = 0;
  if (self->session.known_letter[0])
    known[n++] = self->session.known_letter;
  if (self->session.known_eu[0])
    known[n++] = self->session.known_eu;
  at_kiosk_advise (def, &self->session.complete, self->session.pref, known, advice);
  return advice->best >= 0;
}

static GtkWidget *
garment_card (AtKioskWindow *self, int index)
{
  const AtStyleItem *item = at_style_catalog_item (self->catalog, index);
  AtGarmentDef *def = g_new (AtGarmentDef, 1);
  AtKioskAdvice *advice = g_new (AtKioskAdvice, 1);
  GtkWidget *card = NULL;
  if (advise_item (self, index, def, advice))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      g_autofree char *title = at_kiosk_item_title (item);
      GtkWidget *t = gtk_label_new (title);
      gtk_label_set_wrap (GTK_LABEL (t), TRUE);
      gtk_widget_add_css_class (t, "kiosk-card-title");
      gtk_box_append (GTK_BOX (box), t);
      GtkWidget *fabric = gtk_label_new (at_kiosk_attribute_word (item->fabric));
      gtk_widget_add_css_class (fabric, "dim-label");
      gtk_box_append (GTK_BOX (box), fabric);
      g_autofree char *size = g_strdup_printf (_("Your size: %s"), def->sizes[advice->best].name);
      GtkWidget *sz = gtk_label_new (size);
      gtk_widget_add_css_class (sz, "kiosk-card-size");
      gtk_box_append (GTK_BOX (box), sz);
      card = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (card), box);
      gtk_widget_add_css_class (card, "kiosk-card");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (card), "kiosk.try");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (card), g_variant_new_int32 (index));
      g_autofree char *a11y = g_strdup_printf ("%s, %s", title, size);
      gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
    }
  g_free (def);
  g_free (advice);
  return card;
}

static GtkWidget *
build_picks (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_add_css_class (box, "kiosk-page");
  gtk_widget_set_vexpand (box, TRUE);
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Picked for you")));
  if (self->catalog && self->style && s->n_picks == 0)
    s->n_picks = at_kiosk_pick_items (self->style, self->catalog, s->sex, KIOSK_MAX_PICKS, s->picks);
  GtkWidget *flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 18);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 18);
  int shown = 0;
  for (gsize i = 0; i < s->n_picks; i++)
    {
      GtkWidget *card = garment_card (self, s->picks[i]);
      if (card)
        {
          gtk_flow_box_append (GTK_FLOW_BOX (flow), card);
          shown++;
        }
    }
  if (shown == 0)
    gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Please ask a member of staff to show you our garments.")));
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), flow);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (box), scroll);
  return box;
}

/* At most this many regions are described: the ones that do not feel
 * right first, so the side panel fits an 800-pixel screen in large text. */
#define TRY_ON_MAX_REGIONS 3
/* Side panel text wraps at this many characters: the 3D view keeps the
 * larger part of the screen. */
#define SIDE_CHARS 30

static GtkWidget *
side_text (const char *text, const char *css_class)
{
  GtkWidget *l = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (l), SIDE_CHARS);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, css_class);
  return l;
}

static void
append_feel_words (GtkWidget *side, const AtKioskSizeFit *fit)
{
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (side), list);
  int shown = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int r = 0; r < fit->n_regions && shown < TRY_ON_MAX_REGIONS; r++)
      {
        gboolean right = fit->regions[r].feel == AT_KIOSK_FEEL_RIGHT;
        if (right != (pass == 1))
          continue;
        g_autofree char *words = at_kiosk_feel_words (&fit->regions[r]);
        gtk_box_append (GTK_BOX (list), side_text (words, "kiosk-feel"));
        shown++;
      }
}

/* A progress bar rather than a spinner: it redraws only when the drape
 * moves on (a few times a second), where a spinner's animation repaints the
 * window every frame, taking the CPU the drape needs on a machine without
 * a GPU. */
static GtkWidget *
drape_progress (AtKioskWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  const char *text = _("Putting it on your body… this takes a few seconds.");
  gtk_box_append (GTK_BOX (box), side_text (text, "kiosk-text"));
  GtkWidget *bar = gtk_progress_bar_new ();
  gtk_widget_add_css_class (bar, "kiosk-progress");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  self->drape_progress = GTK_PROGRESS_BAR (bar);
  gtk_box_append (GTK_BOX (box), bar);
  return box;
}

static GtkWidget *
build_try_on (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  const AtStyleItem *item = at_style_catalog_item (self->catalog, s->chosen);
  GtkWidget *side = side_panel ();
  gtk_box_set_spacing (GTK_BOX (side), 14);
  g_autofree char *title = at_kiosk_item_title (item);
  GtkWidget *title_label = side_text (title, "kiosk-garment-title");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title_label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (GTK_BOX (side), title_label);
  g_autofree char *size = s->shown_size == s->advice.best
                            ? g_strdup_printf (_("Size %s: the one we recommend"), s->garment.sizes[s->shown_size].name)
                            : g_strdup_printf (_("Size %s"), s->garment.sizes[s->shown_size].name);
  gtk_box_append (GTK_BOX (side), side_text (size, "kiosk-size"));
  g_autofree char *known = at_kiosk_known_size_words (self);
  if (known)
    gtk_box_append (GTK_BOX (side), side_text (known, "kiosk-note"));
  if (s->have_drape)
    {
      append_feel_words (side, &s->measured);
      gtk_box_append (GTK_BOX (side), side_text (_("On the garment: red presses, yellow touches, blue hangs loose."),
                                                 "kiosk-note"));
      at_kiosk_show_drape (self);
    }
  else if (s->drape_failed)
    {
      append_feel_words (side, &s->advice.sizes[s->shown_size]);
      gtk_box_append (GTK_BOX (side), side_text (_("Colours on your body: blue is roomy, yellow just right, red "
                                                   "tight. Based on our size chart."), "kiosk-note"));
      at_kiosk_show_fit_map (self);
    }
  else
    {
      gtk_box_append (GTK_BOX (side), drape_progress (self));
      at_kiosk_show_body (self);
    }
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  int other = s->shown_size == s->advice.best ? s->advice.alternative : s->advice.best;
  if (other >= 0)
    {
      g_autofree char *label = g_strdup_printf (_("Show size %s"), s->garment.sizes[other].name);
      gtk_box_append (GTK_BOX (buttons), at_kiosk_big_button (label, "kiosk.size", g_variant_new_int32 (other), FALSE));
    }
  gtk_box_append (GTK_BOX (buttons), at_kiosk_big_button (_("Find it in store"), "kiosk.next", NULL, TRUE));
  gtk_box_append (GTK_BOX (side), buttons);
  return with_view (self, side);
}

static GtkWidget *
build_store (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  const AtStyleItem *item = at_style_catalog_item (self->catalog, s->chosen);
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Ask a member of staff")));
  g_autofree char *title = at_kiosk_item_title (item);
  g_autofree char *text = g_strdup_printf (_("Show them this screen: %s in size %s."), title,
                                           s->garment.sizes[s->shown_size].name);
  gtk_box_append (GTK_BOX (box), at_kiosk_text (text));
  GtkWidget *code = gtk_label_new (item->id);
  gtk_label_set_wrap (GTK_LABEL (code), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (code), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (code, "kiosk-item-code");
  gtk_label_set_selectable (GTK_LABEL (code), FALSE);
  gtk_box_append (GTK_BOX (box), code);
  GtkWidget *row = row_box ();
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Remember me for next time"), "kiosk.next", NULL, FALSE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Done"), "kiosk.start-over", NULL, TRUE));
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

static GtkWidget *
build_consent (AtKioskWindow *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("May we remember you?")));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_("We would keep your measurements, this garment and its size, under "
                                                  "a customer number. No name and no photos. Staff can delete it "
                                                  "at any time if you ask.")));
  GtkWidget *row = row_box ();
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("No, thank you"), "kiosk.consent", g_variant_new_boolean (FALSE), FALSE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Yes, remember me"), "kiosk.consent", g_variant_new_boolean (TRUE), TRUE));
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

static GtkWidget *
build_saved (AtKioskWindow *self)
{
  GtkWidget *box = page_box ();
  if (self->session.customer_number[0])
    {
      gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Your customer number")));
      GtkWidget *code = gtk_label_new (self->session.customer_number);
      gtk_widget_add_css_class (code, "kiosk-code");
      gtk_box_append (GTK_BOX (box), code);
      gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Give this number to staff, now or next time.")));
    }
  else
    {
      gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Sorry, we could not save this")));
      gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Nothing was kept. Please ask a member of staff.")));
    }
  gtk_box_append (GTK_BOX (box), at_kiosk_big_button (_("Done"), "kiosk.start-over", NULL, TRUE));
  return box;
}

static GtkWidget *
build_staff (AtKioskWindow *self)
{
  GtkWidget *box = question_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Staff only")));
  gtk_box_append (GTK_BOX (box), at_kiosk_text (_("Enter the staff PIN.")));
  GtkWidget *entry = gtk_label_new (NULL);
  gtk_widget_add_css_class (entry, "kiosk-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Staff PIN"), -1);
  self->entry_label = GTK_LABEL (entry);
  update_entry_label (self, "");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label (self));
  gtk_box_append (GTK_BOX (box), at_kiosk_big_button (_("Unlock"), "kiosk.pin-enter", NULL, TRUE));
  return question_with_keypad (box, FALSE);
}

static GtkWidget *
build_staff_menu (AtKioskWindow *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), at_kiosk_title (_("Staff")));
  GtkWidget *row = row_box ();
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Leave the kiosk"), "kiosk.leave", NULL, FALSE));
  gtk_box_append (GTK_BOX (row), at_kiosk_big_button (_("Back to the kiosk"), "kiosk.start-over", NULL, TRUE));
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

GtkWidget *
at_kiosk_build_page (AtKioskWindow *self, KioskPage page)
{
  const NumberQuestion *q = question_for (page);
  if (q)
    return build_number (self, q);
  switch (page)
    {
    case PAGE_SEX: return build_sex (self);
    case PAGE_SIZES: return build_sizes (self);
    case PAGE_TAPE: return build_tape (self);
    case PAGE_FIT: return build_fit (self);
    case PAGE_BODY: return build_body (self);
    case PAGE_PICKS: return build_picks (self);
    case PAGE_TRY_ON: return build_try_on (self);
    case PAGE_STORE: return build_store (self);
    case PAGE_CONSENT: return build_consent (self);
    case PAGE_SAVED: return build_saved (self);
    case PAGE_STAFF: return build_staff (self);
    case PAGE_STAFF_MENU: return build_staff_menu (self);
    case PAGE_WELCOME:
    default: return build_welcome (self);
    }
}

/* ---- actions ---- */

static void
set_error (AtKioskWindow *self, const char *text)
{
  if (self->error_label)
    gtk_label_set_text (self->error_label, text);
}

static void
go_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  at_kiosk_go (AT_KIOSK_WINDOW (widget), page_from_name (g_variant_get_string (param, NULL)));
}

static void
key_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  const char *key = g_variant_get_string (param, NULL);
  gsize max = self->page == PAGE_STAFF ? 12 : ENTRY_MAX_CHARS;
  if (g_str_equal (key, "del"))
    {
      if (self->entry->len)
        g_string_truncate (self->entry, self->entry->len - 1);
    }
  else if (self->entry->len < max && !(g_str_equal (key, ".") && strchr (self->entry->str, '.')))
    g_string_append (self->entry, key);
  set_error (self, "");
  const NumberQuestion *q = question_for (self->page);
  update_entry_label (self, q ? unit_label (self, q->key) : "");
}

static void
next_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  const NumberQuestion *q = question_for (self->page);
  if (q)
    {
      double shown = g_ascii_strtod (self->entry->str, NULL);
      double value = from_display (self, q->key, shown);
      if (!(value >= q->min && value <= q->max))
        {
          char lo[16], hi[16];
          g_snprintf (lo, sizeof lo, "%.0f", ceil (to_display (self, q->key, q->min)));
          g_snprintf (hi, sizeof hi, "%.0f", floor (to_display (self, q->key, q->max)));
          /* TRANSLATORS: "Please enter a number from 47 to 86 in." */
          g_autofree char *text = g_strdup_printf (_("Please enter a number from %s to %s %s."), lo, hi,
                                                   unit_label (self, q->key));
          set_error (self, text);
          return;
        }
      self->session.value[q->key] = value;
    }
  if (self->page == PAGE_STORE && !self->catalog)
    return;
  at_kiosk_go (self, at_kiosk_next_page (self, self->page));
}

static void
skip_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  const NumberQuestion *q = question_for (self->page);
  if (q && q->optional)
    {
      self->session.value[q->key] = 0;
      at_kiosk_go (self, at_kiosk_next_page (self, self->page));
    }
  else if (self->page == PAGE_SIZES)
    {
      self->session.known_letter[0] = self->session.known_eu[0] = '\0';
      at_kiosk_go (self, PAGE_TAPE);
    }
}

static gboolean
is_size_of (const char *name, const char *const *names, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (names[i], name))
      return TRUE;
  return FALSE;
}

static void
known_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  /* "letter:M" or "eu:38"; tapping the chosen size again unchooses it. */
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  const char *target = g_variant_get_string (param, NULL);
  char *field = NULL;
  const char *size = NULL;
  if (g_str_has_prefix (target, "letter:") && is_size_of (target + 7, letter_sizes, G_N_ELEMENTS (letter_sizes)))
    field = self->session.known_letter, size = target + 7;
  else if (g_str_has_prefix (target, "eu:") && is_size_of (target + 3, eu_sizes, G_N_ELEMENTS (eu_sizes)))
    field = self->session.known_eu, size = target + 3;
  if (!field || self->page != PAGE_SIZES)
    return;
  if (g_str_equal (field, size))
    field[0] = '\0';
  else
    g_strlcpy (field, size, KIOSK_SIZE_NAME);
  at_kiosk_go (self, PAGE_SIZES);
}

static void
sex_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  AtSex sex;
  if (!at_sex_from_name (g_variant_get_string (param, NULL), &sex))
    return;
  if (self->session.have_sex && self->session.sex != sex)
    self->session.n_picks = 0; /* other garments suit the other body */
  self->session.sex = sex;
  self->session.have_sex = TRUE;
  at_kiosk_go (self, PAGE_HEIGHT);
}

static void
tape_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  if (!g_variant_get_boolean (param))
    {
      self->session.value[AT_M_CHEST_GIRTH] = 0;
      self->session.value[AT_M_WAIST_GIRTH] = 0;
      self->session.value[AT_M_HIP_GIRTH] = 0;
    }
  at_kiosk_go (self, g_variant_get_boolean (param) ? PAGE_CHEST : PAGE_FIT);
}

static void
fit_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);
  self->session.pref = g_str_equal (id, "close") ? AT_KIOSK_FIT_CLOSE
                       : g_str_equal (id, "loose") ? AT_KIOSK_FIT_LOOSE
                                                   : AT_KIOSK_FIT_REGULAR;
  at_kiosk_start_build (self);
  at_kiosk_go (self, PAGE_BODY);
}

static void
try_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  int index = g_variant_get_int32 (param);
  if (!self->catalog || index < 0 || (gsize) index >= at_style_catalog_size (self->catalog) || !self->session.have_body)
    return;
  if (!advise_item (self, index, &self->session.garment, &self->session.advice))
    {
      at_kiosk_fail (self, "advising a size", AT_ERR_INVALID);
      return;
    }
  self->session.chosen = index;
  self->session.shown_size = self->session.advice.best;
  at_kiosk_start_drape (self);
  at_kiosk_go (self, PAGE_TRY_ON);
}

static void
size_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  int size = g_variant_get_int32 (param);
  if (self->page != PAGE_TRY_ON || size < 0 || size >= self->session.garment.size_count)
    return;
  self->session.shown_size = size;
  at_kiosk_start_drape (self);
  at_kiosk_go (self, PAGE_TRY_ON);
}

static void
consent_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  if (!g_variant_get_boolean (param))
    {
      at_kiosk_wipe (self);
      return;
    }
  at_kiosk_save_customer (self);
  at_kiosk_go (self, PAGE_SAVED);
}

static void
pin_enter_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  if (self->page != PAGE_STAFF)
    return;
  gboolean ok = at_kiosk_check_pin (self, self->entry->str);
  g_string_truncate (self->entry, 0);
  if (ok)
    {
      at_kiosk_go (self, PAGE_STAFF_MENU);
      return;
    }
  update_entry_label (self, "");
  g_autofree char *stored = self->settings ? g_settings_get_string (self->settings, "kiosk-pin-hash") : NULL;
  if (!stored || !*stored)
    set_error (self, _("No staff PIN is set. Set one in the studio's Preferences."));
  else
    set_error (self, _("That PIN is not right. After five tries, wait half a minute."));
}

static void
leave_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  AtKioskWindow *self = AT_KIOSK_WINDOW (widget);
  if (self->unlocked && self->page == PAGE_STAFF_MENU)
    gtk_window_destroy (GTK_WINDOW (self));
}

void
at_kiosk_pages_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "kiosk.go", "s", go_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.key", "s", key_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.skip", NULL, skip_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.sex", "s", sex_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.tape", "b", tape_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.known", "s", known_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.fit", "s", fit_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.try", "i", try_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.size", "i", size_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.consent", "b", consent_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.pin-enter", NULL, pin_enter_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.leave", NULL, leave_activated);
}
