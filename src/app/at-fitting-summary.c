#include "at-fitting-summary.h"
#include "at_file.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#define A4_W 595.28
#define A4_H 841.89
#define MARGIN 56.0

typedef struct {
  const AtCustomer *customer;
  const AtGarmentDef *garment;
  const AtSizeAdvice *advice;
  const AtMeasurements *body;
} Summary;

static double
text (cairo_t *cr, double x, double y, double width, const char *markup)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  pango_font_description_free (font);
  g_object_unref (layout);
  return y + (double) h / PANGO_SCALE;
}

static AtStatus
draw_summary (const char *tmp_path, void *user_data, AtError *err)
{
  const Summary *s = user_data;
  cairo_surface_t *surface = cairo_pdf_surface_create (tmp_path, A4_W, A4_H);
  cairo_t *cr = cairo_create (surface);
  double width = A4_W - 2 * MARGIN, y = MARGIN;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *title = g_markup_printf_escaped ("<span size='xx-large' weight='bold'>%s</span>\n%s · %s",
                                                    _("Fitting summary"), date,
                                                    s->customer ? s->customer->number : _("walk-in customer"));
  y = text (cr, MARGIN, y, width, title) + 16;
  g_autofree char *garment = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s — %s %s</span>\n%s",
                                                      s->garment->name, _("size"), s->advice->best.size,
                                                      s->advice->advice);
  y = text (cr, MARGIN, y, width, garment) + 12;

  GString *table = g_string_new (NULL);
  g_string_append_printf (table, "<b>%s</b>\n", _("Fit by region"));
  for (int i = 0; i < s->advice->best.region_count; i++)
    {
      const AtRegionFit *r = &s->advice->best.regions[i];
      g_autofree char *row = g_markup_printf_escaped ("%s: %+.1f cm %s (%s)%s\n", r->region, r->ease_cm, _("ease"),
                                                      at_fit_verdict_name (r->verdict),
                                                      r->measured ? "" : _(", girth estimated"));
      g_string_append (table, row);
    }
  y = text (cr, MARGIN, y, width, table->str) + 12;
  g_string_free (table, TRUE);

  GString *measures = g_string_new (NULL);
  g_string_append_printf (measures, "<b>%s</b>\n", _("Measurements (cm, kg)"));
  for (int k = 0; k < AT_M_COUNT; k++)
    if (s->body->value[k] > 0)
      g_string_append_printf (measures, "%s %.1f%s    ", at_measure_info ((AtMeasureKey) k)->key, s->body->value[k],
                              s->body->given[k] ? "" : "*");
  g_string_append_printf (measures, "\n<i>%s</i>", _("* estimated from the measurements taken"));
  text (cr, MARGIN, y, width, measures->str);
  g_string_free (measures, TRUE);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return at_error_set (err, AT_ERR_IO, "%s: %s", tmp_path, cairo_status_to_string (status));
  return AT_OK;
}

gboolean
at_fitting_summary_write_pdf (const char *path, const AtCustomer *customer, const AtGarmentDef *garment,
                              const AtSizeAdvice *advice, const AtMeasurements *body, GError **error)
{
  Summary summary = { customer, garment, advice, body };
  AtError err = { 0 };
  if (at_file_write_via (path, draw_summary, &summary, &err) != AT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", err.message);
      return FALSE;
    }
  return TRUE;
}
