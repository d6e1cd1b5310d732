/* The inspector's Fit page, the heart of a fitting: the customer, the
 * recommended size and runner-up for the current garment with the ease and
 * verdict of each region (measured or estimated girths marked), the fit
 * preference, the customer's feedback (overall or per region; it refines
 * the advice through the latent-size model), saving the fitting to their record
 * and a printable summary, and their history. */
#pragma once
#include <gtk/gtk.h>
#include "at-window.h"
#include "store/at_store.h"

G_BEGIN_DECLS

#define AT_TYPE_FIT_PANEL (at_fit_panel_get_type ())
G_DECLARE_FINAL_TYPE (AtFitPanel, at_fit_panel, AT, FIT_PANEL, GtkWidget)

AtFitPanel *at_fit_panel_new (AtWindow *window, AtStore *store);
/* Makes the customer current: their latest measurements become the body,
 * and the feedback in the store refines the advice (the Fit page says when
 * it moved the size). NULL: no customer (e.g. after their records were
 * deleted). */
void at_fit_panel_set_customer (AtFitPanel *self, const AtCustomer *customer);
/* Recomputes the recommendation (body or garment changed). */
void at_fit_panel_refresh (AtFitPanel *self);
/* The size the fit page recommends now, or NULL. */
const char *at_fit_panel_get_recommended_size (AtFitPanel *self);
/* The line saying how the customer's feedback moved the advice, or NULL
 * when it did not. */
const char *at_fit_panel_get_feedback_note (AtFitPanel *self);

G_END_DECLS
