/* Shared by the kiosk window (frame, idle, language, staff gate) and its
 * pages (the customer's flow). */
#pragma once
#include "at-kiosk-advice.h"
#include "at-kiosk-window.h"
#include "at-view3d.h"
#include "body/at_body.h"

typedef enum {
  PAGE_WELCOME, PAGE_SEX, PAGE_HEIGHT, PAGE_WEIGHT, PAGE_AGE, PAGE_SIZES, PAGE_TAPE, PAGE_CHEST, PAGE_WAIST, PAGE_HIP,
  PAGE_FIT, PAGE_BODY, PAGE_PICKS, PAGE_TRY_ON, PAGE_STORE, PAGE_CONSENT, PAGE_SAVED, PAGE_STAFF,
  PAGE_STAFF_MENU, PAGE_COUNT
} KioskPage;

#define KIOSK_MAX_PICKS 6
#define KIOSK_SIZE_NAME 8

/* Everything known about the customer on screen; wiped to zeros. */
typedef struct {
  gboolean have_sex;
  AtSex sex;
  double value[AT_M_COUNT]; /* typed answers in cm / kg / years, 0 = not given */
  AtKioskFitPref pref;
  char known_letter[KIOSK_SIZE_NAME]; /* sizes usually worn: "M", "" = not given */
  char known_eu[KIOSK_SIZE_NAME];     /* "38" */
  AtMeasurements complete;  /* behind the body shown */
  gboolean have_body;
  int picks[KIOSK_MAX_PICKS];
  gsize n_picks;
  int chosen;               /* catalogue index tried on, -1 none */
  AtGarmentDef garment;
  AtKioskAdvice advice;
  int shown_size;           /* chart index on the body */
  gboolean have_drape;      /* the garment in shown_size is draped: measured holds its fit */
  gboolean drape_failed;    /* it could not be draped: the chart's estimate is shown */
  AtKioskSizeFit measured;
  char customer_number[16];
} KioskSession;

struct _AtKioskWindow {
  GtkWindow parent_instance;

  /* template children */
  GtkButton *back_button;
  GtkButton *start_over_button;
  GtkToggleButton *large_text_button;
  GtkToggleButton *metric_button;
  GtkToggleButton *imperial_button;
  GtkBox *content;
  GtkRevealer *idle_revealer;
  GtkLabel *countdown_label;
  GtkButton *still_here_button;

  /* owned */
  GSettings *settings;
  AtView3d *view;           /* kept across pages: one GL context for the life of the kiosk */
  AtStyleCatalog *catalog;
  AtStyleModel *style;
  AtBody *body;
  GCancellable *build_cancellable;
  GTask *drape_task;        /* the try-on drape running, NULL none */
  GCancellable *drape_cancellable;
  guint drape_poll;         /* updates drape_progress while it runs */
  AtMesh *drape_mesh;       /* the garment at rest in session.shown_size */
  AtFitReport drape_report;
  gboolean has_drape_report;
  GArray *history;          /* KioskPage */
  GString *entry;           /* the number being typed, in display units */
  KioskSession session;
  KioskPage page;
  GtkLabel *entry_label;    /* borrowed from the current page */
  GtkLabel *error_label;
  GtkProgressBar *drape_progress; /* borrowed from the try-on page */
  char *language;
  gboolean imperial;
  gboolean large_text;
  gboolean fullscreen_requested;
  gboolean unlocked;        /* staff PIN accepted: closing is allowed */
  gboolean building;
  guint generation;         /* bumps on every wipe: late results are dropped */
  int pin_failures;
  gint64 pin_locked_until;
  gint64 last_activity;
  guint idle_source;
  guint idle_seconds;
};

/* Pages (at-kiosk-pages.c). */
void at_kiosk_pages_class_init (GtkWidgetClass *widget_class);
GtkWidget *at_kiosk_build_page (AtKioskWindow *self, KioskPage page);
const char *at_kiosk_page_name (KioskPage page);
/* Sets the units, converting the number being typed. */
void at_kiosk_switch_units (AtKioskWindow *self, gboolean imperial);
/* The page after this one in the customer's flow. */
KioskPage at_kiosk_next_page (AtKioskWindow *self, KioskPage page);

/* Window services for the pages (at-kiosk-window.c). */
void at_kiosk_go (AtKioskWindow *self, KioskPage page);
void at_kiosk_wipe (AtKioskWindow *self);
void at_kiosk_fail (AtKioskWindow *self, const char *what, int code);
void at_kiosk_show_body (AtKioskWindow *self);
AtMaterial at_kiosk_skin_material (void);
GtkWidget *at_kiosk_take_view (AtKioskWindow *self);
void at_kiosk_start_build (AtKioskWindow *self);
gboolean at_kiosk_save_customer (AtKioskWindow *self);
gboolean at_kiosk_check_pin (AtKioskWindow *self, const char *pin);
/* Drapes the chosen garment in session.shown_size (cancelling any drape
 * running); the try-on page shows progress, then the result. */
void at_kiosk_start_drape (AtKioskWindow *self);
/* Stops a running drape and forgets its result. */
void at_kiosk_cancel_drape (AtKioskWindow *self);

/* Words and the fit map (at-kiosk-garments.c). */
const char *at_kiosk_attribute_word (const char *value);
char *at_kiosk_item_title (const AtStyleItem *item);
char *at_kiosk_feel_words (const AtKioskRegionFit *fit);
void at_kiosk_show_fit_map (AtKioskWindow *self);
/* The draped garment on the body, coloured by how it sits (presses, touches,
 * hangs loose), with the legend. */
void at_kiosk_show_drape (AtKioskWindow *self);
/* What the usual size told the advice, in words, or NULL when none given. */
char *at_kiosk_known_size_words (const AtKioskWindow *self);

/* Small widget helpers shared by the pages. */
GtkWidget *at_kiosk_big_button (const char *label, const char *action, GVariant *target, gboolean primary);
GtkWidget *at_kiosk_title (const char *text);
GtkWidget *at_kiosk_text (const char *text);
